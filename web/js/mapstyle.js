// The map's style: one vector source per area set and point layer (from the server's TileJSON),
// fill/outline/hover/selection layers per set, point overlays, place labels and an optional raster
// basemap. Colours shared with the legend and keys are exported from here.
import { noDataColor, palettes } from './classify.js';
import { geography } from './geography.js';
import { boroughLabelSource, fontFaces, labelLayers } from './labels.js';

const BACKGROUND = '#f3f5f7';

/** Point layers with a style, key and popup of their own (the West Midlands build's). */
export const STYLED_POINT_LAYERS = ['incidents_2011', 'schools', 'schools_register', 'services'];

/** Schools: colour by exclusions per 100 pupils in 2018/19 (the last full pre-pandemic year). */
export const schoolMeasures = {
  suspensions: {
    label: 'Suspensions per 100 pupils, 2018/19',
    numerator: 'Sus_201819',
    breaks: [1, 5, 10, 20],
  },
  permanent: {
    label: 'Permanent exclusions per 100 pupils, 2018/19',
    numerator: 'Pex_201819',
    breaks: [0.05, 0.1, 0.2, 0.5],
  },
};
export const schoolColors = palettes.Purples[5];

/** Schools whose count is not in the tile. */
export const WITHHELD_COLOUR = '#9e9e9e';

export function rateExpression(measure) {
  const m = schoolMeasures[measure];
  const colors = schoolColors;
  // A count the tile leaves out (partner-only for this caller, or a small number withheld) is
  // grey, never drawn as a rate of 0.
  return ['let', 'hd', ['to-number', ['coalesce', ['get', 'Hd_201819'], 0]],
    ['case', ['!', ['has', m.numerator]], WITHHELD_COLOUR, ['>', ['var', 'hd'], 0],
      ['step', ['/', ['*', 100, ['to-number', ['coalesce', ['get', m.numerator], 0]]], ['var', 'hd']],
        colors[0], m.breaks[0], colors[1], m.breaks[1], colors[2], m.breaks[2], colors[3], m.breaks[3], colors[4]],
      '#ffffff']];
}

/** A 8×8 diagonal hatch for "no data", drawn into an ImageData (no sprite sheet needed). */
export function hatchImage() {
  const size = 8;
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = (x + y) % size === 0 || (x + y) % size === 1;
      const i = (y * size + x) * 4;
      data[i] = on ? 110 : 0;
      data[i + 1] = on ? 110 : 0;
      data[i + 2] = on ? 110 : 0;
      data[i + 3] = on ? 255 : 0;
    }
  }
  return { width: size, height: size, data };
}

/**
 * Where a layer's tiles come from: a PMTiles archive when the server's config names one
 * (/catalog layer `pmtiles`, read with range requests through the pmtiles:// protocol that
 * registerStaticTiles adds), else the server's TileJSON.
 */
export function sourceUrl(layer) {
  if (!layer.pmtiles) return layer.tilejson;
  return `pmtiles://${new URL(layer.pmtiles, window.location.href).href}`;
}

