// Place names for orientation: boroughs (from their label points), wards and LSOA names (one point
// per area, computed from the loaded tiles so an area cut by tile edges is named once), each at the
// zooms where it helps. MapLibre's symbol collision keeps them apart;
// the glyphs are drawn from the Noto Sans files in web/vendor/fonts (the style's `font-faces`),
// so no glyph server and no request leaves the site.

import { geography } from './geography.js';

const fontUrl = (file) => new URL(`../vendor/fonts/${file}`, import.meta.url).href;

const LATIN = ['U+0000-00FF', 'U+0131', 'U+0152-0153', 'U+02BB-02BC', 'U+02C6', 'U+02DA', 'U+02DC', 'U+2000-206F', 'U+20AC', 'U+2122', 'U+2191', 'U+2193', 'U+2212', 'U+2215', 'U+FEFF', 'U+FFFD'];
const LATIN_EXT = ['U+0100-02AF', 'U+0304', 'U+0308', 'U+0329', 'U+1E00-1E9F', 'U+1EF2-1EFF', 'U+2020', 'U+20A0-20AB', 'U+20AD-20CF', 'U+2113', 'U+2C60-2C7F', 'U+A720-A7FF'];

export const REGULAR = 'Noto Sans Regular';
export const BOLD = 'Noto Sans Bold';

/** The style's `font-faces`: each font name mapped to its local files by Unicode range. */
export function fontFaces() {
  const faces = (weight) => [
    { url: fontUrl(`noto-sans-latin-${weight}-normal.woff2`), 'unicode-range': LATIN },
    { url: fontUrl(`noto-sans-latin-ext-${weight}-normal.woff2`), 'unicode-range': LATIN_EXT },
  ];
  return { [REGULAR]: faces(400), [BOLD]: faces(700) };
}

const halo = { 'text-color': '#111111', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6, 'text-halo-blur': 0.3 };

/** Zooms at which each kind of name is shown: boroughs zoomed out, wards in between, LSOAs close in. */
export const LABEL_ZOOMS = { borough: [7.5, 12.5], ward: [11.5, 15.5], smallArea: [14, 24] };

/**
 * Symbol layers, lowest priority first (MapLibre places the top layer's labels first, so a
 * borough name wins a collision with a ward's, and a ward's with an LSOA's).
 */
export function labelLayers(has) {
  const layers = [];
  for (const set of geography.smallAreas.filter(has)) {
    layers.push({
      id: `label-${set}`, type: 'symbol', source: `names-${set}`,
      minzoom: LABEL_ZOOMS.smallArea[0], layout: {
        visibility: 'none', 'text-field': ['get', 'name'], 'text-font': [REGULAR], 'text-size': 10.5,
        'text-max-width': 7, 'text-padding': 3,
      },
      paint: { ...halo, 'text-color': '#2b2b2b' },
    });
  }
  const { ward } = geography;
  if (ward && has(ward)) {
    layers.push({
      id: `label-${ward}`, type: 'symbol', source: `names-${ward}`,
      minzoom: LABEL_ZOOMS.ward[0], maxzoom: LABEL_ZOOMS.ward[1], layout: {
        'text-field': ['get', 'name'], 'text-font': [REGULAR], 'text-size': ['interpolate', ['linear'], ['zoom'], 12, 11, 15, 13],
        'text-max-width': 8, 'text-padding': 4,
      },
      paint: halo,
    });
  }
  layers.push({
    id: 'label-lad', type: 'symbol', source: 'borough-labels',
    minzoom: LABEL_ZOOMS.borough[0], maxzoom: LABEL_ZOOMS.borough[1], layout: {
      'text-field': ['get', 'name'], 'text-font': [BOLD], 'text-size': ['interpolate', ['linear'], ['zoom'], 8, 12, 12, 15],
      'text-padding': 6, 'text-transform': 'none',
    },
    paint: { ...halo, 'text-halo-width': 2 },
  });
  return layers;
}

/** An empty GeoJSON source for label points (boroughs once known; wards and LSOAs as tiles load). */
export function boroughLabelSource() {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

/** Area sets named from the tiles ([set, the zoom from which their names are shown]). */
export function namedSets() {
  const sets = geography.smallAreas.map((s) => [s, LABEL_ZOOMS.smallArea[0]]);
  return geography.ward ? [[geography.ward, LABEL_ZOOMS.ward[0]], ...sets] : sets;
}

function ringArea(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a / 2);
}

/** A point inside a ring: its centroid when inside, else the middle of the widest span across it. */
function interiorPoint(ring) {
  let cx = 0;
  let cy = 0;
  for (const [x, y] of ring) { cx += x; cy += y; }
  cx /= ring.length;
  cy /= ring.length;
  const xs = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > cy) !== (yj > cy)) xs.push(((xj - xi) * (cy - yi)) / (yj - yi) + xi);
  }
  xs.sort((a, b) => a - b);
  let best = null;
  for (let k = 0; k + 1 < xs.length; k += 2) {
    if (cx >= xs[k] && cx <= xs[k + 1]) return [cx, cy];
    if (!best || xs[k + 1] - xs[k] > best[1] - best[0]) best = [xs[k], xs[k + 1]];
  }
  return best ? [(best[0] + best[1]) / 2, cy] : [cx, cy];
}

/** One label point per area of `set` in the loaded tiles: inside the largest piece of the area. */
export function areaLabelData(map, set) {
  const best = new Map();
  for (const f of map.querySourceFeatures(set, { sourceLayer: set })) {
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of polys) {
      const a = ringArea(poly[0]);
      const code = f.properties.code;
      if (!best.has(code) || a > best.get(code).a) best.set(code, { a, ring: poly[0], name: f.properties.name });
    }
  }
  return {
    type: 'FeatureCollection',
    features: [...best].map(([code, b]) => ({ type: 'Feature', properties: { code, name: b.name }, geometry: { type: 'Point', coordinates: interiorPoint(b.ring) } })),
  };
}

/** Borough label points as GeoJSON features. */
export function boroughLabelData(boroughs) {
  return {
    type: 'FeatureCollection',
    features: boroughs.filter((b) => Array.isArray(b.point)).map((b) => ({
      type: 'Feature', properties: { code: b.code, name: b.name }, geometry: { type: 'Point', coordinates: b.point },
    })),
  };
}
