// Data loading: indicator values (cached per period), server aggregates, monthly series, area
// names, and summaries of the LSOAs inside a ward or borough. Nothing here touches the DOM.
import { featureEntries, getJson, getText, isRouteMissing, optionalJson } from './api.js';
import { parseCsvObjects } from './csv.js';
import { aggregateTargets, currentSmallArea, geography, parentKey } from './geography.js';

function toValueData(id, meta, res) {
  const byCode = new Map(Object.entries(res.values || {}));
  const byFid = new Map();
  for (const [fid, v] of featureEntries(res)) {
    if (typeof v === 'number' && Number.isFinite(v)) byFid.set(fid, v);
  }
  return { kind: 'indicator', id, meta, set: res.set || meta.set, period: res.period, periods: res.periods || [], byCode, byFid };
}

/** Regional ranks, 1 = worst (highest for higher-is-worse and neutral, lowest for higher-is-better). */
export function rankData(data) {
  const dir = data.meta.polarity === 'higher_is_better' ? 1 : -1;
  const entries = [...data.byCode.entries()].filter(([, r]) => Number.isFinite(r.v)).sort((a, b) => dir * (a[1].v - b[1].v));
  const rank = new Map();
  let prev = null;
  let prevRank = 0;
  entries.forEach(([code, r], i) => {
    const k = prev !== null && r.v === prev ? prevRank : i + 1;
    prev = r.v;
    prevRank = k;
    rank.set(code, k);
  });
  data.rank = rank;
  data.rankedCount = entries.length;
}

export class DataStore {
  constructor(app) {
    this.app = app;
    this.valuesCache = new Map();
    this.seriesCache = new Map();
    this.seriesWanted = new Set();
    this.flaggedPeriods = new Map();
    this.namesCache = new Map();
  }

  get indicators() {
    return this.app.indicators;
  }

  /** One indicator's values for a period (null = default), cached. */
  async valuesFor(id, period = null) {
    const key = `${id}|${period || ''}`;
    if (!this.valuesCache.has(key)) {
      const meta = this.indicators.get(id);
      const p = getJson(`/api/indicators/${encodeURIComponent(id)}/values`, { set: meta.set, period: period || undefined, format: 2 })
        .then((res) => {
          const d = toValueData(id, meta, res);
          if ([...d.byCode.values()].some((r) => r.f === 'incomplete_month')) {
            if (!this.flaggedPeriods.has(id)) this.flaggedPeriods.set(id, new Set());
            this.flaggedPeriods.get(id).add(d.period);
          }
          return d;
        });
      this.valuesCache.set(key, p);
      p.catch(() => this.valuesCache.delete(key));
    }
    return this.valuesCache.get(key);
  }

  /** Parent geographies the server can aggregate an indicator to (latest small areas → ward, borough; older → borough). */
  aggregateTargets(meta) {
    if (!meta || isRouteMissing('aggregate')) return [];
    return aggregateTargets(meta.set);
  }

  /** The indicator aggregated to a parent geography by /api/aggregate; null when the route is missing. */
  async aggregateFor(id, period, parentSet) {
    const base = await this.valuesFor(id, period);
    const res = await optionalJson('aggregate', '/api/aggregate', { indicator: id, parent_set: parentSet, period: base.period });
    if (!res) return null;
    const byCode = new Map();
    for (const p of res.parents || []) {
      byCode.set(p.code, { v: Number.isFinite(p.value) ? p.value : null, name: p.name, method: p.method, areas: p.areas,
        share: p.share_in_most_deprived_national_decile });
    }
    return {
      kind: 'indicator', aggregated: true, id, meta: base.meta, set: parentSet, sourceSet: base.set,
      period: base.period, periods: base.periods, byCode, byFid: new Map(), region: res.region,
    };
  }

  /** Names and borough codes of every area of a set, from the server's tidy export. */
  async namesFor(set) {
    if (!this.namesCache.has(set)) {
      const p = (async () => {
        const names = new Map();
        const boroughs = new Map();
        const meta = [...this.indicators.values()].find((m) => m.set === set && (m.periods || 1) === 1)
          || [...this.indicators.values()].find((m) => m.set === set);
        if (meta) {
          const text = await getText('/api/export.csv', { set, indicators: meta.id });
          for (const r of parseCsvObjects(text)) {
            names.set(r.area_code, r.area_name);
            if (r.borough_code) boroughs.set(r.area_code, r.borough_code);
          }
        }
        names.boroughs = boroughs;
        return names;
      })();
      this.namesCache.set(set, p);
      p.catch(() => this.namesCache.delete(set));
    }
    return this.namesCache.get(set);
  }

  /** Every borough drawn in the borough tiles, with name, bbox and label point, sorted by name. */
  async boroughAreas(codes) {
    const areas = await Promise.all(codes.map((code) => getJson(`/api/areas/${encodeURIComponent(code)}`, { set: geography.borough }).catch(() => null)));
    return areas.filter(Boolean).sort((x, y) => x.name.localeCompare(y.name));
  }

  // ---------------------------------------------------------------- series

