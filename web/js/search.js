// Search box: an ARIA 1.2 combobox over /api/search (names and codes of every geography, typos
// forgiven, and postcodes when the deployment has a postcode directory). "/" anywhere focuses
// it; arrow keys move through the list, Enter picks, Escape closes. Area results say which
// boundaries (2011 or 2021) they belong to; no match is said on screen too.
import { getJson } from './api.js';
import { escapeHtml, setLabels } from './format.js';
import { currentSmallArea } from './geography.js';

/** Data published on each LSOA vintage here, so people know which one they want. */
const vintageUse = { lsoa11: ' (IoD 2019)', lsoa21: ' (Census 2021, crime)' };

/**
 * "LSOA, 2011 boundaries" rather than a bare set id, so the two vintages of one code differ at a
 * glance: the server's `vintage` (the year in the set's title) for every set that has one.
 */
export function vintageLabel(r) {
  const noun = setLabels[r.set]?.replace(/\s*\d{4}$/, '') || r.set_noun || r.set;
  if (!r.vintage) return noun;
  return `${noun}, ${r.vintage} boundaries${vintageUse[r.set] || ''}`;
}

/** The second line of an option: what kind of place, its code, its borough or LSOA. */
function optionMeta(r) {
  if (r.kind === 'postcode') {
    const lsoa = r.areas.find((a) => a.set === currentSmallArea()) || r.areas[0];
    return `Postcode${lsoa ? ` · in ${lsoa.name} (${lsoa.code}, ${lsoa.vintage || lsoa.set})` : ''}`;
  }
  if (r.kind === 'postcode_district') return `Postcode district · ${r.postcodes} postcodes`;
  const fuzzy = r.match === 'fuzzy' ? ' · close spelling' : '';
  return `${vintageLabel(r)} · ${r.code}${r.borough && r.borough.code !== r.code ? ` · ${r.borough.name}` : ''}${fuzzy}`;
}

export class SearchBox {
  /**
   * @param {HTMLInputElement} input
   * @param {HTMLUListElement} list
   * @param {(result: object) => void} onPick
   */
  constructor(input, list, status, onPick) {
    this.input = input;
    this.list = list;
    this.status = status;
    this.onPick = onPick;
    this.results = [];
    this.active = -1;
    this.timer = 0;
    this.seq = 0;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    list.setAttribute('role', 'listbox');
    this.empty = document.createElement('p');
    this.empty.className = 'search-empty';
    this.empty.hidden = true;
    this.empty.dataset.testid = 'search-empty';
    list.after(this.empty);
    document.addEventListener('keydown', (e) => {
      const typing = e.target.closest?.('input, textarea, select, [contenteditable="true"]');
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (e) => this.onKey(e));
    input.addEventListener('blur', () => setTimeout(() => {
      if (!this.list.contains(document.activeElement)) this.closeList();
    }, 150));
    list.addEventListener('mousedown', (e) => e.preventDefault());
    list.addEventListener('click', (e) => {
      const li = e.target.closest('li[data-index]');
      if (li) this.pick(Number(li.dataset.index));
    });
  }

  schedule() {
    clearTimeout(this.timer);
    const q = this.input.value.trim();
    if (q.length < 2) {
      this.results = [];
      this.showEmpty('');
      this.renderList();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.search(q);
    }, 160);
  }

  /** Runs the search now; resolves with the results (used by Enter before the debounce fires). */
  async search(q) {
    const seq = ++this.seq;
    try {
      const res = await getJson('/api/search', { q, limit: 12 });
      if (seq !== this.seq) return this.results;
      this.results = res.results || [];
      this.lastQuery = q;
      this.active = this.results.length ? 0 : -1;
      this.renderList();
      this.showEmpty(this.results.length ? '' : `No area matches “${q}”. Try a ward, borough or LSOA name, an area code or a postcode.`);
      this.status.textContent = this.results.length
        ? `${this.results.length} result${this.results.length === 1 ? '' : 's'}; use the up and down arrows and Enter to choose.`
        : `No area matches “${q}”.`;
    } catch (err) {
      if (seq === this.seq) this.status.textContent = `Search failed: ${err.message}`;
    }
    return this.results;
  }

  showEmpty(text) {
    this.empty.textContent = text;
    this.empty.hidden = !text;
  }

  renderList() {
    const open = this.results.length > 0;
    this.input.setAttribute('aria-expanded', String(open));
    this.list.hidden = !open;
    this.list.innerHTML = this.results.map((r, i) => `
      <li id="search-opt-${i}" role="option" data-index="${i}" aria-selected="${i === this.active}">
        <span class="opt-name">${escapeHtml(r.name)}</span>
        <span class="opt-meta">${escapeHtml(optionMeta(r))}</span>
      </li>`).join('');
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `search-opt-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  move(delta) {
    if (!this.results.length) return;
    this.active = (this.active + delta + this.results.length) % this.results.length;
    this.renderList();
    this.list.querySelector(`#search-opt-${this.active}`)?.scrollIntoView({ block: 'nearest' });
  }

  async onKey(e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!this.results.length && this.input.value.trim().length >= 2) await this.search(this.input.value.trim());
      else this.move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      this.move(-1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const q = this.input.value.trim();
      if (q.length < 2) return;
      if (!this.results.length || this.timer || this.lastQuery !== q) {
        clearTimeout(this.timer);
        this.timer = 0;
        const keep = this.results.length && this.active >= 0 ? this.results[this.active] : null;
        await this.search(q);
        if (keep) this.active = Math.max(0, this.results.findIndex((r) => r.code === keep.code && r.set === keep.set));
      }
      if (this.results.length) this.pick(Math.max(0, this.active));
    } else if (e.key === 'Escape') {
      if (this.results.length) {
        e.preventDefault();
        this.closeList();
      } else {
        this.input.value = '';
      }
    }
  }

  closeList() {
    this.showEmpty('');
    this.results = [];
    this.active = -1;
    this.renderList();
  }

  pick(i) {
    const r = this.results[i];
    if (!r) return;
    this.input.value = r.name;
    this.closeList();
    this.status.textContent = `Showing ${r.name} (${r.kind === 'area' || !r.kind ? vintageLabel(r) : r.set_title}).`;
    this.onPick(r);
  }
}
