// Composite risk index with user weights 0–2. Uses the server's /api/composite when it exists;
// otherwise computes the same z-score index in the browser and says so. Method (as the
// server's geo/analysis/composite): z = (x − mean) / population SD per indicator, sign flipped
// for higher-is-better indicators so higher always means more risk, a missing value imputed as
// z = 0, score = Σ weight · z, rank 1 = highest score.
import { featureEntries, optionalJson } from './api.js';
import { escapeHtml } from './format.js';

/**
 * The "VRU risk" preset, as the server's /api/composite default: deprivation, income,
 * young people's education, and 12-month violence, robbery and weapons rates. Builds without
 * the 12-month rates fall back to the IoD 2025 violence and weapons rates.
 */
export const PRESET = [
  'imd25_score',
  'imd25_income_score',
  'imd25_cyp_education_score',
  'crime_violence_and_sexual_offences_rate',
  'crime_robbery_rate',
  'crime_possession_of_weapons_rate',
];
const FALLBACK = ['iod25_violence_injury_rate', 'iod25_public_order_weapons_rate'];

export const compositeMeta = {
  id: 'composite',
  title: 'Composite risk index',
  unit: 'score',
  value_kind: 'score',
  polarity: 'higher_is_worse',
  description: 'Weighted sum of z-scores of the chosen indicators; higher = more risk.',
};

export function presetFor(indicators) {
  let ids = PRESET.filter((id) => indicators.has(id));
  if (!ids.some((id) => id.startsWith('crime_'))) ids = ids.concat(FALLBACK.filter((id) => indicators.has(id)));
  const set = indicators.get(ids[0])?.set;
  ids = ids.filter((id) => indicators.get(id).set === set);
  if (ids.length >= 2) return ids;
  // Another region's build: the first five area indicators of the most common small-area set.
  const all = [...indicators.values()].filter((m) => m.set.startsWith('lsoa') && m.polarity !== 'neutral');
  return all.slice(0, 5).map((m) => m.id);
}

function stats(values) {
  let n = 0;
  let sum = 0;
  for (const v of values) if (Number.isFinite(v)) { n++; sum += v; }
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (const v of values) if (Number.isFinite(v)) ss += (v - mean) ** 2;
  return { mean, sd: n ? Math.sqrt(ss / n) : 0 };
}

function rankScores(byCode) {
  const entries = [...byCode.entries()].filter(([, r]) => Number.isFinite(r.v)).sort((a, b) => b[1].v - a[1].v);
  const n = entries.length;
  let prev = null;
  let prevRank = 0;
  entries.forEach(([, r], i) => {
    const rank = prev !== null && r.v === prev ? prevRank : i + 1;
    prev = r.v;
    prevRank = rank;
    r.r = rank;
    r.d = n >= 10 ? Math.min(10, Math.ceil((rank / n) * 10)) : undefined;
  });
}

/** Client-side composite from already-fetched indicator values. */
export function computeClient(components) {
  const active = components.filter((c) => c.weight > 0);
  const codes = new Set();
  const fids = new Set();
  for (const c of active) {
    const { mean, sd } = stats([...c.byCode.values()].map((r) => r.v));
    const sign = c.meta.polarity === 'higher_is_better' ? -1 : 1;
    const z = (v) => (Number.isFinite(v) ? (sd > 0 ? (sign * (v - mean)) / sd : 0) : undefined);
    c.z = new Map();
    for (const [code, r] of c.byCode) {
      const zz = z(r.v);
      if (zz !== undefined) { c.z.set(code, zz); codes.add(code); }
    }
    c.zFid = new Map();
    for (const [fid, v] of c.byFid) {
      const zz = z(v);
      if (zz !== undefined) { c.zFid.set(fid, zz); fids.add(fid); }
    }
  }
  const byCode = new Map();
  for (const code of codes) {
    let s = 0;
    for (const c of active) s += c.weight * (c.z.get(code) ?? 0);
    byCode.set(code, { v: Math.round(s * 1e6) / 1e6 });
  }
  const byFid = new Map();
  for (const fid of fids) {
    let s = 0;
    for (const c of active) s += c.weight * (c.zFid.get(fid) ?? 0);
    byFid.set(fid, Math.round(s * 1e6) / 1e6);
  }
  rankScores(byCode);
  return { byCode, byFid };
}

/** Reads /api/composite: values (code → score, rank, decile, rank_p05/p95, missing) and by_feature_id. */
function fromServer(res) {
  const byCode = new Map();
  const byFid = new Map();
  for (const [code, x] of Object.entries(res.values || {})) {
    const stability = Number.isFinite(x.rank_p05) ? [x.rank_p05, x.rank_p95] : null;
    byCode.set(code, { v: x.score, r: x.rank, d: x.decile ?? undefined, stability, missing: x.missing });
  }
  for (const [fid, v] of featureEntries(res)) {
    if (Number.isFinite(v)) byFid.set(fid, v);
  }
  return { byCode, byFid };
}

