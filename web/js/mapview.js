// The MapLibre map: one vector source per area set and point layer (from the server's TileJSON),
// choropleth colours joined client-side through feature-state (no tile refetch when the
// indicator changes), hover/selection outlines, point overlays. A raster basemap only when the
// server's config names one; no glyphs, no symbol layers: the few labels are HTML markers.
import * as maplibregl from '../vendor/maplibre-gl/maplibre-gl.mjs';
import { noDataColor, palettes } from './classify.js';

export { maplibregl };

export const AREA_SETS = ['pfa', 'lad', 'ward22', 'lsoa11', 'lsoa21'];
const POINT_LAYERS = ['schools', 'services', 'incidents_2011'];

const BACKGROUND = '#f3f5f7';

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

function rateExpression(measure) {
  const m = schoolMeasures[measure];
  const colors = schoolColors;
  return ['let', 'hd', ['to-number', ['coalesce', ['get', 'Hd_201819'], 0]],
    ['case', ['>', ['var', 'hd'], 0],
      ['step', ['/', ['*', 100, ['to-number', ['coalesce', ['get', m.numerator], 0]]], ['var', 'hd']],
        colors[0], m.breaks[0], colors[1], m.breaks[1], colors[2], m.breaks[2], colors[3], m.breaks[3], colors[4]],
      '#ffffff']];
}

