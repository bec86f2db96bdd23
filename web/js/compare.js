// Compare 2–4 chosen areas (or catchments: /api/catchments/{id}/profile) side by side for every indicator of their geography, each judged
// against the region as the profile route does (95 % CI, Fingertips rule), with a spine chart per
// indicator: the region's range, middle half and median, and a marker per area. Built from
// /api/areas/{code}/profile (or /api/areas/{code}) and the indicators' values for the quartiles.
import { getJson, optionalJson } from './api.js';
import { quartiles, spineChart, spineMarks } from './charts.js';
import { escapeHtml, formatValue, setPlural } from './format.js';
import { significanceFrom } from './profile.js';

export const MAX_COMPARE = 4;

const judgementWords = { worse: '▲ worse', better: '▼ better', similar: '● similar', higher: '▲ higher', lower: '▼ lower' };

async function profileOf(a) {
  if (a.set === 'catchment') return getJson(`/api/catchments/${encodeURIComponent(a.code)}/profile`);
  const extra = await optionalJson('profile', `/api/areas/${encodeURIComponent(a.code)}/profile`, { set: a.set });
  return extra || getJson(`/api/areas/${encodeURIComponent(a.code)}`, { set: a.set });
}

function markSymbol(i) {
  const { shape, color } = spineMarks[i];
  const glyph = { circle: '●', square: '■', diamond: '◆', triangle: '▲' }[shape];
  return `<span class="mark" style="color:${color}" aria-hidden="true">${glyph}</span>`;
}

export class CompareView {
  constructor(dialog, app) {
    this.dialog = dialog;
    this.app = app;
    dialog.addEventListener('click', (e) => {
      if (e.target.closest('[data-action=close-compare]')) dialog.close();
    });
    dialog.addEventListener('close', () => this.opener?.focus());
  }

  get list() {
    return this.app.state.compare;
  }

  /** Adds an area; a comparison holds one geography, so an area of another starts a new one. */
  add(area) {
    const app = this.app;
    let list = this.list.filter((x) => !(x.set === area.set && x.code === area.code));
    let note = '';
    if (list.length && list[0].set !== area.set) {
      note = `A comparison holds areas of one geography: started a new one for ${setPlural[area.set] || area.set}. `;
      list = [];
    }
    if (list.length >= MAX_COMPARE) {
      note += `At most ${MAX_COMPARE} areas: ${list[0].name} was taken out. `;
      list = list.slice(1);
    }
    app.state.compare = [...list, { set: area.set, code: area.code, name: area.name }];
    app.announce(`${note}${area.name} added to the comparison (${app.state.compare.length} of ${MAX_COMPARE}).`);
    app.updateUrl();
    app.profile.render();
  }

  remove(code) {
    this.app.state.compare = this.list.filter((x) => x.code !== code);
    this.app.updateUrl();
    this.app.profile.render();
  }

  /** The profile's comparison box: the chosen areas, add/remove, and the button that compares. */
  trayHtml(area) {
    const list = this.list;
    const has = list.some((x) => x.set === area.set && x.code === area.code);
    const items = list.map((x, i) => `<li>${markSymbol(i)} ${escapeHtml(x.name || x.code)}
      <button type="button" class="link-button" data-action="compare-remove" data-code="${escapeHtml(x.code)}" aria-label="Take ${escapeHtml(x.name || x.code)} out of the comparison">remove</button></li>`).join('');
    return `<section class="compare-tray" aria-labelledby="compare-title"><h3 id="compare-title">Compare areas</h3>
      ${list.length ? `<ul class="compare-list">${items}</ul>` : '<p class="note">Choose 2 to 4 areas to see every indicator side by side.</p>'}
      <div class="button-row">
        ${has ? '' : `<button type="button" class="button-secondary" data-action="compare-add">Add ${escapeHtml(area.name)} to the comparison</button>`}
        <button type="button" class="button-secondary" data-action="compare-open" ${list.length >= 2 ? '' : 'disabled'}>Compare ${list.length} areas side by side</button>
      </div></section>`;
  }

