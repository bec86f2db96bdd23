// Thin fetch helpers for the snamap JSON API. Optional routes (being added server-side) answer
// 404 today: `optionalJson` turns that into null and remembers it, so panels degrade quietly.

/** Root of the web app and API: the directory above js/ (works under a path prefix and in /embed/). */
export const apiBase = new URL('../', import.meta.url);

export function apiUrl(path, params = {}) {
  const url = new URL(path.replace(/^\//, ''), apiBase);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  return url;
}

export class HttpError extends Error {
  constructor(status, url, detail) {
    super(`${status} from ${url.pathname}${detail ? `: ${detail}` : ''}`);
    this.status = status;
  }
}

const cache = new Map();

/**
 * The entries of an analysis answer's `by_feature_id` as [feature id, value] pairs: format 2 (an
 * array from `feature_id_base`, null where a feature has no value) or format 1 (an object keyed by
 * feature id).
 */
export function featureEntries(res) {
  const slots = res.by_feature_id;
  if (Array.isArray(slots)) {
    const base = Number(res.feature_id_base) || 0;
    return slots.map((v, k) => [base + k, v]).filter(([, v]) => v !== null);
  }
  return Object.entries(slots || {}).map(([fid, v]) => [Number(fid), v]);
}

/** GET JSON, cached by URL for the session (the data are pinned to one data version). */
export function getJson(path, params = {}, { signal, noCache = false } = {}) {
  const url = apiUrl(path, params);
  const key = url.href;
  if (!noCache && cache.has(key)) return cache.get(key);
  const p = fetch(url, { signal, headers: { Accept: 'application/json' } }).then(async (res) => {
    if (!res.ok) {
      let detail = '';
      try { detail = (await res.json()).detail || ''; } catch { /* not JSON */ }
      throw new HttpError(res.status, url, detail);
    }
    return res.json();
  });
  if (!noCache) {
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

const missingRoutes = new Set();

/**
 * GET JSON from a route that may not exist on this server yet. Resolves null on 404/501 and
 * remembers the route (by `routeKey`) so later calls skip the request.
 */
export async function optionalJson(routeKey, path, params = {}, opts = {}) {
  if (missingRoutes.has(routeKey)) return null;
  try {
    return await getJson(path, params, opts);
  } catch (err) {
    if (err instanceof HttpError && (err.status === 404 || err.status === 501 || err.status === 405)) {
      // A 404 for an unknown area/indicator on an existing route must not disable the route:
      // the router's "no route" answer says so in its detail.
      if (err.status !== 404 || /no route/i.test(err.message)) missingRoutes.add(routeKey);
      return null;
    }
    throw err;
  }
}

export function isRouteMissing(routeKey) {
  return missingRoutes.has(routeKey);
}

export async function getText(path, params = {}, { signal } = {}) {
  const url = apiUrl(path, params);
  const res = await fetch(url, { signal });
  if (!res.ok) throw new HttpError(res.status, url);
  return res.text();
}

/** POST a body (JSON text or a file) and read the JSON answer; errors carry the server's detail. */
export async function postJson(path, body, contentType, params = {}) {
  const url = apiUrl(path, params);
  const res = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': contentType, Accept: 'application/json' } });
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new HttpError(res.status, url, json?.detail || '');
  return json;
}
