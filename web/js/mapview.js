// The MapLibre map: one vector source per area set and point layer (from the server's TileJSON,
// or from a PMTiles archive on a static host when the server's config names one),
// choropleth colours joined client-side through feature-state (no tile refetch when the
// indicator changes), hover/selection outlines, point overlays. A raster basemap only when the
// server's config names one; place names as symbol layers drawn from local font files (labels.js).
import * as maplibregl from '../vendor/maplibre-gl/maplibre-gl.mjs';
import { noDataColor } from './classify.js';
import { boroughKey, currentSmallArea, geography, isRegionSet, isSmallArea } from './geography.js';
import { areaLabelData, boroughLabelData, namedSets } from './labels.js';
import { buildStyle, hatchImage, rateExpression } from './mapstyle.js';

export { WITHHELD_COLOUR, hotspotClasses, registerPhaseColors, schoolColors, schoolMeasures, serviceColors } from './mapstyle.js';

export { maplibregl };

let staticTiles = null;

/**
 * When any catalog layer comes from a PMTiles archive, loads the pmtiles reader (only then) and
 * registers its pmtiles:// protocol with MapLibre, once. Must finish before the map is made.
 */
export async function registerStaticTiles(catalog) {
  if (!catalog.layers.some((l) => l.pmtiles)) return;
  if (!staticTiles) {
    staticTiles = import('../vendor/pmtiles/pmtiles.mjs').then(({ Protocol }) => {
      // metadata: true reads the archive's JSON metadata too, so the source has the
      // attribution and vector_layers the server's TileJSON would have given.
      const protocol = new Protocol({ metadata: true });
      maplibregl.addProtocol('pmtiles', protocol.tile);
    });
  }
  await staticTiles;
}

/**
 * Owns the MapLibre map. Emits 'hover' ({set, id, properties, point} | null), 'select'
 * ({set, code, fid, properties}) and 'point' ({layer, properties, lngLat}) events.
 */
