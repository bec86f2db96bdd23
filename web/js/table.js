// Table view: the mapped indicator as an accessible, sortable table — the alternative to the map.
import { escapeHtml, formatInt, formatValue, setPlural } from './format.js';
import { isRegionSet } from './geography.js';

export class TableView {
  constructor(el, app) {
    this.el = el;
    this.app = app;
    this.sort = { key: 'rank', dir: 1 };
    this.token = 0;
    el.addEventListener('click', (e) => {
      const th = e.target.closest('button[data-sort]');
      if (th) {
        const key = th.dataset.sort;
        this.sort = { key, dir: this.sort.key === key ? -this.sort.dir : 1 };
        this.renderRows();
        this.el.querySelector(`button[data-sort="${key}"]`)?.focus();
        return;
      }
      const sel = e.target.closest('button[data-code]');
      if (sel) app.selectArea({ set: sel.dataset.set, code: sel.dataset.code }, { fly: true, focus: true });
    });
  }

  async refresh() {
    if (this.el.hidden) return;
    const token = ++this.token;
    const app = this.app;
    const cur = app.current;
    if (!cur) return;
    this.el.innerHTML = '<p class="loading">Loading the table…</p>';
    const names = cur.aggregated ? new Map() : await app.data.namesFor(cur.set);
    if (token !== this.token) return;
    const boroughOf = names.boroughs || new Map();
    let rows = [...cur.byCode.entries()].map(([code, r]) => ({
      code, name: r.name || names.get(code) || code, v: r.v, rank: cur.rank.get(code), nr: r.r, d: r.d, f: r.f,
      la: boroughOf.get(code) || '',
    }));
    if (app.state.la && !isRegionSet(cur.set) && !cur.aggregated) rows = rows.filter((r) => r.la === app.state.la || r.code === app.state.la);
    this.rows = rows;
    const meta = cur.meta;
    const scope = app.state.la ? ` in ${app.boroughName(app.state.la)}` : '';
    this.el.innerHTML = `
      <div class="table-head">
        <h2 id="table-title">${escapeHtml(meta.title)}: ${formatInt(rows.length)} ${escapeHtml(setPlural[cur.set] || cur.set)}${escapeHtml(scope)}</h2>
        <p class="note">${escapeHtml(cur.period || meta.period || '')}. Regional rank 1 = ${meta.polarity === 'neutral' ? 'highest value' : 'worst'}. Select a name to open its profile.</p>
      </div>
      <div class="table-scroll tall"><table class="data-table" aria-labelledby="table-title">
        <thead><tr>
          ${this.header('rank', 'Rank')}${this.header('name', 'Area')}${this.header('code', 'Code')}${this.header('v', 'Value')}
          ${cur.kind === 'composite' ? '' : this.header('d', 'National decile')}
        </tr></thead>
        <tbody></tbody>
      </table></div>`;
    this.renderRows();
  }

  header(key, label) {
    const active = this.sort.key === key;
    const aria = active ? ` aria-sort="${this.sort.dir > 0 ? 'ascending' : 'descending'}"` : '';
    return `<th scope="col"${aria}><button type="button" class="sort" data-sort="${key}">${label}<span aria-hidden="true">${active ? (this.sort.dir > 0 ? ' ▲' : ' ▼') : ''}</span></button></th>`;
  }

  renderRows() {
    const tbody = this.el.querySelector('tbody');
    if (!tbody || !this.rows) return;
    const { key, dir } = this.sort;
    const cur = this.app.current;
    const cmp = (a, b) => {
      const x = a[key];
      const y = b[key];
      if (x === undefined || x === null) return 1;
      if (y === undefined || y === null) return -1;
      return (typeof x === 'string' ? x.localeCompare(y) : x - y) * dir;
    };
    const rows = this.rows.slice().sort(cmp);
    tbody.innerHTML = rows.map((r) => `<tr>
      <td class="num">${r.rank ? formatInt(r.rank) : '—'}</td>
      <th scope="row"><button type="button" class="link-button" data-set="${cur.set}" data-code="${escapeHtml(r.code)}">${escapeHtml(r.name)}</button></th>
      <td><code>${escapeHtml(r.code)}</code></td>
      <td class="num">${escapeHtml(formatValue(r.v, cur.meta))}${r.f ? ` <span class="flag">${escapeHtml(r.f.replace(/_/g, ' '))}</span>` : ''}</td>
      ${cur.kind === 'composite' ? '' : `<td class="num">${r.d ?? '—'}</td>`}
    </tr>`).join('');
    for (const th of this.el.querySelectorAll('th[scope=col]')) {
      const b = th.querySelector('button');
      const active = b.dataset.sort === key;
      if (active) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
      b.querySelector('span').textContent = active ? (dir > 0 ? ' ▲' : ' ▼') : '';
    }
  }
}
