// Number and label formatting shared by the legend, tooltip, profile and table.

const nf = (digits) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const nfFixed = (digits) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const fmt0 = nf(0);
const fmt1 = nf(1);
const fmt2 = nf(2);
const fmt3 = nf(3);

export const setLabels = {
  lsoa11: 'LSOA 2011',
  lsoa21: 'LSOA 2021',
  ward22: 'Ward',
  lad: 'Borough',
  pfa: 'Police force area',
  catchment: 'Catchment',
};

export const setPlural = {
  lsoa11: 'LSOAs (2011)',
  lsoa21: 'LSOAs (2021)',
  ward22: 'wards',
  lad: 'boroughs',
  pfa: 'police force areas',
  catchment: 'catchments',
};

export const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Names of area sets this client does not know (another region's build): from the catalog's
 * `noun` and `plural_noun` (manifest area_sets), so labels never show a bare set id.
 */
export function registerSetNames(catalog) {
  for (const l of catalog.layers || []) {
    if (l.kind !== 'areas') continue;
    if (!setLabels[l.id] && l.noun) setLabels[l.id] = capitalise(l.noun);
    if (!setPlural[l.id] && l.plural_noun) setPlural[l.id] = l.plural_noun;
  }
}

/** Significant figures that keep small values readable without noise on large ones. */
function plain(v) {
  const a = Math.abs(v);
  if (a >= 1000) return fmt0.format(v);
  if (a >= 100) return fmt1.format(v);
  if (a >= 1) return fmt2.format(v);
  return fmt3.format(v);
}

/**
 * Formats an indicator value for display. Proportions (0–1) are shown as percentages. `digits`
 * forces the number of decimals (legends use it so neighbouring class bounds never read the same).
 * @param {number|null|undefined} v
 * @param {{unit?: string, value_kind?: string, decimals?: number}} meta
 */
export function formatValue(v, meta = {}, { digits } = {}) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'no data';
  const kind = meta.value_kind || '';
  const unit = meta.unit || '';
  // Forced decimals keep trailing zeros so a column of bounds reads evenly (0.10%, 0.12%).
  const d = (fallback) => (digits !== undefined ? nfFixed(digits) : nf(meta.decimals ?? fallback));
  if (kind === 'proportion' || unit === 'proportion') return `${d(1).format(v * 100)}%`;
  if (kind === 'percentage' || unit === '%') return `${d(1).format(v)}%`;
  if (digits !== undefined || meta.decimals !== undefined) return d(0).format(v);
  // Crude rates per 1,000 to one decimal, as published (Fingertips, ONS); the exports keep full precision.
  if (kind === 'rate') return fmt1.format(v);
  if (kind === 'rank' || unit === 'rank') return fmt0.format(v);
  if (kind === 'count') return Number.isInteger(v) ? fmt0.format(v) : fmt1.format(v);
  return plain(v);
}

/** Decimals `formatValue` shows for v by default (0–3). */
function defaultDigits(v, meta) {
  const text = formatValue(v, meta);
  const m = /[.](\d+)/.exec(text.replace(/,/g, ''));
  return m ? m[1].length : 0;
}

/**
 * Labels for increasing values (class bounds) with just enough decimals that no two neighbours
 * read the same: "0.12%" and "0.14%" rather than "0.1%" twice.
 */
export function distinctLabels(values, meta = {}) {
  const finite = values.filter(Number.isFinite);
  let digits = finite.length ? Math.min(...finite.map((v) => defaultDigits(v, meta))) : 0;
  for (;; digits++) {
    const labels = values.map((v) => formatValue(v, meta, { digits }));
    const clash = labels.some((l, i) => i > 0 && l === labels[i - 1] && values[i] !== values[i - 1]);
    if (!clash || digits >= 8) return labels;
  }
}

/** Unit suffix for legends and tables ("" when the formatted value already carries it). */
export function unitLabel(meta = {}) {
  const kind = meta.value_kind || '';
  const unit = meta.unit || '';
  if (kind === 'proportion' || unit === 'proportion') return '% (shown as a percentage of the proportion)';
  if (kind === 'percentage' || unit === '%') return '%';
  return unit;
}

export function formatInt(v) {
  return v === null || v === undefined ? '—' : fmt0.format(v);
}

export function ordinal(n) {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] || s[v] || s[0]}`;
}

export function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function polarityText(p) {
  if (p === 'higher_is_worse') return 'Higher values are worse';
  if (p === 'higher_is_better') return 'Higher values are better (rank 1 = most deprived)';
  return 'Neither higher nor lower is better (context)';
}

/** "2024-06" → "Jun 2024"; "201617" (DfE academic year) → "2016/17"; anything else unchanged. */
export function monthLabel(period) {
  if (/^\d{6}$/.test(period || '')) return `${period.slice(0, 4)}/${period.slice(4)}`;
  const range = /^(\d{4}-\d{2})\/(\d{4}-\d{2})$/.exec(period || '');
  if (range) return `${monthLabel(range[1])} to ${monthLabel(range[2])}`;
  const m = /^(\d{4})-(\d{2})$/.exec(period || '');
  if (!m) return period;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return d.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}