export class MapView extends EventTarget {
  constructor(container, catalog, { bounds, view, interactive = true } = {}) {
    super();
    this.catalog = catalog;
    this.sets = geography.sets.filter((s) => catalog.layers.some((l) => l.id === s));
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
      options.bounds = bounds;  // refined by bestFit below, before the first frame
    }
    this.map = new maplibregl.Map(options);
    if (!view && bounds) this.map.jumpTo(this.bestFit(bounds));
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    // Top right, under the zoom buttons: the always-visible attribution needs the bottom edge.
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'top-right');
    this.loaded = new Promise((resolve) => this.map.once('load', resolve));
    this.map.on('styleimagemissing', () => {});
    this.map.once('load', () => {
      this.map.addImage('snamap-hatch', hatchImage());
      this.wireEvents();
      this.map.on('idle', () => this.updateAreaLabels());
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
    const pointLayers = () => map.getStyle().layers.map((l) => l.id)
      .filter((id) => id.startsWith('pt-') && id !== 'pt-services-halo' && map.getLayoutProperty(id, 'visibility') === 'visible');
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
      if (this.clickMode) {
        this.clickMode({ lngLat: [e.lngLat.lng, e.lngLat.lat], area: this.areaAt(e.point) });
        return;
      }
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
        if (this.clickMode) this.clickMode({ lngLat: map.getCenter().toArray(), area: this.areaAt(c) });
        else this.selectAt(c);
      }
    });
  }

  /** The area of the mapped set under a screen point: {set, code, fid, properties}, or null. */
  areaAt(point) {
    if (!this.activeSet) return null;
    const f = this.map.queryRenderedFeatures(point, { layers: [`fill-${this.activeSet}`] })[0];
    return f ? { set: this.activeSet, code: f.properties.code, fid: f.id, properties: f.properties } : null;
  }

  selectAt(point) {
    const detail = this.areaAt(point);
    if (detail) this.dispatchEvent(new CustomEvent('select', { detail }));
  }

  /**
   * Hands map clicks (and Enter on the focused map: the point under the centre cross) to `fn`
   * ({lngLat, area}) instead of selecting, while a catchment is drawn or picked; null restores.
   */
  setClickMode(fn) {
    this.clickMode = fn;
    this.map.getCanvas().style.cursor = fn ? 'crosshair' : '';
    if (fn) this.map.doubleClickZoom.disable();
    else this.map.doubleClickZoom.enable();
  }

  /** The catchment outline (a GeoJSON geometry), or none with null. */
  setCatchment(geometry) {
    const features = geometry ? [{ type: 'Feature', properties: {}, geometry }] : [];
    this.map.getSource('catchment')?.setData({ type: 'FeatureCollection', features });
  }

  /** The boundary being drawn: its corners, and its edges closed back to the first corner. */
  setDraft(corners) {
    const features = corners.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } }));
    if (corners.length > 1) {
      const line = corners.length > 2 ? [...corners, corners[0]] : corners;
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } });
    }
    this.map.getSource('draft')?.setData({ type: 'FeatureCollection', features });
  }

  /** Outlines high-need areas out of reach (`gaps`) and within reach (`reached`) of `set`, or none. */
  setGaps(set, gaps, reached) {
    this.outlineCodes('gap', set, gaps);
    this.outlineCodes('gaphalo', set, gaps);
    this.outlineCodes('reached', set, reached);
  }

  /** Shows the `prefix-{set}` line layers for these codes of `set` only (none in other sets). */
  outlineCodes(prefix, set, codes) {
    for (const s of this.sets) {
      const id = `${prefix}-${s}`;
      if (this.map.getLayer(id)) this.map.setFilter(id, ['in', ['get', 'code'], ['literal', s === set ? codes : []]]);
    }
  }

  /** Outlines the areas picked for a catchment (codes of one set), or none. */
  setPicked(set, codes) {
    this.outlineCodes('pick', set, codes);
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
    // LSOA names in the vintage shown; on other maps the 2021 names.
    const named = isSmallArea(set) ? set : currentSmallArea();
    for (const s of geography.smallAreas) this.setVisibility(`label-${s}`, s === named && !isRegionSet(set));
    this.updateWardOutline();
  }

  /** Ward outlines orient LSOA maps; they are the choropleth's own borders on ward maps. */
  setWardOutlines(on) {
    this.wardsWanted = on;
    this.updateWardOutline();
  }

  updateWardOutline() {
    this.setVisibility('wards-outline', Boolean(this.wardsWanted) && isSmallArea(this.activeSet));
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
      if (la && !isRegionSet(s)) {
        const key = boroughKey(s);
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

  /** Ward and LSOA name points from the loaded tiles, redone when the view has changed and settled. */
  updateAreaLabels() {
    const z = this.map.getZoom();
    const key = `${z.toFixed(2)}/${this.map.getCenter().toArray().map((v) => v.toFixed(5))}/${this.activeSet}`;
    if (key === this.labelKey) return;
    this.labelKey = key;
    for (const [set, minzoom] of namedSets()) {
      const source = this.map.getSource(`names-${set}`);
      const visible = this.map.getLayer(`label-${set}`) && this.map.getLayoutProperty(`label-${set}`, 'visibility') !== 'none';
      if (source && visible && z >= minzoom - 0.5) source.setData(areaLabelData(this.map, set));
    }
  }

  /** Borough names at their label points: [{code, name, point}]. */
  setBoroughLabels(boroughs) {
    this.map.getSource('borough-labels')?.setData(boroughLabelData(boroughs));
  }

  /** Rings one point ({lngLat, label}) or clears the ring with null. */
  setMarkedPoint(mark) {
    const features = mark ? [{ type: 'Feature', properties: { label: mark.label || '' }, geometry: { type: 'Point', coordinates: mark.lngLat } }] : [];
    this.map.getSource('marked')?.setData({ type: 'FeatureCollection', features });
    this.marked = mark;
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
  /** Padding candidates for fitting an area: the floating legend kept clear on its right, or below it. */
  paddings(container = this.map.getContainer()) {
    const w = container.clientWidth;
    const h = container.clientHeight;
    const pad = Math.max(10, Math.min(40, Math.round(Math.min(w, h) / 10)));
    const plain = { top: pad, bottom: pad + 10, left: pad, right: pad + 30 };
    const legend = container.parentElement?.querySelector('.legend');
    const floating = legend && getComputedStyle(legend).position === 'absolute';
    if (!floating || w <= 700) return [plain];
    // The legend may still be loading (short): below it means below its usual height, at least.
    const legendBottom = legend.offsetTop + Math.max(legend.offsetHeight, 300);
    return [{ ...plain, left: legend.offsetWidth + 20 }, { ...plain, top: legendBottom + 10 }];
  }

  /** The camera showing a bbox largest with the legend clear of it: beside or below the legend. */
  bestFit(bbox, maxZoom = 14) {
    const bounds = [[bbox[0], bbox[1]], [bbox[2], bbox[3]]];
    const cameras = this.paddings().map((padding) => this.map.cameraForBounds(bounds, { padding, maxZoom })).filter(Boolean);
    return cameras.reduce((best, c) => (!best || c.zoom > best.zoom ? c : best), null) || {};
  }

  fitBbox(bbox, { maxZoom = 14, animate = !window.matchMedia('(prefers-reduced-motion: reduce)').matches } = {}) {
    const camera = this.bestFit(bbox, maxZoom);
    if (animate) this.map.easeTo({ ...camera, duration: 900 });
    else this.map.jumpTo(camera);
  }

  view() {
    const c = this.map.getCenter();
    return { zoom: this.map.getZoom(), lat: c.lat, lon: c.lng };
  }
}
