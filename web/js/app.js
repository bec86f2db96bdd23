// The application: owns the state, fetches data, and keeps the map, legend, picker, profile,
// table and URL in step. Components call back into it; nothing else mutates the state.
import { apiBase, getJson, getText, isRouteMissing, optionalJson } from './api.js';
import { classify, colorsForBreaks } from './classify.js';
import { CompositePanel, computeComposite, presetFor } from './composite.js';
import { parseCsvObjects } from './csv.js';
import { Downloads } from './downloads.js';
import { escapeHtml, formatInt, formatValue, monthLabel, setLabels, setPlural } from './format.js';
import { renderLegend } from './legend.js';
import { hotspotClasses, MapView, maplibregl, schoolColors, schoolMeasures, serviceColors } from './mapview.js';
import { IndicatorPicker } from './picker.js';
import { ProfilePanel } from './profile.js';
import { PrioritySchools } from './schools.js';
import { SearchBox } from './search.js';
import { ShareDialog } from './share.js';
import { COMPOSITE, defaultState, embedUrl, paramString, permalink, readLocation, toParams } from './state.js';
import { TableView } from './table.js';

const $ = (sel) => document.querySelector(sel);
const DEFAULT_INDICATOR = 'imd25_score';
const OVERLAYS = ['wards', 'schools', 'services', 'incidents_2011', 'hotspots'];

function toValueData(id, meta, res) {
  const byCode = new Map(Object.entries(res.values || {}));
  const byFid = new Map();
  for (const [fid, v] of Object.entries(res.by_feature_id || {})) {
    if (typeof v === 'number' && Number.isFinite(v)) byFid.set(Number(fid), v);
  }
  return { kind: 'indicator', id, meta, set: res.set || meta.set, period: res.period, periods: res.periods || [], byCode, byFid };
}

