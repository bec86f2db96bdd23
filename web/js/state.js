// The view state, and its round trip through the URL (hash for the app, query for /embed/).
// Everything a permalink must restore lives here; nothing else is read from the URL.

export const COMPOSITE = 'composite';

export function defaultState() {
  return {
    indicator: null,          // indicator id, or COMPOSITE
    period: null,             // null = the indicator's default period
    method: 'quantiles',      // quantiles | equal_interval | natural_breaks
    classes: 5,               // 5–7
    weights: {},              // composite weights, indicator id → 0–2
    selection: null,          // {set, code}
    catchment: null,          // a catchment's id (/api/catchments/{id}): outlined, and profiled when nothing is selected
    la: '',                   // borough filter (LAD code)
    geo: '',                  // '' = the indicator's own areas; a ward or borough set = aggregated by the server
    layers: ['wards'],        // overlay toggles
    view: null,               // {zoom, lat, lon}
    table: false,             // table view open
    compare: [],              // areas chosen for comparison, [{set, code}] (2–4)
    dataVersion: null,        // data version the view was made with
  };
}

const METHODS = new Set(['quantiles', 'equal_interval', 'natural_breaks']);

function num(s, lo, hi) {
  const v = Number(s);
  return Number.isFinite(v) && v >= lo && v <= hi ? v : null;
}

/** Parses URL parameters into a partial state; unknown or malformed values are ignored. */
export function parseParams(params) {
  const s = {};
  const get = (k) => params.get(k);
  if (get('i')) s.indicator = get('i');
  if (get('p')) s.period = get('p');
  if (METHODS.has(get('m'))) s.method = get('m');
  const k = num(get('k'), 3, 7);
  if (k !== null) s.classes = Math.round(k);
  if (get('w')) {
    s.weights = {};
    for (const part of get('w').split(',')) {
      const [id, w] = part.split(':');
      const v = num(w, 0, 2);
      if (id && v !== null) s.weights[id] = v;
    }
  }
  const sel = get('sel');
  if (sel && sel.includes(':')) {
    const [set, code] = sel.split(':');
    if (set && code) s.selection = { set, code };
  }
  if (/^[0-9a-f]{32}$/.test(get('catchment') || '')) s.catchment = get('catchment');
  if (get('la') !== null) s.la = get('la');
  if (/^[A-Za-z0-9_]{1,40}$/.test(get('g') || '')) s.geo = get('g');
  if (get('lyr') !== null) s.layers = get('lyr').split(',').filter(Boolean);
  const map = get('map');
  if (map) {
    const [z, lat, lon] = map.split('/').map(Number);
    if ([z, lat, lon].every(Number.isFinite) && z >= 0 && z <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) {
      s.view = { zoom: z, lat, lon };
    }
  }
  if (get('t') === '1') s.table = true;
  if (get('cmp')) {
    s.compare = get('cmp').split(',').map((x) => x.split(':')).filter(([set, code]) => set && code).slice(0, 4).map(([set, code]) => ({ set, code }));
  }
  if (get('v')) s.dataVersion = get('v');
  return s;
}

/** Reads the state from location: the query first, then the hash (the hash wins). */
export function readLocation(loc = window.location) {
  const fromQuery = parseParams(new URLSearchParams(loc.search));
  const fromHash = parseParams(new URLSearchParams(loc.hash.replace(/^#/, '')));
  return { ...fromQuery, ...fromHash };
}

/** Serialises the state into URL parameters (short keys; readable in a bid document). */
export function toParams(state) {
  const p = new URLSearchParams();
  if (state.indicator) p.set('i', state.indicator);
  if (state.period) p.set('p', state.period);
  if (state.method !== 'quantiles') p.set('m', state.method);
  if (state.classes !== 5) p.set('k', String(state.classes));
  const weights = Object.entries(state.weights || {});
  if (weights.length) p.set('w', weights.map(([id, w]) => `${id}:${+w.toFixed(2)}`).join(','));
  if (state.selection) p.set('sel', `${state.selection.set}:${state.selection.code}`);
  if (state.catchment) p.set('catchment', state.catchment);
  if (state.la) p.set('la', state.la);
  if (state.geo) p.set('g', state.geo);
  p.set('lyr', (state.layers || []).join(','));
  if (state.view) {
    const { zoom, lat, lon } = state.view;
    p.set('map', `${zoom.toFixed(2)}/${lat.toFixed(5)}/${lon.toFixed(5)}`);
  }
  if (state.table) p.set('t', '1');
  if (state.compare?.length) p.set('cmp', state.compare.map((a) => `${a.set}:${a.code}`).join(','));
  if (state.dataVersion) p.set('v', state.dataVersion);
  return p;
}

/** Like URLSearchParams.toString() but leaves ':' ',' '/' readable (all legal in a query). */
export function paramString(p) {
  const enc = (s) => encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%2F/gi, '/');
  return [...p.entries()].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

export function permalink(state, base = window.location) {
  const url = new URL(base.href);
  url.search = '';
  url.hash = paramString(toParams(state));
  return url.href;
}

/** The embed page is /embed under the web root (served with frame-ancestors *); it reads the same parameters from its query. */
export function embedUrl(state, root) {
  const url = new URL('embed', root);
  const p = toParams(state);
  p.delete('t');
  p.delete('cmp');
  // Weights only matter to the composite: an embedded single indicator does not carry them.
  if (state.indicator !== COMPOSITE) p.delete('w');
  url.search = paramString(p);
  return url.href;
}