  /**
   * The monthly series shown in profiles: the mapped one (a 12-month rate → its monthly counts),
   * else the series' all-categories total (an id ending "_all" with several periods).
   */
  seriesIndicator() {
    const stem = (this.app.state.indicator || '').replace(/_rate$/, '');
    if (this.indicators.get(stem)?.periods > 1) return stem;
    return [...this.indicators.values()].find((i) => i.periods > 1 && /_all$/.test(i.id))?.id || null;
  }

  /** Whether the mapped indicator is the profile's series (or its rate): the series then loads at once. */
  seriesIsMapped() {
    const id = this.app.current?.id;
    return Boolean(id) && id.replace(/_rate$/, '') === this.seriesIndicator();
  }

  seriesCached(id) {
    return this.seriesWanted.has(id) || [...this.seriesCache.keys()].some((k) => k.startsWith(`${id}|`));
  }

  markSeriesWanted(id) {
    this.seriesWanted.add(id);
  }

  /** Monthly values of `id` for one area: the series route if the server has it, else every period's values. */
  async loadSeries(id, code, onProgress) {
    const meta = this.indicators.get(id);
    this.seriesWanted.add(id);
    const direct = await optionalJson('series', `/api/areas/${encodeURIComponent(code)}/series`, { indicator: id, set: meta.set });
    if (direct) {
      const list = direct.series || direct.values || [];
      return {
        series: list.map((s) => ({ period: s.period, value: s.value ?? s.v, flag: s.flag ?? s.f ?? '' })),
        trend: direct.trend || null,
        source: 'From the server’s series route.',
      };
    }
    const first = await this.valuesFor(id);
    const periods = first.periods;
    let done = 0;
    const results = new Array(periods.length);
    let next = 0;
    const worker = async () => {
      while (next < periods.length) {
        const i = next++;
        results[i] = await this.valuesFor(id, periods[i]);
        done++;
        onProgress?.(done, periods.length);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const series = periods.map((p, i) => {
      const r = results[i].byCode.get(code) || {};
      return { period: p, value: r.v, flag: r.f || '' };
    });
    this.seriesCache.set(`${id}|all`, true);
    if (this.app.current?.id === id) this.app.picker?.sync();
    return { series, source: `Built from the ${periods.length} monthly value sets.` };
  }

  // ---------------------------------------------------------------- summaries

  /** Code → feature id from the loaded tiles (for server answers keyed by code only). */
  codeToFid(set, code) {
    if (!this.fidIndex || this.fidIndex.set !== set) {
      const m = new Map();
      for (const f of this.app.mapView.sourceFeatures(set)) m.set(f.properties.code, f.id);
      this.fidIndex = { set, m };
    }
    return this.fidIndex.m.get(code);
  }

  /**
   * Summary of the mapped LSOA indicator over the LSOAs inside a ward or borough, from the
   * loaded tiles' parent codes: counts are summed, everything else is a population-weighted
   * mean (Census 2021 residents). The server's aggregate replaces it when the server has one.
   */
  async aggregateWithin(area) {
    const cur = this.app.current;
    if (!cur || cur.set !== currentSmallArea()) return null;
    const key = parentKey(area.set);
    await this.app.mapView.idle();
    const feats = this.app.mapView.sourceFeatures(cur.set, ['==', ['get', key], area.code]);
    if (!feats.length) return null;
    const pop = this.indicators.get('census21_population') ? await this.valuesFor('census21_population') : null;
    const rows = feats.map((f) => {
      const code = f.properties.code;
      return { set: cur.set, code, name: f.properties.name, v: cur.byCode.get(code)?.v, rank: cur.rank.get(code), pop: pop?.byCode.get(code)?.v };
    });
    rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
    if (cur.kind === 'indicator' && !cur.aggregated) {
      const server = await this.aggregateFor(cur.id, cur.period, area.set).catch(() => null);
      const entry = server?.byCode.get(area.code);
      if (entry && Number.isFinite(entry.v)) {
        return { value: entry.v, method: `${entry.method}.`, methodShort: entry.method.replace(/ of \d+ areas$/, ''), count: rows.length, rows, source: 'server', share: entry.share };
      }
    }
    return { ...browserSummary(rows, cur.meta.value_kind === 'count'), count: rows.length, rows, source: 'browser' };
  }
}

/** Sum (counts) or population-weighted mean of the rows' values, with the method in words. */
function browserSummary(rows, isCount) {
  const valid = rows.filter((r) => Number.isFinite(r.v));
  if (isCount) {
    return { value: valid.reduce((s, r) => s + r.v, 0), method: `Sum over ${valid.length} LSOAs.`, methodShort: 'total' };
  }
  const w = valid.filter((r) => Number.isFinite(r.pop));
  const tw = w.reduce((s, r) => s + r.pop, 0);
  if (tw > 0) {
    return {
      value: w.reduce((s, r) => s + r.v * r.pop, 0) / tw,
      method: `Population-weighted mean over ${w.length} LSOAs (Census 2021 residents).`,
      methodShort: 'population-weighted mean',
    };
  }
  return { value: valid.reduce((s, r) => s + r.v, 0) / (valid.length || 1), method: `Unweighted mean over ${valid.length} LSOAs.`, methodShort: 'mean' };
}