/** Regional ranks, 1 = worst (highest for higher-is-worse and neutral, lowest for higher-is-better). */
function rankData(data) {
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

export class App {
  constructor({ embed = false } = {}) {
    this.embed = embed;
    this.state = defaultState();
    this.current = null;
    this.valuesCache = new Map();
    this.seriesCache = new Map();
    this.seriesWanted = new Set();
    this.flaggedPeriods = new Map();
    this.boroughs = new Map(); // LAD code → {name, bbox, label_point}
    this.namesCache = new Map();
    this.seq = 0;
    this.readyResolve = null;
    this.ready = new Promise((r) => { this.readyResolve = r; });
  }

  async start() {
    const [catalog, indicatorsDoc] = await Promise.all([getJson('/catalog'), getJson('/api/indicators')]);
    this.catalog = catalog;
    this.dataVersion = indicatorsDoc.data_version || catalog.data_version;
    this.themes = indicatorsDoc.themes;
    this.indicators = new Map();
    for (const t of this.themes) for (const i of t.indicators) this.indicators.set(i.id, { ...i, theme: t.theme });
    this.compositeIds = presetFor(this.indicators);

    const fromUrl = readLocation();
    Object.assign(this.state, fromUrl);
    if (fromUrl.dataVersion && fromUrl.dataVersion !== this.dataVersion) {
      this.showBanner(`This link was made with data version ${fromUrl.dataVersion}; the server now has ${this.dataVersion}. Values may differ from the ones first shared.`);
    }
    this.state.dataVersion = this.dataVersion;
    if (!this.indicators.has(this.state.indicator) && this.state.indicator !== COMPOSITE) {
      this.state.indicator = this.indicators.has(DEFAULT_INDICATOR) ? DEFAULT_INDICATOR : this.indicators.keys().next().value;
    }
    this.state.classes = Math.max(5, Math.min(7, this.state.classes));

    const regionLayer = catalog.layers.find((l) => l.id === 'lad') || catalog.layers.find((l) => l.kind === 'areas');
    const regionTj = await getJson(new URL(regionLayer.tilejson).pathname);
    this.regionBounds = regionTj.bounds;
    this.mapView = new MapView($('#map'), catalog, { bounds: regionTj.bounds, view: this.state.view });
    this.map = this.mapView.map;
    this.buildUi();
    await this.mapView.loaded;
    this.mapView.setWardOutlines(this.state.layers.includes('wards'));
    for (const name of ['schools', 'services', 'incidents_2011']) this.mapView.setPointLayer(name, this.state.layers.includes(name));
    await this.applyIndicator({ restoring: true });
    if (this.state.selection) await this.selectArea(this.state.selection, { fly: !this.state.view, restoring: true });
    if (this.state.table) this.setTable(true);
    this.map.on('moveend', () => {
      this.state.view = this.mapView.view();
      this.scheduleUrl();
    });
    this.map.once('idle', () => this.loadBoroughs());
    this.checkOptionalRoutes();
    this.updateUrl();
    this.readyResolve();
  }

  // ---------------------------------------------------------------- UI wiring

  buildUi() {
    const picker = $('#indicator');
    if (picker) {
      this.picker = new IndicatorPicker({
        select: picker, info: $('#indicator-info'), popover: $('#indicator-popover'),
        period: $('#period'), periodRow: $('#period-row'),
      }, this);
    }
    $('#method')?.addEventListener('change', (e) => this.setClassification(e.target.value, this.state.classes));
    $('#classes')?.addEventListener('change', (e) => this.setClassification(this.state.method, Number(e.target.value)));
    if ($('#method')) $('#method').value = this.state.method;
    if ($('#classes')) $('#classes').value = String(this.state.classes);
    $('#borough')?.addEventListener('change', (e) => this.setBorough(e.target.value));
    $('#geo')?.addEventListener('change', (e) => this.setGeo(e.target.value));

    if ($('#search-input')) {
      this.search = new SearchBox($('#search-input'), $('#search-results'), $('#search-status'), (r) => {
        this.selectArea({ set: r.set, code: r.code, fid: r.fid, bbox: r.bbox }, { fly: true, focus: true });
      });
    }
    if ($('#composite-panel')) this.composite = new CompositePanel($('#composite-panel'), this, this.compositeIds);

    if ($('#schools-group')) this.schools = new PrioritySchools($('#schools-group'), $('#schools-panel'), this);
    this.profile = new ProfilePanel($('#profile'), this);
    this.downloads = new Downloads(this);
    if ($('#table-view')) this.table = new TableView($('#table-view'), this);
    $('#toggle-table')?.addEventListener('click', () => this.setTable(!this.state.table));

    for (const input of document.querySelectorAll('#layers input[type=checkbox]')) {
      input.checked = this.state.layers.includes(input.value);
      input.addEventListener('change', () => this.setOverlay(input.value, input.checked));
    }
    $('#school-measure')?.addEventListener('change', (e) => {
      this.mapView.setSchoolMeasure(e.target.value);
      this.renderSchoolKey();
    });
    this.renderSchoolKey();
    this.renderServiceKey();

    $('#download-csv')?.addEventListener('click', () => this.runDownload(() => this.downloads.csvCurrent()));
    $('#download-csv-area')?.addEventListener('click', () => this.runDownload(() => this.downloads.csvForSelection()));
    $('#download-geojson')?.addEventListener('click', () => this.runDownload(() => this.downloads.geojsonForSelection()));
    $('#download-xlsx')?.addEventListener('click', () => this.runDownload(() => this.downloads.xlsx()));
    $('#download-xlsx-area')?.addEventListener('click', () => this.runDownload(() => this.downloads.xlsx({ onlySelection: true })));
    $('#copy-link')?.addEventListener('click', () => this.copy(permalink(this.state), 'Link copied.'));
    if ($('#embed-dialog')) this.share = new ShareDialog($('#embed-dialog'), this);
    $('#copy-embed')?.addEventListener('click', (e) => this.share?.open(e.currentTarget));

    $('#banner-close')?.addEventListener('click', () => { $('#banner').hidden = true; });
    this.tooltip = $('#tooltip');
    this.mapView.addEventListener('hover', (e) => this.showTooltip(e.detail));
    this.mapView.addEventListener('select', (e) => this.selectArea(e.detail, { fly: false }));
    this.mapView.addEventListener('point', (e) => this.showPointPopup(e.detail));
    const canvas = this.map.getCanvas();
    canvas.setAttribute('aria-label', 'Map. Arrow keys pan, plus and minus zoom, Enter selects the area under the centre cross.');
    canvas.addEventListener('focus', () => {
      if (canvas.matches(':focus-visible')) $('#map')?.classList.add('keyboard-focus');
    });
    canvas.addEventListener('blur', () => $('#map')?.classList.remove('keyboard-focus'));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.popup) this.popup.remove();
    });
  }

  async runDownload(fn) {
    try {
      this.setBusy(true);
      await fn();
    } catch (err) {
      this.announce(`Download failed: ${err.message}`);
    } finally {
      this.setBusy(false);
    }
  }

  setBusy(on) {
    document.body.classList.toggle('busy', on);
  }

  announce(msg) {
    const el = $('#status');
    if (el) el.textContent = msg;
  }

  showBanner(msg) {
    const el = $('#banner');
    if (!el) return;
    el.hidden = false;
    el.querySelector('.banner-text').textContent = msg;
  }

  async copy(text, done) {
    const out = $('#share-output');
    if (out) {
      out.value = text;
      out.hidden = false;
    }
    try {
      await navigator.clipboard.writeText(text);
      this.announce(done);
    } catch {
      out?.select();
      this.announce('Copy the selected text with Ctrl+C.');
    }
  }

  embedCode() {
    const title = this.current ? `snamap: ${this.current.meta.title}` : 'snamap map';
    return `<iframe src="${escapeHtml(embedUrl(this.state, apiBase))}" title="${escapeHtml(title)}" width="100%" height="520" style="border:0" loading="lazy" referrerpolicy="no-referrer-when-downgrade"></iframe>`;
  }

  /** The printable evidence pack (/report/{code}, or its PDF), pinned to the data version shown. */
  reportUrl(code, { pdf = false } = {}) {
    const url = new URL(`report/${encodeURIComponent(code)}${pdf ? '.pdf' : ''}`, apiBase);
    url.searchParams.set('v', this.dataVersion);
    return url.href;
  }

  // ---------------------------------------------------------------- URL

  scheduleUrl() {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => this.updateUrl(), 250);
  }

  updateUrl() {
    if (!this.embed) {
      const hash = `#${paramString(toParams(this.state))}`;
      if (window.location.hash !== hash) history.replaceState(null, '', hash);
    }
    const full = $('#open-full');
    if (full) full.href = new URL(`#${paramString(toParams(this.state))}`, apiBase).href;
  }

  // ---------------------------------------------------------------- data

  /** One indicator's values for a period (null = default), cached. */
  async valuesFor(id, period = null) {
    const key = `${id}|${period || ''}`;
    if (!this.valuesCache.has(key)) {
      const meta = this.indicators.get(id);
      const p = getJson(`/api/indicators/${encodeURIComponent(id)}/values`, { set: meta.set, period: period || undefined })
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

  /** Parent geographies the server can aggregate an indicator to (LSOA 2021 → ward, borough; LSOA 2011 → borough). */
  aggregateTargets(meta) {
    if (!meta || isRouteMissing('aggregate')) return [];
    if (meta.set === 'lsoa21') return ['ward22', 'lad'];
    if (meta.set === 'lsoa11') return ['lad'];
    return [];
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

  async applyIndicator({ restoring = false } = {}) {
    const seq = ++this.seq;
    const id = this.state.indicator;
    this.announce('Loading…');
    let data;
    try {
      if (id === COMPOSITE) {
        this.fillWeights();
        this.compositeAbort?.abort();
        this.compositeAbort = new AbortController();
        data = await computeComposite(this.compositeIds, this.state.weights, this.indicators, (cid) => this.valuesFor(cid), {
          signal: this.compositeAbort.signal, codeToFid: (code) => this.codeToFid(this.indicators.get(this.compositeIds[0]).set, code),
        });
        this.composite?.setMode(data.source === 'server'
          ? 'Computed by the server. Weights 0 (off) to 2 (double).'
          : 'Computed in your browser (no server composite route): z-scores, weighted sum. Weights 0 (off) to 2 (double).');
      } else {
        const meta = this.indicators.get(id);
        if (this.state.geo && this.aggregateTargets(meta).includes(this.state.geo)) {
          data = await this.aggregateFor(id, this.state.period, this.state.geo);
        }
        if (!data) {
          data = await this.valuesFor(id, this.state.period);
          if (!this.aggregateTargets(meta).includes(this.state.geo)) this.state.geo = '';
        }
        if (this.state.period && data.period !== this.state.period) this.state.period = null;
      }
    } catch (err) {
      if (err.name === 'AbortError') return;
      if (seq === this.seq) this.announce(`Could not load ${id}: ${err.message}`);
      throw err;
    }
    if (seq !== this.seq) return;
    rankData(data);
    const prevSet = this.current?.set;
    this.current = data;
    this.mapView.setActiveSet(data.set);
    if (data.aggregated) this.mapView.setCodeValues(data.set, new Map([...data.byCode].map(([code, r]) => [code, r.v])));
    else this.mapView.setValues(data.set, data.byFid);
    this.mapView.setBoroughFilter(data.set === 'pfa' ? '' : this.state.la);
    this.restyle();
    if (!restoring && prevSet !== data.set) this.fitForSet(data.set, prevSet);
    this.picker?.sync();
    if (this.profile.isOpen) this.profile.render();
    if (this.state.table) this.table?.refresh();
    this.refreshHotspots();
    this.updateDownloadsUi();
    const period = data.period ? ` (${monthLabel(data.period)})` : '';
    this.syncGeoSelect();
    const n = data.aggregated ? [...data.byCode.values()].filter((r) => Number.isFinite(r.v)).length : data.byFid.size;
    this.announce(`Showing ${data.meta.title}${period} for ${formatInt(n)} ${setPlural[data.set] || data.set}${data.aggregated ? ' (aggregated)' : ''}.`);
    this.updateUrl();
  }

  /** National-context indicators are for police force areas: zoom out to see them, and back. */
  fitForSet(set, prevSet) {
    const tj = this.catalog.layers.find((l) => l.id === set);
    if (!tj) return;
    if (set === 'pfa') {
      getJson(new URL(tj.tilejson).pathname).then((j) => this.mapView.fitBbox(j.bounds, { maxZoom: 7 }));
    } else if (prevSet === 'pfa' && this.regionBounds) {
      this.mapView.fitBbox(this.regionBounds, { maxZoom: 11 });
    }
  }

  restyle() {
    const data = this.current;
    if (!data) return;
    const values = data.aggregated ? [...data.byCode.values()].map((r) => r.v) : [...data.byFid.values()];
    const { breaks, min, max, counts } = classify(values, this.state.method, this.state.classes);
    const colors = colorsForBreaks(data.meta.polarity, this.state.classes, breaks);
    data.breaks = breaks;
    data.colors = colors;
    this.mapView.setClasses(data.set, breaks, colors);
    const noData = [...data.byCode.values()].filter((r) => !Number.isFinite(r.v)).length;
    const meta = data.meta;
    const c = meta.citation;
    const flagged = data.period && this.flaggedPeriods.get(data.id)?.has(data.period);
    const legendEl = $('#legend');
    if (legendEl) {
      renderLegend(legendEl, {
        title: meta.title,
        meta,
        setLabel: `${setLabels[data.set] || data.set}${data.aggregated ? ` (from ${setLabels[data.sourceSet]})` : ''}`,
        period: data.kind === 'composite' ? '' : (data.period ? monthLabel(data.period) : meta.period),
        periodNote: flagged ? 'Incomplete month: police.uk is missing some boroughs; values are too low there.' : '',
        method: this.state.method,
        breaks, colors, counts, min, max, noData,
        darker: meta.polarity === 'higher_is_better' ? 'lower value = worse' : meta.polarity === 'neutral' ? 'higher' : 'higher value = worse',
        note: data.kind === 'composite' ? data.note
          : data.aggregated ? `Aggregated by the server from ${setPlural[data.sourceSet]}: ${[...data.byCode.values()][0]?.method?.replace(/ of \d+ areas$/, '') || ''}.` : '',
        hotspots: this.hotspots && data.kind === 'indicator' ? { ...this.hotspots, classes: hotspotClasses } : null,
        citation: data.kind === 'composite'
          ? data.components.map((x) => x.meta.citation?.publisher).filter((v, i, a) => v && a.indexOf(v) === i).join('; ')
          : c ? `${c.publisher}${c.title ? `, ${c.title}` : ''} (${c.licence})` : '',
      });
    }
  }

  /** Shows the indicator on its own areas ('') or aggregated to wards/boroughs by the server. */
  async setGeo(geo) {
    this.state.geo = geo || '';
    const prev = this.current?.set;
    await this.applyIndicator();
    if (prev !== this.current?.set) this.mapView.setHover(null);
  }

  syncGeoSelect() {
    const sel = $('#geo');
    const row = $('#geo-row');
    if (!sel || !row) return;
    const meta = this.current?.kind === 'indicator' ? this.current.meta : null;
    const targets = this.aggregateTargets(meta);
    row.hidden = !targets.length;
    if (!targets.length) return;
    const own = setPlural[meta.set] || meta.set;
    sel.innerHTML = `<option value="">${escapeHtml(own.charAt(0).toUpperCase() + own.slice(1))} (as published)</option>`
      + targets.map((t) => `<option value="${t}">${t === 'ward22' ? 'Wards' : 'Boroughs'} (aggregated)</option>`).join('');
    sel.value = this.state.geo || '';
  }

  setClassification(method, classes) {
    this.state.method = method;
    this.state.classes = classes;
    this.restyle();
    this.updateUrl();
  }

  async setIndicator(id, { fromProfile = false } = {}) {
    if (id === this.state.indicator) return;
    this.state.indicator = id;
    this.state.period = null;
    await this.applyIndicator();
    if (fromProfile) $('#legend-title')?.scrollIntoView?.({ block: 'nearest' });
  }

  async setPeriod(period) {
    this.state.period = period;
    await this.applyIndicator();
  }

  fillWeights() {
    for (const id of this.compositeIds) if (this.state.weights[id] === undefined) this.state.weights[id] = 1;
  }

  setWeight(id, w) {
    this.state.weights[id] = w;
    this.fillWeights();
    if (this.state.indicator !== COMPOSITE) {
      this.state.indicator = COMPOSITE;
      this.state.period = null;
    }
    // Coalesce slider drags into one recolour per frame.
    if (!this.weightFrame) {
      this.weightFrame = requestAnimationFrame(() => {
        this.weightFrame = 0;
        this.applyIndicator();
      });
    }
  }

  showComposite() {
    this.fillWeights();
    this.state.indicator = COMPOSITE;
    this.applyIndicator();
  }

  resetWeights(ids) {
    for (const id of ids) this.state.weights[id] = 1;
    if (this.state.indicator === COMPOSITE) this.applyIndicator();
    else this.updateUrl();
  }

  /** Code → feature id from the loaded tiles (for server answers keyed by code only). */
  codeToFid(set, code) {
    if (!this.fidIndex || this.fidIndex.set !== set) {
      const m = new Map();
      for (const f of this.mapView.sourceFeatures(set)) m.set(f.properties.code, f.id);
      this.fidIndex = { set, m };
    }
    return this.fidIndex.m.get(code);
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

  // ---------------------------------------------------------------- boroughs

  async loadBoroughs() {
    const feats = this.mapView.sourceFeatures('lad');
    const codes = [...new Set(feats.map((f) => f.properties.code))];
    const areas = await Promise.all(codes.map((code) => getJson(`/api/areas/${encodeURIComponent(code)}`, { set: 'lad' }).catch(() => null)));
    for (const a of areas.filter(Boolean).sort((x, y) => x.name.localeCompare(y.name))) {
      this.boroughs.set(a.code, { name: a.name, bbox: a.bbox, label_point: a.label_point });
      const pfa = a.parents?.find((p) => p.set === 'pfa');
      if (pfa && !this.regionName) this.regionName = pfa.name;
    }
    const sel = $('#borough');
    if (sel) {
      sel.innerHTML = `<option value="">All boroughs</option>${[...this.boroughs.entries()].map(([code, b]) => `<option value="${escapeHtml(code)}">${escapeHtml(b.name)}</option>`).join('')}`;
      sel.value = this.state.la || '';
    }
    this.addBoroughLabels();
    if (this.profile.isOpen) this.profile.render();
  }

  boroughName(code) {
    return this.boroughs.get(code)?.name || code;
  }

  /** HTML labels for boroughs (no glyphs needed), hidden when zoomed in close. */
  addBoroughLabels() {
    if (this.embed && !this.boroughs.size) return;
    for (const [code, b] of this.boroughs) {
      if (!b.label_point) continue;
      const el = document.createElement('div');
      el.className = 'borough-label';
      el.textContent = b.name;
      el.setAttribute('aria-hidden', 'true');
      el.dataset.code = code;
      new maplibregl.Marker({ element: el, anchor: 'center' }).setLngLat(b.label_point).addTo(this.map);
    }
    const update = () => {
      const z = this.map.getZoom();
      $('#map')?.classList.toggle('labels-hidden', z > 12.5 || z < 7.5 || this.current?.set === 'pfa');
    };
    this.map.on('zoomend', update);
    update();
  }

  setBorough(code) {
    this.state.la = code || '';
    this.mapView.setBoroughFilter(this.current?.set === 'pfa' ? '' : this.state.la);
    const b = this.boroughs.get(code);
    if (b?.bbox) this.mapView.fitBbox(b.bbox, { maxZoom: 12 });
    else if (!code && this.regionBounds) this.mapView.fitBbox(this.regionBounds, { maxZoom: 11 });
    if (this.state.table) this.table?.refresh();
    this.updateDownloadsUi();
    this.announce(code ? `Filtered to ${this.boroughName(code)}.` : 'Showing all boroughs.');
    this.updateUrl();
  }

  /** LAD codes with areas drawn in the viewport; null when that is every borough (or PFA maps). */
  visibleBoroughs() {
    const cur = this.current;
    if (!cur || cur.set === 'pfa') return null;
    const feats = this.map.queryRenderedFeatures({ layers: [`fill-${cur.set}`] });
    const key = cur.set === 'lad' ? 'code' : 'lad_code';
    const codes = [...new Set(feats.map((f) => f.properties[key]).filter(Boolean))].sort();
    if (!codes.length) return null;
    const all = this.boroughs.size ? [...this.boroughs.keys()] : [];
    if (all.length && all.every((c) => codes.includes(c))) return null;
    return codes;
  }

  /** Codes of the areas of `set` drawn in the viewport (any part), sorted. */
  visibleAreaCodes(set) {
    if (!this.map.getLayer(`fill-${set}`)) return [];
    const feats = this.map.queryRenderedFeatures({ layers: [`fill-${set}`] });
    return [...new Set(feats.map((f) => f.properties.code).filter(Boolean))].sort();
  }

  // ---------------------------------------------------------------- selection

  async selectArea(sel, { fly = false, focus = false, restoring = false } = {}) {
    const area = await this.profile.open(sel, { focus });
    if (!area) return;
    this.state.selection = { set: area.set, code: area.code };
    this.mapView.setSelection({ set: area.set, fid: area.fid });
    if (fly && area.bbox) {
      const maxZoom = area.set.startsWith('lsoa') ? 14 : area.set === 'ward22' ? 13 : 11;
      // Summaries of the LSOAs inside a ward/borough read the tiles: redo them once loaded.
      if (area.set !== this.current?.set) {
        this.map.once('moveend', () => this.mapView.idle().then(() => {
          if (this.profile.area?.code === area.code) this.profile.renderAggregate();
        }));
      }
      this.mapView.fitBbox(area.bbox, { maxZoom, animate: !restoring && !this.reducedMotion() });
    }
    this.updateDownloadsUi();
    if (!restoring) this.announce(`Selected ${area.name} (${setLabels[area.set] || area.set}). Its profile is open.`);
    this.updateUrl();
    if (window.matchMedia('(max-width: 800px)').matches && !restoring && !focus) {
      this.profile.el.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  }

  clearSelection() {
    this.state.selection = null;
    this.mapView.setSelection(null);
    this.profile.close();
    this.updateDownloadsUi();
    this.updateUrl();
    this.map.getCanvas().focus();
  }

  updateDownloadsUi() {
    const has = Boolean(this.state.selection);
    for (const id of ['#download-csv-area', '#download-geojson', '#download-xlsx-area']) {
      const b = $(id);
      if (b) b.disabled = !has;
    }
    for (const scope of [$('#csv-scope'), $('#xlsx-scope')]) {
      if (scope && this.current) {
        scope.textContent = this.state.la ? `for ${this.boroughName(this.state.la)}` : 'for the boroughs in view';
      }
    }
  }

  /**
   * Summary of the mapped LSOA indicator over the LSOAs inside a ward or borough, from the
   * loaded tiles' parent codes: counts are summed, everything else is a population-weighted
   * mean (Census 2021 residents).
   */
  async aggregateWithin(area) {
    const cur = this.current;
    if (!cur || cur.set !== 'lsoa21') return null;
    const key = area.set === 'ward22' ? 'ward22_code' : 'lad_code';
    await this.mapView.idle();
    const feats = this.mapView.sourceFeatures('lsoa21', ['==', ['get', key], area.code]);
    if (!feats.length) return null;
    const popMeta = this.indicators.get('census21_population');
    const pop = popMeta ? await this.valuesFor('census21_population') : null;
    const rows = [];
    for (const f of feats) {
      const code = f.properties.code;
      const v = cur.byCode.get(code)?.v;
      rows.push({ set: 'lsoa21', code, name: f.properties.name, v, rank: cur.rank.get(code), pop: pop?.byCode.get(code)?.v });
    }
    const valid = rows.filter((r) => Number.isFinite(r.v));
    const isCount = cur.meta.value_kind === 'count';
    let value;
    let method;
    let methodShort;
    if (isCount) {
      value = valid.reduce((s, r) => s + r.v, 0);
      method = `Sum over ${valid.length} LSOAs.`;
      methodShort = 'total';
    } else {
      const w = valid.filter((r) => Number.isFinite(r.pop));
      const tw = w.reduce((s, r) => s + r.pop, 0);
      if (tw > 0) {
        value = w.reduce((s, r) => s + r.v * r.pop, 0) / tw;
        method = `Population-weighted mean over ${w.length} LSOAs (Census 2021 residents).`;
        methodShort = 'population-weighted mean';
      } else {
        value = valid.reduce((s, r) => s + r.v, 0) / (valid.length || 1);
        method = `Unweighted mean over ${valid.length} LSOAs.`;
        methodShort = 'mean';
      }
    }
    rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
    // The server's aggregate (proper denominators) replaces the browser's estimate when available.
    if (cur.kind === 'indicator' && !cur.aggregated) {
      const server = await this.aggregateFor(cur.id, cur.period, area.set).catch(() => null);
      const entry = server?.byCode.get(area.code);
      if (entry && Number.isFinite(entry.v)) {
        return { value: entry.v, method: `${entry.method}.`, methodShort: entry.method.replace(/ of \d+ areas$/, ''), count: rows.length, rows, source: 'server', share: entry.share };
      }
    }
    return { value, method, methodShort, count: rows.length, rows, source: 'browser' };
  }

  // ---------------------------------------------------------------- series

  /** The monthly series shown in profiles: the mapped crime type (a 12-month rate → its monthly counts), else all crime. */
  seriesIndicator() {
    const id = this.state.indicator || '';
    const m = /^(crime_.+?)(_rate)?$/.exec(id);
    if (m && this.indicators.get(m[1])?.periods > 1) return m[1];
    return 'crime_all';
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
    if (this.current?.id === id) this.picker?.sync();
    return { series, source: `Built from the ${periods.length} monthly value sets.` };
  }

  // ---------------------------------------------------------------- overlays

  setOverlay(name, on) {
    const layers = new Set(this.state.layers);
    if (on) layers.add(name);
    else layers.delete(name);
    this.state.layers = OVERLAYS.filter((l) => layers.has(l));
    if (name === 'wards') this.mapView.setWardOutlines(on);
    else if (name === 'hotspots') this.refreshHotspots();
    else this.mapView.setPointLayer(name, on);
    const key = $(`#key-${name}`);
    if (key) key.hidden = !on;
    this.updateUrl();
  }

  async checkOptionalRoutes() {
    const cur = this.current;
    if (cur?.kind === 'indicator' && !cur.aggregated && this.aggregateTargets(cur.meta).length) {
      try {
        await optionalJson('aggregate', '/api/aggregate', { indicator: cur.id, parent_set: 'lad', period: cur.period });
      } catch { /* the route exists */ }
      this.syncGeoSelect();
    }
    const hot = $('#layer-hotspots');
    if (hot && cur && cur.kind === 'indicator') {
      try {
        await optionalJson('hotspots', '/api/hotspots', { indicator: cur.id, set: cur.set });
      } catch { /* a 400 for this indicator is fine: the route exists */ }
      if (isRouteMissing('hotspots')) {
        hot.disabled = true;
        hot.checked = false;
        $('#hotspots-note').textContent = 'Not available: this server has no hotspot analysis (/api/hotspots).';
      }
    }
    for (const name of OVERLAYS) {
      const key = $(`#key-${name}`);
      if (key) key.hidden = !this.state.layers.includes(name);
    }
  }

  /** Getis-Ord Gi* classes from /api/hotspots, drawn as outlines (red hot, blue cold). */
  async refreshHotspots() {
    const cur = this.current;
    if (!cur) return;
    const on = this.state.layers.includes('hotspots') && !isRouteMissing('hotspots') && cur.kind === 'indicator' && !cur.aggregated;
    if (!on) {
      this.mapView.setHotspots(cur.set, null);
      if (this.hotspots) {
        this.hotspots = null;
        this.restyle();
      }
      return;
    }
    let res = null;
    try {
      res = await optionalJson('hotspots', '/api/hotspots', { indicator: cur.id, set: cur.set, period: cur.period || undefined });
    } catch (err) {
      this.announce(`Hotspots unavailable for ${cur.meta.title}: ${err.message}`);
    }
    if (!res || this.current !== cur) {
      this.mapView.setHotspots(cur.set, null);
      this.hotspots = null;
      return;
    }
    // by_feature_id holds the Gi* bin: ±3 = 99 %, ±2 = 95 %, ±1 = 90 % (hot > 0, cold < 0), 0 = not significant.
    const byFid = new Map();
    for (const [fid, bin] of Object.entries(res.by_feature_id || {})) {
      if (Number.isInteger(bin) && bin !== 0) byFid.set(Number(fid), Math.max(-3, Math.min(3, bin)));
    }
    this.mapView.setHotspots(cur.set, byFid);
    const c = res.counts || {};
    const sum = (k) => Object.entries(c).filter(([name]) => name.startsWith(k)).reduce((s, [, n]) => s + n, 0);
    const note = $('#hotspots-note');
    if (note) note.textContent = `${cur.meta.title}: ${sum('hot')} hot and ${sum('cold')} cold spots.`;
    const counts = {};
    for (const [name, n] of Object.entries(c)) {
      const m = /^(hot|cold)_(\d+)$/.exec(name);
      const bin = m ? (m[1] === 'hot' ? 1 : -1) * ({ 90: 1, 95: 2, 99: 3 }[m[2]] || 0) : 0;
      counts[bin] = (counts[bin] || 0) + n;
    }
    this.hotspots = { counts, method: res.method, period: res.period };
    this.restyle();
  }

  renderSchoolKey() {
    const el = $('#key-schools');
    if (!el) return;
    const m = schoolMeasures[$('#school-measure')?.value || 'suspensions'];
    const b = m.breaks;
    const labels = [`under ${b[0]}`, `${b[0]} to ${b[1]}`, `${b[1]} to ${b[2]}`, `${b[2]} to ${b[3]}`, `${b[3]} or more`];
    el.querySelector('.key-items').innerHTML = labels.map((l, i) => `<li><span class="dot" style="background:${schoolColors[i]}" aria-hidden="true"></span>${escapeHtml(l)}</li>`).join('')
      + '<li><span class="dot" style="background:#fff" aria-hidden="true"></span>no pupils recorded</li>';
    el.querySelector('.key-title').textContent = `${m.label}; circle size = headcount`;
  }

  renderServiceKey() {
    const el = $('#key-services');
    if (!el) return;
    el.querySelector('.key-items').innerHTML = serviceColors.map(([name, c]) => `<li><span class="dot" style="background:${c}" aria-hidden="true"></span>${escapeHtml(name)}</li>`).join('');
  }

  showPointPopup({ layer, properties: p, lngLat }) {
    const rows = (pairs) => `<dl>${pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
    let html;
    if (layer === 'schools') {
      const hd = Number(p.Hd_201819);
      const rate = (n) => (hd > 0 ? `${formatValue((100 * Number(n || 0)) / hd, { value_kind: 'score' })} per 100 pupils` : '');
      html = `<h3>${escapeHtml(p.name)}</h3>${rows([
        ['Phase', p.Phase_type || p.category], ['Type', p.Establish], ['Borough', p.LA], ['Ward', p.Ward],
        ['Headcount', p.Headcount], ['Suspensions 2018/19', `${p.Sus_201819 ?? '—'} (${rate(p.Sus_201819)})`],
        ['Permanent exclusions 2018/19', `${p.Pex_201819 ?? '—'} (${rate(p.Pex_201819)})`],
        ['Free school meals', p.FSM_Perc !== undefined ? `${p.FSM_Perc}%` : ''],
      ])}<p class="popup-source">DfE school statistics, OGL v3.0; compiled by West Midlands Police / VRU.</p>`;
    } else if (layer === 'services') {
      html = `<h3>${escapeHtml(p.name)}</h3>
        <p class="approx"><strong>Approximate location.</strong> ${escapeHtml(p.location_note || 'Placed by ward or borough name, not an address.')}</p>
        ${rows([['Programme', p.programme], ['Kind', p.kind], ['Borough', p.local_authority], ['Status', p.status], ['Period', p.period], ['Note', p.note]])}
        <p class="popup-source">West Midlands VRU response strategy (report to the Strategic Policing and Crime Board, Dec 2021).</p>`;
    } else {
      html = `<h3>${escapeHtml(p.category || p.name || 'Incident')}</h3>${rows([['Location', p.Location], ['Month', p.period], ['Context', p.Context]])}
        <p class="popup-source">police.uk street-level crime (locations anonymised to a nearby point), OGL v3.0.</p>`;
    }
    this.popup?.remove();
    this.popup = new maplibregl.Popup({ closeButton: true, maxWidth: '300px', focusAfterOpen: true })
      .setLngLat(lngLat).setHTML(html).addTo(this.map);
  }

  showTooltip(d) {
    const tip = this.tooltip;
    if (!tip) return;
    if (!d || !this.current) {
      tip.hidden = true;
      return;
    }
    const cur = this.current;
    const code = d.properties.code;
    const row = cur.byCode.get(code) || {};
    const v = cur.byFid.has(d.id) ? cur.byFid.get(d.id) : row.v;
    const rank = cur.rank.get(code);
    const value = cur.kind === 'composite' && Number.isFinite(v) ? v.toFixed(2) : formatValue(v, cur.meta);
    tip.innerHTML = `<strong>${escapeHtml(d.properties.name || code)}</strong>
      <span class="tip-code">${escapeHtml(code)}</span>
      <span class="tip-value">${escapeHtml(cur.meta.title)}: <b>${escapeHtml(value)}</b></span>
      ${rank ? `<span>Rank ${formatInt(rank)} of ${formatInt(cur.rankedCount)} in the region${row.d ? ` · national decile ${row.d}` : ''}</span>` : ''}
      ${row.f ? `<span class="flag">${escapeHtml(row.f.replace(/_/g, ' '))}</span>` : ''}`;
    tip.hidden = false;
    const wrap = $('#map').getBoundingClientRect();
    const x = d.point.x;
    const y = d.point.y;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    tip.style.left = `${Math.min(Math.max(4, x + 14), wrap.width - w - 4)}px`;
    tip.style.top = `${y + 14 + h > wrap.height ? Math.max(4, y - h - 10) : y + 14}px`;
  }

  flyToPoint(lngLat, zoom) {
    this.map.flyTo({ center: lngLat, zoom, duration: this.reducedMotion() ? 0 : 900 });
    if (!this.state.layers.includes('schools')) {
      const box = document.querySelector('#layers input[value=schools]');
      if (box) box.checked = true;
      this.setOverlay('schools', true);
    }
  }

  reducedMotion() {
    return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  // ---------------------------------------------------------------- table

  setTable(on) {
    this.state.table = on;
    const el = $('#table-view');
    const btn = $('#toggle-table');
    if (el) el.hidden = !on;
    if (btn) {
      btn.setAttribute('aria-pressed', String(on));
      btn.textContent = on ? 'Hide table' : 'Table view';
    }
    $('.map-wrap')?.classList.toggle('table-open', on);
    if (on) this.table?.refresh();
    this.updateUrl();
  }
}