/**
 * Computes the composite for the weights. `valuesFor(id)` fetches one indicator's values.
 * @returns {Promise<object>} data in the same shape as an indicator's (byCode, byFid, set, meta…)
 */
/** The `indicators=` of /api/composite (and /api/gaps) for these weights: "id:w,…". */
export function compositeSpec(ids, weights) {
  return ids.map((id) => `${id}:${weights[id] ?? 1}`).join(',');
}

export async function computeComposite(ids, weights, indicators, valuesFor, { signal, codeToFid } = {}) {
  const set = indicators.get(ids[0])?.set;
  const spec = compositeSpec(ids, weights);
  const server = await optionalJson('composite', '/api/composite', { indicators: spec, set, format: 2 }, { signal });
  const components = await Promise.all(ids.map(async (id) => {
    const d = await valuesFor(id);
    return { id, meta: indicators.get(id), weight: weights[id] ?? 1, byCode: d.byCode, byFid: d.byFid };
  }));
  let result;
  let note;
  let source;
  if (server) {
    result = fromServer(server);
    if (!result.byFid.size && codeToFid) {
      for (const [code, r] of result.byCode) {
        const fid = codeToFid(code);
        if (fid !== undefined) result.byFid.set(fid, r.v);
      }
    }
    // z-scores for the profile's component table.
    computeClient(components);
    source = 'server';
    note = `Computed by the server (${server.transform === 'exponential_rank' ? 'exponential transform of ranks' : 'z-scores'}, worse = higher, weighted sum; rank 1 = highest risk; rank range = 5th–95th percentile when every weight moves by up to ±0.5).`;
  } else {
    result = computeClient(components);
    source = 'browser';
    note = 'Computed in your browser (the server has no composite route): z-scores with higher = more risk, missing values as 0, weighted sum. Not an official index.';
  }
  return {
    kind: 'composite',
    id: 'composite',
    set,
    meta: { ...compositeMeta, set },
    period: null,
    periods: [],
    byCode: result.byCode,
    byFid: result.byFid,
    components,
    note,
    source,
    weightsSpec: spec,
  };
}

/** The weights panel: one 0–2 slider per preset indicator. */
export class CompositePanel {
  constructor(el, app, ids) {
    this.el = el;
    this.app = app;
    this.ids = ids;
    this.render();
  }

  render() {
    const app = this.app;
    const rows = this.ids.map((id) => {
      const m = app.indicators.get(id);
      const w = app.state.weights[id] ?? 1;
      return `<div class="weight-row">
        <label for="w-${id}">${escapeHtml(m.title)}</label>
        <input type="range" id="w-${id}" data-id="${id}" min="0" max="2" step="0.25" value="${w}" aria-describedby="wo-${id}">
        <output id="wo-${id}" for="w-${id}">${w.toFixed(2)}</output>
      </div>`;
    }).join('');
    this.el.innerHTML = `${rows}
      <div class="button-row">
        <button type="button" class="button-secondary" data-action="map-composite">Map the composite</button>
        <button type="button" class="button-secondary" data-action="reset-weights">Reset weights</button>
      </div>
      <p class="note" id="composite-mode">Weights 0 (off) to 2 (double). Moving a slider maps the composite.</p>`;
    this.el.addEventListener('input', (e) => {
      const input = e.target.closest('input[type=range]');
      if (!input) return;
      const w = Number(input.value);
      this.el.querySelector(`#wo-${input.dataset.id}`).textContent = w.toFixed(2);
      app.setWeight(input.dataset.id, w);
    });
    this.el.addEventListener('click', (e) => {
      const b = e.target.closest('[data-action]');
      if (!b) return;
      if (b.dataset.action === 'map-composite') app.showComposite();
      if (b.dataset.action === 'reset-weights') {
        for (const id of this.ids) {
          const input = this.el.querySelector(`#w-${id}`);
          input.value = '1';
          this.el.querySelector(`#wo-${id}`).textContent = '1.00';
        }
        app.resetWeights(this.ids);
      }
    });
  }

  sync() {
    for (const id of this.ids) {
      const w = this.app.state.weights[id] ?? 1;
      const input = this.el.querySelector(`#w-${id}`);
      if (input && Number(input.value) !== w) {
        input.value = String(w);
        this.el.querySelector(`#wo-${id}`).textContent = w.toFixed(2);
      }
    }
  }

  setMode(text) {
    const el = this.el.querySelector('#composite-mode');
    if (el) el.textContent = text;
  }
}