export function buildStyle(catalog) {
  const sources = {};
  for (const layer of catalog.layers) {
    sources[layer.id] = { type: 'vector', url: sourceUrl(layer) };
  }
  const has = (id) => Boolean(sources[id]);
  const layers = [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }];
  // Optional raster basemap from the server's config (/catalog "basemap"; null = none, offline),
  // drawn under the choropleth; its attribution joins the data sources' in the attribution control.
  const bm = catalog.basemap;
  if (bm && Array.isArray(bm.tiles) && bm.tiles.length) {
    sources.basemap = { type: 'raster', tiles: bm.tiles, tileSize: bm.tileSize || 256, attribution: bm.attribution || '' };
    if (Number.isFinite(bm.maxzoom)) sources.basemap.maxzoom = bm.maxzoom;
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 1 } });
  }
  const areaSets = geography.sets.filter(has);
  const { ward, borough } = geography;
  for (const s of areaSets) {
    layers.push({
      id: `fill-${s}`, type: 'fill', source: s, 'source-layer': s,
      layout: { visibility: 'none' },
      paint: { 'fill-color': noDataColor, 'fill-opacity': 0.9 },
    });
    layers.push({
      id: `hatch-${s}`, type: 'fill', source: s, 'source-layer': s,
      layout: { visibility: 'none' },
      paint: {
        'fill-pattern': 'snamap-hatch',
        'fill-opacity': ['case', ['==', ['typeof', ['feature-state', 'v']], 'number'], 0, 0.55],
      },
    });
    // Hotspot view: Gi* classes replace the value colours (ColorBrewer RdBu, colour-blind safe).
    layers.push({
      id: `hot-${s}`, type: 'fill', source: s, 'source-layer': s,
      layout: { visibility: 'none' },
      paint: {
        'fill-color': ['match', ['to-number', ['coalesce', ['feature-state', 'h'], 0]],
          ...hotspotClasses.flatMap(([bin, color]) => (bin === 0 ? [] : [bin, color])), hotspotClasses.find(([b]) => b === 0)[1]],
        'fill-opacity': 0.95,
      },
    });
    layers.push({
      id: `line-${s}`, type: 'line', source: s, 'source-layer': s,
      layout: { visibility: 'none', 'line-join': 'round' },
      paint: {
        'line-color': '#ffffff',
        'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.3, 10, 0.5, 14, 1.2],
        'line-opacity': 0.85,
      },
    });
  }
  if (ward && has(ward)) {
    layers.push({
      id: 'wards-outline', type: 'line', source: ward, 'source-layer': ward, minzoom: 10,
      layout: { visibility: 'none', 'line-join': 'round' },
      paint: { 'line-color': '#3d3d3d', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 14, 1.4], 'line-opacity': 0.8 },
    });
  }
  if (borough && has(borough)) {
    layers.push({
      id: 'lad-halo', type: 'line', source: borough, 'source-layer': borough,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 2, 12, 4.5], 'line-opacity': 0.9 },
    });
    layers.push({
      id: 'lad-outline', type: 'line', source: borough, 'source-layer': borough,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#1b1b1b', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.9, 12, 2] },
    });
  }
  for (const s of areaSets) {
    layers.push({
      id: `hover-${s}`, type: 'line', source: s, 'source-layer': s,
      layout: { visibility: 'none', 'line-join': 'round' },
      paint: {
        'line-color': '#000000',
        'line-width': 2.5,
        'line-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 1, 0],
      },
    });
  }
  for (const s of areaSets) {
    layers.push({
      id: `selhalo-${s}`, type: 'line', source: s, 'source-layer': s, filter: ['==', ['id'], -1],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 6 },
    });
    layers.push({
      id: `sel-${s}`, type: 'line', source: s, 'source-layer': s, filter: ['==', ['id'], -1],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#0b2a6f', 'line-width': 3 },
    });
  }
  layers.push(...catchmentLayers(sources, areaSets));
  if (has('incidents_2011')) {
    layers.push({
      id: 'pt-incidents_2011', type: 'circle', source: 'incidents_2011', 'source-layer': 'incidents_2011',
      layout: { visibility: 'none' },
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 15, 4],
        'circle-color': '#262626', 'circle-opacity': 0.7,
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.5,
      },
    });
  }
  if (has('schools')) {
    const size = (k) => ['interpolate', ['linear'], ['sqrt', ['to-number', ['coalesce', ['get', 'Headcount'], 0]]], 0, 1.5 * k, 15, 3 * k, 45, 8 * k];
    layers.push({
      id: 'pt-schools', type: 'circle', source: 'schools', 'source-layer': 'schools',
      layout: { visibility: 'none', 'circle-sort-key': ['-', 0, ['to-number', ['coalesce', ['get', 'Headcount'], 0]]] },
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, size(0.55), 12, size(1), 15, size(1.6)],
        'circle-color': rateExpression('suspensions'),
        // A white ring keeps the purples visible on the darkest (crimson) choropleth classes.
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 13, 2],
        'circle-opacity': 0.95,
      },
    });
  }
  if (has('schools_register')) {
    const phases = registerPhaseColors.slice(0, -1).flat();
    layers.push({
      id: 'pt-schools_register', type: 'circle', source: 'schools_register', 'source-layer': 'schools_register',
      layout: { visibility: 'none' },
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2, 12, 4, 15, 7],
        'circle-color': ['match', ['get', 'category'], ...phases, registerPhaseColors.at(-1)[1]],
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1,
      },
    });
  }
  if (has('services')) {
    layers.push({
      id: 'pt-services-halo', type: 'circle', source: 'services', 'source-layer': 'services',
      layout: { visibility: 'none' },
      paint: { 'circle-radius': 11, 'circle-color': '#ffffff', 'circle-opacity': 0.85,
        'circle-stroke-color': '#00586b', 'circle-stroke-width': 1.5 },
    });
    layers.push({
      id: 'pt-services', type: 'circle', source: 'services', 'source-layer': 'services',
      layout: { visibility: 'none' },
      paint: {
        'circle-radius': 6,
        'circle-color': ['match', ['get', 'programme'], 'Step Together', '#00798c', 'Reachable Moments', '#a33d00', 'Safe Spaces', '#3b6e00', 'Place-based working', '#6b3fa0', '#4b4b4b'],
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
      },
    });
  }
  // Point layers of another build, which this client has no style of its own for: plain circles.
  for (const l of catalog.layers.filter((x) => x.kind === 'points' && !STYLED_POINT_LAYERS.includes(x.id))) {
    layers.push({
      id: `pt-${l.id}`, type: 'circle', source: l.id, 'source-layer': l.id, layout: { visibility: 'none' },
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2, 12, 3.5, 15, 6],
        'circle-color': '#3a3a8c', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1,
      },
    });
  }
  sources['borough-labels'] = boroughLabelSource();
  for (const set of [ward, ...geography.smallAreas].filter((s) => s && has(s))) sources[`names-${set}`] = boroughLabelSource();
  sources.marked = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
  if (ward && has(ward)) {
    // Keeps the ward tiles loaded where ward names are shown (labels.js computes their points from them).
    layers.push({ id: `${ward}-names-source`, type: 'line', source: ward, 'source-layer': ward, minzoom: 11, paint: { 'line-opacity': 0 } });
  }
  layers.push(...labelLayers(has));
  // A point chosen from a list (a priority school): a ring that stands out on any fill.
  layers.push({
    id: 'marked-halo', type: 'circle', source: 'marked',
    paint: { 'circle-radius': 16, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 6 },
  });
  layers.push({
    id: 'marked-point', type: 'circle', source: 'marked',
    paint: { 'circle-radius': 16, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#0b2a6f', 'circle-stroke-width': 3 },
  });
  const style = { version: 8, name: 'snamap', 'font-faces': fontFaces(), sources, layers };
  return bm && bm.styleJson ? withVectorBasemap(style, bm.styleJson, bm.attribution) : style;
}