/** A 8×8 diagonal hatch for "no data", drawn into an ImageData (no sprite sheet needed). */
function hatchImage() {
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

function buildStyle(catalog) {
  const sources = {};
  for (const layer of catalog.layers) {
    sources[layer.id] = { type: 'vector', url: layer.tilejson };
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
  const areaSets = AREA_SETS.filter(has);
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
  if (has('ward22')) {
    layers.push({
      id: 'wards-outline', type: 'line', source: 'ward22', 'source-layer': 'ward22', minzoom: 10,
      layout: { visibility: 'none', 'line-join': 'round' },
      paint: { 'line-color': '#3d3d3d', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 14, 1.4], 'line-opacity': 0.8 },
    });
  }
  if (has('lad')) {
    layers.push({
      id: 'lad-halo', type: 'line', source: 'lad', 'source-layer': 'lad',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 2, 12, 4.5], 'line-opacity': 0.9 },
    });
    layers.push({
      id: 'lad-outline', type: 'line', source: 'lad', 'source-layer': 'lad',
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
        'circle-stroke-color': '#2d004b', 'circle-stroke-width': 1,
        'circle-opacity': 0.95,
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
  return { version: 8, name: 'snamap', sources, layers };
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

export const serviceColors = [
  ['Step Together', '#00798c'],
  ['Reachable Moments', '#a33d00'],
  ['Safe Spaces', '#3b6e00'],
  ['Place-based working', '#6b3fa0'],
  ['Other programmes', '#4b4b4b'],
];

/**
 * Owns the MapLibre map. Emits 'hover' ({set, id, properties, point} | null), 'select'
 * ({set, code, fid, properties}) and 'point' ({layer, properties, lngLat}) events.
 */
export class MapView extends EventTarget {
  constructor(container, catalog, { bounds, view, interactive = true } = {}) {
    super();
    this.catalog = catalog;
    this.sets = AREA_SETS.filter((s) => catalog.layers.some((l) => l.id === s));
    this.activeSet = null;
    this.valueFids = new Map(); // set → Set of fids holding a 'v' state
    this.codeValues = new Map(); // set → Map code → value, when coloured by code
    this.hotFids = new Map();
    this.hovered = null;
    this.selected = null;
    this.layerVisible = new Set();
    const options = {
      container,
      style: buildStyle(catalog),
      attributionControl: { compact: false },
      interactive,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
      fadeDuration: 0,
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      // Tests sample canvas pixels; keeping the buffer costs little at these sizes.
      preserveDrawingBuffer: true,
    };
    if (view) {
      options.center = [view.lon, view.lat];
      options.zoom = view.zoom;
    } else if (bounds) {
      options.bounds = bounds;
      options.fitBoundsOptions = { padding: this.padding(container) };
    }
    this.map = new maplibregl.Map(options);
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    // Top right, under the zoom buttons: the always-visible attribution needs the bottom edge.
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'top-right');
    this.loaded = new Promise((resolve) => this.map.once('load', resolve));
    this.map.on('styleimagemissing', () => {});
    this.map.once('load', () => {
      this.map.addImage('snamap-hatch', hatchImage());
      this.wireEvents();
    });
  }

  /** Resolves on the next 'idle' (all tiles loaded and rendered). */
  idle() {
    return new Promise((resolve) => {
      if (this.map.loaded() && this.map.areTilesLoaded() && !this.map.isMoving()) {
        this.map.once('idle', resolve);
        this.map.triggerRepaint();
      } else {
        this.map.once('idle', resolve);
      }
    });
  }

  wireEvents() {
    const map = this.map;
    const pointLayers = () => ['pt-services', 'pt-schools', 'pt-incidents_2011'].filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') === 'visible');
    map.on('mousemove', (e) => {
      if (!this.activeSet) return;
      const points = pointLayers();
      const pf = points.length ? map.queryRenderedFeatures(e.point, { layers: points }) : [];
      if (pf.length) {
        map.getCanvas().style.cursor = 'pointer';
        this.setHover(null, e.point);
        return;
      }
      const f = map.queryRenderedFeatures(e.point, { layers: [`fill-${this.activeSet}`] })[0];
      map.getCanvas().style.cursor = f ? 'pointer' : '';
      this.setHover(f || null, e.point);
    });
    map.getCanvas().addEventListener('mouseleave', () => this.setHover(null));
    map.on('click', (e) => {
      const points = pointLayers();
      const pf = points.length ? map.queryRenderedFeatures(e.point, { layers: points }) : [];
      if (pf.length) {
        const f = pf[0];
        this.dispatchEvent(new CustomEvent('point', { detail: { layer: f.layer.id.replace(/^pt-/, ''), properties: f.properties, lngLat: f.geometry.coordinates } }));
        return;
      }
      this.selectAt(e.point);
    });
    // Keyboard: Enter or Space on the focused map selects the area at its centre (a crosshair shows where).
    const canvas = map.getCanvas();
    canvas.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        const c = map.project(map.getCenter());
        this.selectAt(c);
      }
    });
  }

  selectAt(point) {
    if (!this.activeSet) return;
    const f = this.map.queryRenderedFeatures(point, { layers: [`fill-${this.activeSet}`] })[0];
    if (!f) return;
    this.dispatchEvent(new CustomEvent('select', {
      detail: { set: this.activeSet, code: f.properties.code, fid: f.id, properties: f.properties },
    }));
  }

  setHover(feature, point) {
    const prev = this.hovered;
    if (prev && (!feature || prev.id !== feature.id || prev.set !== this.activeSet)) {
      this.map.setFeatureState({ source: prev.set, sourceLayer: prev.set, id: prev.id }, { hover: false });
      this.hovered = null;
    }
    if (feature && feature.id !== undefined) {
      if (!this.hovered) {
        this.hovered = { set: this.activeSet, id: feature.id };
        this.map.setFeatureState({ source: this.activeSet, sourceLayer: this.activeSet, id: feature.id }, { hover: true });
      }
      this.dispatchEvent(new CustomEvent('hover', { detail: { set: this.activeSet, id: feature.id, properties: feature.properties, point } }));
    } else {
      this.dispatchEvent(new CustomEvent('hover', { detail: null }));
    }
  }

  setVisibility(id, on) {
    if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
  }

  /** Shows the choropleth of `set` and hides the others. */
  setActiveSet(set) {
    this.setHover(null);
    this.activeSet = set;
    // Below the layer's minzoom there are no tiles: the map would go blank, so stop there.
    const minzoom = this.catalog.layers.find((l) => l.id === set)?.minzoom ?? 0;
    this.map.setMinZoom(Math.max(0, minzoom));
    for (const s of this.sets) {
      for (const prefix of ['fill', 'hatch', 'line', 'hover']) this.setVisibility(`${prefix}-${s}`, s === set);
    }
    this.updateWardOutline();
  }

  /** Ward outlines orient LSOA maps; they are the choropleth's own borders on ward maps. */
  setWardOutlines(on) {
    this.wardsWanted = on;
    this.updateWardOutline();
  }

  updateWardOutline() {
    this.setVisibility('wards-outline', Boolean(this.wardsWanted) && (this.activeSet === 'lsoa11' || this.activeSet === 'lsoa21'));
  }

  /**
   * Joins values to features by feature id (feature-state 'v') and sets the class colours.
   * @param {string} set the area set
   * @param {Map<number, number>} byFid values by feature id
   */
  setValues(set, byFid) {
    this.codeValues.delete(set);
    const map = this.map;
    const before = this.valueFids.get(set) || new Set();
    const now = new Set();
    for (const [fid, v] of byFid) {
      map.setFeatureState({ source: set, sourceLayer: set, id: fid }, { v });
      now.add(fid);
    }
    for (const fid of before) {
      if (!now.has(fid)) map.setFeatureState({ source: set, sourceLayer: set, id: fid }, { v: null });
    }
    this.valueFids.set(set, now);
  }

  /**
   * Colours areas by code instead of feature id (values aggregated by the server to a parent
   * geography come keyed by code): a match expression per class. Clears any feature-state values.
   * @param {Map<string, number>} byCode
   */
  setCodeValues(set, byCode) {
    this.setValues(set, new Map());
    this.codeValues.set(set, byCode);
  }

  setClasses(set, breaks, colors) {
    const byCode = this.codeValues.get(set);
    if (byCode) {
      const groups = colors.map(() => []);
      const valued = [];
      for (const [code, v] of byCode) {
        if (!Number.isFinite(v)) continue;
        let i = 0;
        while (i < breaks.length && v >= breaks[i]) i++;
        groups[i].push(code);
        valued.push(code);
      }
      const match = ['match', ['get', 'code']];
      groups.forEach((codes, i) => { if (codes.length) match.push(codes, colors[i]); });
      match.push(noDataColor);
      this.map.setPaintProperty(`fill-${set}`, 'fill-color', valued.length ? match : noDataColor);
      this.map.setPaintProperty(`hatch-${set}`, 'fill-opacity', valued.length ? ['match', ['get', 'code'], valued, 0, 0.55] : 0.55);
      return;
    }
    this.map.setPaintProperty(`hatch-${set}`, 'fill-opacity', ['case', ['==', ['typeof', ['feature-state', 'v']], 'number'], 0, 0.55]);
    let color;
    if (!breaks.length) color = colors[0] || noDataColor;
    else {
      const step = ['step', ['to-number', ['feature-state', 'v']], colors[0]];
      breaks.forEach((b, i) => step.push(b, colors[i + 1]));
      color = step;
    }
    this.map.setPaintProperty(`fill-${set}`, 'fill-color',
      ['case', ['==', ['typeof', ['feature-state', 'v']], 'number'], color, noDataColor]);
  }

  /** Dims areas outside the chosen borough (LAD code), or clears the filter. */
  setBoroughFilter(la) {
    for (const s of this.sets) {
      let opacity = 0.9;
      if (la && s !== 'pfa') {
        const key = s === 'lad' ? 'code' : 'lad_code';
        opacity = ['case', ['==', ['get', key], la], 0.92, 0.22];
      }
      this.map.setPaintProperty(`fill-${s}`, 'fill-opacity', opacity);
    }
  }

  /** Outlines one area (any set), or clears the outline with null. */
  setSelection(sel) {
    this.selected = sel;
    for (const s of this.sets) {
      const filter = sel && sel.set === s && sel.fid !== undefined && sel.fid !== null
        ? ['==', ['id'], sel.fid]
        : ['==', ['id'], -1];
      this.map.setFilter(`sel-${s}`, filter);
      this.map.setFilter(`selhalo-${s}`, filter);
    }
  }

  /** Hotspot classes by feature id: ±3 = 99 %, ±2 = 95 %, ±1 = 90 % (hot > 0, cold < 0). */
  setHotspots(set, byFid) {
    const before = this.hotFids.get(set) || new Set();
    for (const fid of before) this.map.setFeatureState({ source: set, sourceLayer: set, id: fid }, { h: 0 });
    const now = new Set();
    if (byFid) {
      for (const [fid, h] of byFid) {
        this.map.setFeatureState({ source: set, sourceLayer: set, id: fid }, { h });
        now.add(fid);
      }
    }
    this.hotFids.set(set, now);
    for (const s of this.sets) this.setVisibility(`hot-${s}`, Boolean(byFid) && s === set);
  }

  setSchoolMeasure(measure) {
    if (this.map.getLayer('pt-schools')) this.map.setPaintProperty('pt-schools', 'circle-color', rateExpression(measure));
  }

  setPointLayer(name, on) {
    if (name === 'services') {
      this.setVisibility('pt-services-halo', on);
      this.setVisibility('pt-services', on);
    } else {
      this.setVisibility(`pt-${name}`, on);
    }
  }

  featureState(set, fid) {
    return this.map.getFeatureState({ source: set, sourceLayer: set, id: fid });
  }

  /** Features of the loaded tiles of `set` matching a filter, one per id. */
  sourceFeatures(set, filter) {
    const seen = new Map();
    for (const f of this.map.querySourceFeatures(set, { sourceLayer: set, filter })) {
      if (!seen.has(f.id)) seen.set(f.id, f);
    }
    return [...seen.values()];
  }

  /** Fit padding that keeps areas clear of the legend where it floats over the map. */
  padding(container = this.map.getContainer()) {
    const w = container.clientWidth;
    const h = container.clientHeight;
    const pad = Math.max(10, Math.min(40, Math.round(Math.min(w, h) / 10)));
    const legend = container.parentElement?.querySelector('.legend');
    const floating = legend && getComputedStyle(legend).position === 'absolute';
    const left = floating && w > 700 ? legend.offsetWidth + 20 : pad;
    return { top: pad, bottom: pad + 10, left, right: pad + 30 };
  }

  fitBbox(bbox, { maxZoom = 14, animate = !window.matchMedia('(prefers-reduced-motion: reduce)').matches } = {}) {
    this.map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: this.padding(), maxZoom, animate, duration: animate ? 900 : 0 });
  }

  view() {
    const c = this.map.getCenter();
    return { zoom: this.map.getZoom(), lat: c.lat, lon: c.lng };
  }
}
