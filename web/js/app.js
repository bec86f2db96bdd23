// The application: owns the state and keeps the map, legend, picker, profile, table and URL in
// step. Components call back into it; nothing else mutates the state. Data loading lives in
// data.js, the mapped indicator's classes and legend in choropleth.js, overlays in overlays.js.
import { apiBase, getJson } from './api.js';
import { loadIndicatorData, restyle } from './choropleth.js';
import { CompareView } from './compare.js';
import { CompositePanel, presetFor } from './composite.js';
import { DataStore, rankData } from './data.js';
import { Downloads } from './downloads.js';
import { capitalise, escapeHtml, formatInt, monthLabel, registerSetNames, setPlural } from './format.js';
import { loadVectorBasemap } from './mapstyle.js';
import { MapView, registerPhaseColors, registerStaticTiles, serviceColors } from './mapview.js';
import { Overlays } from './overlays.js';
import { IndicatorPicker } from './picker.js';
import { ProfilePanel } from './profile.js';
import { PrioritySchools } from './schools.js';
import { SearchBox } from './search.js';
import { ShareDialog } from './share.js';
import { Sheets } from './sheet.js';
import { COMPOSITE, defaultState, embedUrl, paramString, permalink, readLocation, toParams } from './state.js';
import { TableView } from './table.js';
import { isVintageChange } from './vintages.js';
import { areaMethods } from './areas.js';
import { CatchmentTool, catchmentMethods } from './catchment.js';
import { GapsPanel } from './gaps.js';
import { configureGeography, geography, isRegionSet } from './geography.js';

const $ = (sel) => document.querySelector(sel);
const DEFAULT_INDICATOR = 'imd25_score';

export class App {
  constructor({ embed = false } = {}) {
    this.embed = embed;
    this.state = defaultState();
    this.current = null;
    this.data = new DataStore(this);
    this.overlays = new Overlays(this);
    this.boroughs = new Map(); // LAD code → {name, bbox, label_point}
    this.seq = 0;
    this.selectSeq = 0;
    this.readyResolve = null;
    this.ready = new Promise((r) => { this.readyResolve = r; });
  }

  async start() {
    const [catalog, indicatorsDoc] = await Promise.all([getJson('/catalog'), getJson('/api/indicators')]);
    this.catalog = catalog;
    registerSetNames(catalog);
    configureGeography(catalog);
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

    // The first view's values do not wait for the map: fetched while MapLibre starts.
    if (this.state.indicator !== COMPOSITE) this.data.valuesFor(this.state.indicator, this.state.period).catch(() => {});
    const regionLayer = catalog.layers.find((l) => l.id === geography.borough) || catalog.layers.find((l) => l.kind === 'areas');
    const regionTj = await getJson(new URL(regionLayer.tilejson).pathname);
    this.regionBounds = regionTj.bounds;
    await registerStaticTiles(catalog);
    await loadVectorBasemap(catalog);
    this.mapView = new MapView($('#map'), catalog, { bounds: regionTj.bounds, view: this.state.view });
    this.map = this.mapView.map;
    this.buildUi();
    await this.mapView.loaded;
    this.mapView.setWardOutlines(this.state.layers.includes('wards'));
    for (const l of this.catalog.layers.filter((x) => x.kind === 'points')) this.mapView.setPointLayer(l.id, this.state.layers.includes(l.id));
    await this.applyIndicator({ restoring: true });
    if (this.state.catchment) {
      await this.openCatchment(this.state.catchment, { fly: !this.state.view && !this.state.selection, restoring: true, profile: !this.state.selection });
    }
    if (this.state.selection) await this.selectArea(this.state.selection, { fly: !this.state.view, restoring: true });
    if (this.state.table) this.setTable(true);
    this.map.on('moveend', () => {
      this.state.view = this.mapView.view();
      this.scheduleUrl();
    });
    this.map.once('idle', () => this.loadBoroughs());
    this.overlays.checkOptionalRoutes();
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
      this.search = new SearchBox($('#search-input'), $('#search-results'), $('#search-status'), (r) => this.pickSearchResult(r));
    }
    if ($('#toggle-controls')) this.sheet = new Sheets(this);
    if ($('#composite-panel')) this.composite = new CompositePanel($('#composite-panel'), this, this.compositeIds);

    if ($('#gaps-panel')) this.gaps = new GapsPanel($('#gaps-panel'), this);
    if ($('#catchment-panel')) this.catchments = new CatchmentTool($('#catchment-panel'), this);
    if ($('#schools-group')) this.schools = new PrioritySchools($('#schools-group'), $('#schools-panel'), this);
    this.profile = new ProfilePanel($('#profile'), this);
    this.downloads = new Downloads(this);
    if ($('#table-view')) this.table = new TableView($('#table-view'), this);
    $('#toggle-table')?.addEventListener('click', () => this.setTable(!this.state.table));