  async open(opener) {
    this.opener = opener;
    const list = this.list;
    this.dialog.innerHTML = `<div class="dialog-head"><h2 id="compare-h">Comparing ${list.length} areas</h2>
      <button type="button" class="icon-button" data-action="close-compare" aria-label="Close the comparison">✕</button></div>
      <p class="loading">Loading ${list.length} profiles…</p>`;
    if (!this.dialog.open) this.dialog.showModal();
    try {
      const profiles = await Promise.all(list.map(profileOf));
      this.dialog.innerHTML = await this.tableHtml(profiles);
    } catch (err) {
      this.dialog.querySelector('.loading').textContent = `Could not compare: ${err.message}`;
    }
    this.dialog.querySelector('h2')?.focus();
  }

  /** The region's distribution of an indicator (its default period, every area of the set). */
  async statsFor(id) {
    const data = await this.app.data.valuesFor(id);
    const values = [...data.byCode.values()].map((r) => r.v).filter(Number.isFinite).sort((a, b) => a - b);
    return values.length ? { ...quartiles(values), count: values.length, period: data.period } : null;
  }

  async tableHtml(profiles) {
    const ids = [];
    for (const p of profiles) for (const ind of p.indicators || []) if (!ids.some((x) => x.id === ind.id)) ids.push(ind);
    const stats = await Promise.all(ids.map((ind) => (this.app.indicators.has(ind.id) ? this.statsFor(ind.id).catch(() => null) : null)));
    const head = profiles.map((p, i) => `<th scope="col">${markSymbol(i)} ${escapeHtml(p.name)}<span class="sub">${escapeHtml(p.code)}</span></th>`).join('');
    const rows = ids.map((meta, k) => {
      const cells = profiles.map((p) => {
        const ind = (p.indicators || []).find((x) => x.id === meta.id);
        if (!ind) return '<td>—</td>';
        const sig = significanceFrom(ind, 'region');
        const judged = sig.judged && Number.isFinite(ind.value);
        return `<td class="num cmp-${judged ? sig.word : 'not_compared'}" data-judgement="${judged ? sig.word : 'not_compared'}" data-value="${Number.isFinite(ind.value) ? ind.value : ''}">${escapeHtml(formatValue(ind.value, meta))}
          <span class="judgement">${judged ? escapeHtml(judgementWords[sig.word] || sig.word) : 'not compared'}</span></td>`;
      }).join('');
      const values = profiles.map((p) => (p.indicators || []).find((x) => x.id === meta.id)?.value);
      const spine = stats[k] ? spineChart(stats[k], values, meta, { label: `${meta.title}. ` }) : '<span class="note">no regional spread</span>';
      return `<tr data-indicator="${escapeHtml(meta.id)}"><th scope="row">${escapeHtml(meta.title)}</th>${cells}<td class="spine-cell">${spine}</td></tr>`;
    }).join('');
    return `<div class="dialog-head"><h2 id="compare-h" tabindex="-1">Comparing ${profiles.length} ${escapeHtml(setPlural[profiles[0].set] || 'areas')}</h2>
      <button type="button" class="icon-button" data-action="close-compare" aria-label="Close the comparison">✕</button></div>
      <p class="note">Each value is judged against the region (${escapeHtml(this.app.regionName || 'all areas')}) by its 95 % confidence interval (Fingertips rule); indicators without one are not compared.
      Spine: the region's range (light), middle half of its areas (dark) and median (line); worse to the left, better to the right (low to high where neither is better).</p>
      <div class="table-scroll"><table class="compact compare-table" data-testid="compare-table">
        <caption class="visually-hidden">Every indicator for the ${profiles.length} chosen areas, with the comparison against the region and a spine chart</caption>
        <thead><tr><th scope="col">Indicator</th>${head}<th scope="col">Region spread</th></tr></thead>
        <tbody>${rows}</tbody></table></div>`;
  }
}
