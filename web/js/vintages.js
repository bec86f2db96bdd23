// A selection follows the mapped indicator across LSOA vintages (2011 ↔ 2021 boundaries).
// Unchanged LSOAs kept their code, so the same code in the other vintage is the exact match.
// A split or merged LSOA has new codes: its best fit is found from the boundaries in the vector
// tiles, by sampling points inside the old area and counting which new areas hold them (an
// area-share estimate, said so in the profile). When the server's /api/areas/{code} lists
// `equivalents` (the ONS lookup it imports), those are used instead.
import { getJson } from './api.js';
import { decodeTile, featurePolygons, tileFor } from './mvt.js';
import { setLabels } from './format.js';
import { isSmallArea } from './geography.js';

const YEARS = { lsoa11: '2011', lsoa21: '2021' };
/** "2011" for LSOA 2011, else the set's name (another build's small-area sets). */
export const vintageName = (set) => YEARS[set] || setLabels[set] || set;

/** True when moving between the two LSOA vintages. */
export function isVintageChange(fromSet, toSet) {
  return fromSet !== toSet && isSmallArea(fromSet) && isSmallArea(toSet);
}

function pointInRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygons(pt, polygons) {
  return polygons.some(([outer, ...holes]) => pointInRing(pt, outer) && !holes.some((h) => pointInRing(pt, h)));
}

/** Decoded features of `set` in the tiles covering bbox at the highest zoom (≤ 14) needing ≤ 4 tiles. */
async function tileFeatures(app, set, bbox) {
  const layer = app.catalog.layers.find((l) => l.id === set);
  const tj = await getJson(new URL(layer.tilejson).pathname);
  const [w, s, e, n] = bbox;
  let z = Math.min(tj.maxzoom ?? 14, 14);
  const minz = tj.minzoom ?? 0;
  const span = (zz) => {
    const [x0, y0] = tileFor(w, n, zz);
    const [x1, y1] = tileFor(e, s, zz);
    return { x0, y0, x1, y1, count: (x1 - x0 + 1) * (y1 - y0 + 1) };
  };
  while (z > minz && span(z).count > 4) z--;
  const { x0, y0, x1, y1 } = span(z);
  const out = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      const url = tj.tiles[0].replace('{z}', z).replace('{x}', x).replace('{y}', y);
      const res = await fetch(url);
      if (res.status === 204) continue;
      if (!res.ok) throw new Error(`tile ${z}/${x}/${y}: ${res.status}`);
      for (const f of decodeTile(new Uint8Array(await res.arrayBuffer()))[set] || []) {
        out.push({ code: f.properties.code, name: f.properties.name, polygons: featurePolygons(f, z, x, y, { clip: true }) });
      }
    }
  }
  return out;
}

/** Shares of a source area's sample points falling in each area of the other vintage. */
async function overlapShares(app, area, toSet) {
  const [source, target] = await Promise.all([tileFeatures(app, area.set, area.bbox), tileFeatures(app, toSet, area.bbox)]);
  const mine = source.filter((f) => f.code === area.code).flatMap((f) => f.polygons);
  const [w, s, e, n] = area.bbox;
  const steps = 30;
  const hits = new Map();
  let total = 0;
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const pt = [w + ((i + 0.5) * (e - w)) / steps, s + ((j + 0.5) * (n - s)) / steps];
      if (!inPolygons(pt, mine)) continue;
      const hit = target.find((f) => inPolygons(pt, f.polygons));
      if (!hit) continue;
      total++;
      const h = hits.get(hit.code) || { code: hit.code, name: hit.name, n: 0 };
      h.n++;
      hits.set(hit.code, h);
    }
  }
  return [...hits.values()].map((h) => ({ code: h.code, name: h.name, share: h.n / total }))
    .filter((h) => h.share >= 0.1).sort((a, b) => b.share - a.share);
}

/**
 * Best-fit area(s) of `toSet` for a selected LSOA of the other vintage.
 * @returns {Promise<{areas: {code, name, share}[], method: string}>}
 */
export async function bestFit(app, from, toSet) {
  const area = await getJson(`/api/areas/${encodeURIComponent(from.code)}`, { set: from.set });
  const listed = (area.equivalents || []).filter((x) => x.set === toSet);
  if (listed.length) return { area, areas: listed.map((x) => ({ code: x.code, name: x.name, share: x.share ?? null })), method: 'ONS lookup' };
  const search = await getJson('/api/search', { q: from.code, limit: 10 });
  const same = (search.results || []).find((r) => r.set === toSet && r.code === from.code);
  if (same) return { area, areas: [{ code: same.code, name: same.name, share: 1 }], method: 'same code: the boundary did not change' };
  const areas = await overlapShares(app, area, toSet);
  return { area, areas, method: 'best fit by area share, estimated from the map boundaries' };
}

/** "E01… (2011) is now E01… (2021)" and what the mapping rests on. */
export function vintageNote(from, toSet, fit) {
  const to = fit.areas.map((a) => `${a.code}${a.share !== null && a.share < 0.995 && fit.areas.length > 1 ? ` (${Math.round(a.share * 100)} %)` : ''}`);
  if (!to.length) return `${from.code} (${vintageName(from.set)}) has no matching LSOA in the ${vintageName(toSet)} boundaries.`;
  const list = to.length === 1 ? to[0] : `${to.slice(0, -1).join(', ')} and ${to[to.length - 1]}`;
  return `${from.code} (${vintageName(from.set)}) is now ${list} (${vintageName(toSet)}): ${fit.method}.`;
}