const EMPTY = { type: 'FeatureCollection', features: [] };
const CATCHMENT_COLOUR = '#6a3d9a';

/**
 * A user's catchment (catchment.js): its outline, dashed over a white halo so it reads on any
 * fill; the boundary being drawn (corners and edges); and the areas picked for one (a line per
 * area set, filtered by code). Above the selection, under the points and labels.
 */
function catchmentLayers(sources, areaSets) {
  sources.catchment = { type: 'geojson', data: EMPTY };
  sources.draft = { type: 'geojson', data: EMPTY };
  const layers = [
    { id: 'catchment-fill', type: 'fill', source: 'catchment', paint: { 'fill-color': '#000000', 'fill-opacity': 0.05 } },
    { id: 'catchment-halo', type: 'line', source: 'catchment', layout: { 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 6 } },
    // Dashed violet, as the server's map images and packs draw a catchment.
    { id: 'catchment-line', type: 'line', source: 'catchment', layout: { 'line-join': 'round' }, paint: { 'line-color': CATCHMENT_COLOUR, 'line-width': 3, 'line-dasharray': [3, 1.6] } },
  ];
  for (const s of areaSets) {
    // Provision against need (gaps.js): high-need areas out of every service's reach, and reached.
    layers.push({
      id: `reached-${s}`, type: 'line', source: s, 'source-layer': s, filter: ['in', ['get', 'code'], ['literal', []]],
      layout: { 'line-join': 'round' }, paint: { 'line-color': '#00798c', 'line-width': 2 },
    });
    layers.push({
      id: `gaphalo-${s}`, type: 'line', source: s, 'source-layer': s, filter: ['in', ['get', 'code'], ['literal', []]],
      layout: { 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 5 },
    });
    layers.push({
      id: `gap-${s}`, type: 'line', source: s, 'source-layer': s, filter: ['in', ['get', 'code'], ['literal', []]],
      layout: { 'line-join': 'round' }, paint: { 'line-color': '#111111', 'line-width': 2.5, 'line-dasharray': [3, 1.5] },
    });
    layers.push({
      id: `pick-${s}`, type: 'line', source: s, 'source-layer': s, filter: ['in', ['get', 'code'], ['literal', []]],
      layout: { 'line-join': 'round' }, paint: { 'line-color': CATCHMENT_COLOUR, 'line-width': 3 },
    });
  }
  layers.push(
    { id: 'draft-line', type: 'line', source: 'draft', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': CATCHMENT_COLOUR, 'line-width': 2.5, 'line-dasharray': [1, 1] } },
    { id: 'draft-corners', type: 'circle', source: 'draft', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': CATCHMENT_COLOUR, 'circle-stroke-width': 2.5 } },
  );
  return layers;
}

/** Gi* bins (±3 = 99 %, ±2 = 95 %, ±1 = 90 %) → colour and label. */
export const hotspotClasses = [
  [3, '#b2182b', 'Hot spot, 99 %'],
  [2, '#ef8a62', 'Hot spot, 95 %'],
  [1, '#fddbc7', 'Hot spot, 90 %'],
  [0, '#ececec', 'Not significant'],
  [-1, '#d1e5f0', 'Cold spot, 90 %'],
  [-2, '#67a9cf', 'Cold spot, 95 %'],
  [-3, '#2166ac', 'Cold spot, 99 %'],
];

/** The register of open schools, coloured by GIAS education phase (the layer's category). */
export const registerPhaseColors = [
  ['Primary', '#1b9e77'],
  ['Secondary', '#d95f02'],
  ['All-through', '#7570b3'],
  ['Nursery', '#e7298a'],
  ['16 plus', '#66a61e'],
  ['Phase not applicable (e.g. independent, special, colleges)', '#5f5f5f'],
];

export const serviceColors = [
  ['Step Together', '#00798c'],
  ['Reachable Moments', '#a33d00'],
  ['Safe Spaces', '#3b6e00'],
  ['Place-based working', '#6b3fa0'],
  ['Other programmes', '#4b4b4b'],
];


/**
 * Fetches the vector basemap's style when /catalog names one (basemap.style, from the server's
 * basemap_url), into catalog.basemap.styleJson. A style that cannot be had leaves the map without
 * a basemap (a warning in the console), as offline.
 */
export async function loadVectorBasemap(catalog) {
  const bm = catalog.basemap;
  if (!bm || !bm.style) return;
  try {
    const res = await fetch(bm.style);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bm.styleJson = await res.json();
  } catch (err) {
    console.warn(`basemap style ${bm.style} could not be loaded: ${err.message}`);
  }
}

/**
 * A vector basemap's style merged with ours: its sources and layers renamed "basemap-…", its
 * background and other non-label layers drawn under the area fills, its labels (symbol layers)
 * over the areas' fills and outlines but under the point overlays and our own place names; its
 * glyphs and sprite kept (our labels use local font faces, our hatch an added image).
 */
export function withVectorBasemap(style, base, attribution) {
  const rename = (id) => `basemap-${id}`;
  const sources = {};
  for (const [id, source] of Object.entries(base.sources || {})) {
    sources[rename(id)] = attribution && !source.attribution ? { ...source, attribution } : source;
  }
  const layers = (base.layers || []).map((l) => ({ ...l, id: rename(l.id), ...(l.source ? { source: rename(l.source) } : {}) }));
  const under = layers.filter((l) => l.type !== 'symbol');
  const labels = layers.filter((l) => l.type === 'symbol');
  const ours = style.layers.filter((l) => l.id !== 'background');
  const firstOver = ours.findIndex((l) => l.type === 'circle' || l.type === 'symbol');
  const at = firstOver < 0 ? ours.length : firstOver;
  const merged = { ...style, sources: { ...sources, ...style.sources }, layers: [...under, ...ours.slice(0, at), ...labels, ...ours.slice(at)] };
  if (!under.some((l) => l.type === 'background')) merged.layers.unshift(style.layers.find((l) => l.id === 'background'));
  if (base.glyphs) merged.glyphs = base.glyphs;
  if (base.sprite) merged.sprite = base.sprite;
  return merged;
}