    // Overlays whose tiles this caller's catalog lacks (partner-only layers, for a visitor who
    // has not signed in) are disabled with a note by markAbsentLayers below.
    this.overlays.addPointLayers(this.catalog);
    for (const input of document.querySelectorAll('#layers input[type=checkbox]')) {
      input.checked = this.state.layers.includes(input.value);
      input.addEventListener('change', () => this.overlays.setOverlay(input.value, input.checked));
    }
    this.overlays.markAbsentLayers(this.catalog);
    $('#school-measure')?.addEventListener('change', (e) => {
      this.mapView.setSchoolMeasure(e.target.value);
      this.overlays.renderSchoolKey();
    });
    this.overlays.renderSchoolKey();
    this.overlays.renderKey('services', serviceColors);
    this.overlays.renderKey('schools_register', registerPhaseColors);
    this.wireDownloads();
    this.wireMap();
  }

  wireDownloads() {
    $('#download-csv')?.addEventListener('click', () => this.runDownload(() => this.downloads.csvCurrent()));
    $('#download-csv-area')?.addEventListener('click', () => this.runDownload(() => this.downloads.csvForSelection()));
    $('#download-geojson')?.addEventListener('click', () => this.runDownload(() => this.downloads.geojsonForSelection()));
    $('#download-xlsx')?.addEventListener('click', () => this.runDownload(() => this.downloads.xlsx()));
    $('#download-xlsx-area')?.addEventListener('click', () => this.runDownload(() => this.downloads.xlsx({ onlySelection: true })));
    $('#copy-link')?.addEventListener('click', () => this.copy(permalink(this.state), 'Link copied.'));
    if ($('#embed-dialog')) this.share = new ShareDialog($('#embed-dialog'), this);
    if ($('#compare-dialog')) this.compare = new CompareView($('#compare-dialog'), this);
    $('#copy-embed')?.addEventListener('click', (e) => this.share?.open(e.currentTarget));

    $('#banner-close')?.addEventListener('click', () => { $('#banner').hidden = true; });
  }

  wireMap() {
    this.mapView.addEventListener('hover', (e) => this.overlays.onHover(e.detail));
    this.mapView.addEventListener('select', (e) => {
      this.overlays.onClickArea(e.detail.fid);
      this.selectArea(e.detail, { fly: false });
    });
    this.mapView.addEventListener('point', (e) => this.overlays.showPointPopup(e.detail));
    const canvas = this.map.getCanvas();
    canvas.setAttribute('aria-label', 'Map. Arrow keys pan, plus and minus zoom, Enter selects the area under the centre cross.');
    canvas.addEventListener('focus', () => {
      if (canvas.matches(':focus-visible')) $('#map')?.classList.add('keyboard-focus');
    });
    canvas.addEventListener('blur', () => $('#map')?.classList.remove('keyboard-focus'));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.overlays.popup?.remove();
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

  /** The loading veil over the map and legend, until the map has drawn the new values. */
  setLoading(on, what = '') {
    const el = $('#map-loading');
    if (!el) return;
    el.hidden = !on;
    if (on) el.querySelector('.loading-text').textContent = `Loading ${what}…`;
    $('#legend')?.setAttribute('aria-busy', String(on));
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
    this.showReserved();
    if (!this.embed) {
      const hash = `#${paramString(toParams(this.state))}`;
      if (window.location.hash !== hash) history.replaceState(null, '', hash);
    }
    const full = $('#open-full');
    if (full) full.href = new URL(`#${paramString(toParams(this.state))}`, apiBase).href;
  }

  /** A view showing partner-only data says so on its face (an embed above all): docs/access.md. */
  showReserved() {
    const el = $('#reserved-banner');
    if (!el || !this.catalog) return;
    const ids = this.state.indicator === COMPOSITE
      ? Object.keys(this.state.weights).filter((id) => this.state.weights[id] > 0)
      : [this.state.indicator];
    const reserved = (access) => Boolean(access) && access !== 'public';
    el.hidden = !(ids.some((id) => reserved(this.indicators.get(id)?.access))
      || this.state.layers.some((l) => reserved(this.catalog.layers.find((x) => x.id === l)?.access)));
  }

  async applyIndicator({ restoring = false } = {}) {
    const seq = ++this.seq;
    const id = this.state.indicator;
    this.announce('Loading…');
    this.setLoading(true, this.indicators.get(id)?.title || 'the composite index');
    let data;
    try {
      data = await loadIndicatorData(this);
    } catch (err) {
      if (err.name === 'AbortError') return;
      if (seq === this.seq) this.announce(`Could not load ${id}: ${err.message}`);
      throw err;
    }
    if (seq !== this.seq) return;
    rankData(data);
    this.mapView.idle().then(() => { if (seq === this.seq) this.setLoading(false); });
    const prevSet = this.current?.set;
    this.current = data;
    this.mapView.setActiveSet(data.set);
    if (data.aggregated) this.mapView.setCodeValues(data.set, new Map([...data.byCode].map(([code, r]) => [code, r.v])));
    else this.mapView.setValues(data.set, data.byFid);
    this.mapView.setBoroughFilter(isRegionSet(data.set) ? '' : this.state.la);
    this.restyle();
    if (!restoring && prevSet !== data.set) this.fitForSet(data.set, prevSet);
    // The selected LSOA follows the indicator to the other vintage's boundaries.
    if (!restoring && this.state.selection && isVintageChange(this.state.selection.set, data.set)) this.selectArea(this.state.selection);
    this.picker?.sync();
    if (this.profile.isOpen) this.profile.render();
    if (this.state.table) this.table?.refresh();
    this.overlays.refreshHotspots();
    this.gaps?.refresh();
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
    if (isRegionSet(set)) {
      getJson(new URL(tj.tilejson).pathname).then((j) => this.mapView.fitBbox(j.bounds, { maxZoom: 7 }));
    } else if (isRegionSet(prevSet) && this.regionBounds) {
      this.mapView.fitBbox(this.regionBounds, { maxZoom: 11 });
    }
  }

  restyle() {
    restyle(this);
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
    const targets = this.data.aggregateTargets(meta);
    row.hidden = !targets.length;
    if (!targets.length) return;
    const own = setPlural[meta.set] || meta.set;
    sel.innerHTML = `<option value="">${escapeHtml(capitalise(own))} (as published)</option>`
      + targets.map((t) => `<option value="${t}">${escapeHtml(capitalise(setPlural[t] || t))} (aggregated)</option>`).join('');
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

Object.assign(App.prototype, areaMethods, catchmentMethods);
