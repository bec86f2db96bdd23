// Catchments: a user's own area — a boundary drawn on the map, areas picked on it, a radius
// around a point (a clicked place, the searched postcode, a school) or an uploaded boundary file —
// posted to /api/catchments, outlined on the map and opened as a profile (catchment_profile.js).
// Drawing and picking take over map clicks while they last (MapView.setClickMode); Enter on the
// focused map adds the point under the centre cross, so both work from the keyboard.
import { getJson, postJson } from './api.js';
import { catchmentPopulation, metresText } from './catchment_profile.js';
import { escapeHtml, formatInt, setPlural } from './format.js';

const $ = (sel) => document.querySelector(sel);
const MAX_PICKED = 1000;
const CLOSE_PX = 12; // a click this near the first corner closes the boundary

/** Content types of boundary files, by file name ending (docs/api.md, Catchments). */
export const UPLOAD_TYPES = [
  [/\.(geo)?json$/i, 'application/geo+json'],
  [/\.kml$/i, 'application/vnd.google-earth.kml+xml'],
  [/\.gpkg$/i, 'application/geopackage+sqlite3'],
  [/\.zip$/i, 'application/zip'],
];

/** [west, south, east, north] of a GeoJSON Polygon or MultiPolygon. */
export function geometryBbox(g) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polys) {
    for (const [x, y] of poly[0]) {
      b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
    }
  }
  return b;
}

const RADII = [500, 1000, 1500, 2000, 3000, 5000];

export class CatchmentTool {
  constructor(el, app) {
    this.el = el;
    this.app = app;
    this.mode = null; // 'draw' | 'radius' | 'pick'
    this.corners = [];
    this.picked = new Map(); // code → name
    this.pickedSet = null;
    el.innerHTML = this.panelHtml();
    el.addEventListener('click', (e) => this.onClick(e));
    el.querySelector('#catchment-file').addEventListener('change', (e) => this.upload(e.target.files[0]));
    document.addEventListener('keydown', (e) => this.onKey(e));
  }

  panelHtml() {
    return `<p class="note">Your own area — the wards a project serves, 1.5 km round a school, an estate — profiled from the small areas it covers,
        with confidence intervals and comparisons. It gets a permanent link; no account is needed.</p>
      <div class="field"><label for="catchment-name">Name (optional)</label><input id="catchment-name" type="text" maxlength="200" autocomplete="off"></div>
      <div class="button-stack">
        <button type="button" class="button-secondary" data-action="draw">Draw a boundary on the map</button>
        <div class="with-button"><button type="button" class="button-secondary" data-action="radius">A radius around a point</button>
          <label for="catchment-metres" class="visually-hidden">Radius</label>
          <select id="catchment-metres">${RADII.map((m) => `<option value="${m}"${m === 1500 ? ' selected' : ''}>${metresText(m)}</option>`).join('')}</select></div>
        <button type="button" class="button-secondary" data-action="pick">Pick areas on the map</button>
        <label class="button-secondary file-button" for="catchment-file">Upload a boundary file (GeoJSON, KML, GeoPackage, zipped Shapefile)</label>
        <input id="catchment-file" type="file" class="visually-hidden" accept=".geojson,.json,.kml,.gpkg,.zip">
      </div>
      <div id="catchment-mode" class="catchment-mode" hidden></div>
      <p id="catchment-error" class="error" role="alert" hidden></p>
      <div id="catchment-current"></div>`;
  }

  get name() {
    return this.el.querySelector('#catchment-name').value.trim();
  }

  get metres() {
    return Number(this.el.querySelector('#catchment-metres').value);
  }

  get radiusText() {
    return metresText(this.metres);
  }

  onClick(e) {
    const btn = e.target.closest('[data-action]');
    if (!btn) return;
    const act = btn.dataset.action;
    if (act === 'draw') this.start('draw');
    else if (act === 'radius') this.start('radius');
    else if (act === 'pick') this.start('pick');
    else if (act === 'finish') this.finish();
    else if (act === 'undo') this.undo();
    else if (act === 'cancel') this.stop();
    else if (act === 'around-marked') this.createRadius(this.app.mapView.marked.lngLat);
    else if (act === 'unpick') this.togglePicked({ set: this.pickedSet, code: btn.dataset.code });
    else if (act === 'clear-catchment') this.app.clearCatchment();
  }

  onKey(e) {
    if (!this.mode) return;
    if (e.key === 'Escape') this.stop();
    else if (this.mode === 'draw' && e.key === 'Backspace' && e.target === this.app.map.getCanvas()) this.undo();
  }

  /** Starts a way of defining a catchment: map clicks go to it until it finishes or is cancelled. */
  start(mode) {
    this.stop();
    this.mode = mode;
    this.showError('');
    this.app.mapView.setClickMode((click) => this.onMapClick(click));
    this.app.sheet?.setControls?.(false);
    this.renderMode();
    this.app.announce(this.instructions());
  }

  stop() {
    if (!this.mode) return;
    this.mode = null;
    this.corners = [];
    this.picked.clear();
    this.app.mapView.setClickMode(null);
    this.app.mapView.setDraft([]);
    this.app.mapView.setPicked(null, []);
    this.renderMode();
  }

  instructions() {
    if (this.mode === 'draw') return 'Click the map to add corners; click the first corner or press Finish to close the boundary. Backspace undoes, Escape cancels.';
    if (this.mode === 'radius') return `Click the centre of the ${metresText(this.metres)} radius on the map. Escape cancels.`;
    return `Click ${setPlural[this.app.current?.set] || 'areas'} on the map to add or remove them, then press Make catchment. Escape cancels.`;
  }

  renderMode() {
    const box = this.el.querySelector('#catchment-mode');
    box.hidden = !this.mode;
    if (!this.mode) { box.innerHTML = ''; return; }
    const marked = this.mode === 'radius' && this.app.mapView.marked
      ? `<button type="button" class="button-secondary" data-action="around-marked">Around ${escapeHtml(this.app.mapView.marked.label || 'the marked place')}</button>` : '';
    const picked = this.mode === 'pick' ? `<ul class="picked-list">${[...this.picked].map(([code, name]) => `<li>${escapeHtml(name)}
        <button type="button" class="link-button" data-action="unpick" data-code="${escapeHtml(code)}" aria-label="Take ${escapeHtml(name)} out">remove</button></li>`).join('')}</ul>` : '';
    const canFinish = (this.mode === 'draw' && this.corners.length >= 3) || (this.mode === 'pick' && this.picked.size > 0);
    const finish = this.mode === 'radius' ? '' : `<button type="button" class="button-primary" data-action="finish" ${canFinish ? '' : 'disabled'}>${this.mode === 'pick' ? `Make catchment of ${this.picked.size} area${this.picked.size === 1 ? '' : 's'}` : 'Finish the boundary'}</button>`;
    const undo = this.mode === 'draw' ? `<button type="button" class="button-secondary" data-action="undo" ${this.corners.length ? '' : 'disabled'}>Undo corner</button>` : '';
    box.innerHTML = `<p class="note" data-testid="catchment-instructions">${escapeHtml(this.instructions())}${this.mode === 'draw' ? ` ${this.corners.length} corner${this.corners.length === 1 ? '' : 's'} so far.` : ''}</p>
      ${picked}<div class="button-row">${marked}${finish}${undo}<button type="button" class="button-secondary" data-action="cancel">Cancel</button></div>`;
  }

  onMapClick({ lngLat, area }) {
    if (this.mode === 'radius') this.createRadius(lngLat);
    else if (this.mode === 'pick') { if (area) this.togglePicked(area); }
    else if (this.mode === 'draw') this.addCorner(lngLat);
  }

  addCorner(lngLat) {
    const map = this.app.map;
    if (this.corners.length >= 3) {
      const a = map.project(this.corners[0]);
      const b = map.project(lngLat);
      if (Math.hypot(a.x - b.x, a.y - b.y) <= CLOSE_PX) { this.finish(); return; }
    }
    this.corners.push(lngLat);
    this.app.mapView.setDraft(this.corners);
    this.renderMode();
  }

  undo() {
    this.corners.pop();
    this.app.mapView.setDraft(this.corners);
    this.renderMode();
  }

  togglePicked(area) {
    if (this.pickedSet && area.set !== this.pickedSet) this.picked.clear();
    this.pickedSet = area.set;
    const name = area.properties?.name || this.picked.get(area.code) || area.code;
    if (this.picked.has(area.code)) this.picked.delete(area.code);
    else if (this.picked.size < MAX_PICKED) this.picked.set(area.code, name);
    this.app.mapView.setPicked(this.pickedSet, [...this.picked.keys()]);
    this.renderMode();
    this.app.announce(`${this.picked.size} area${this.picked.size === 1 ? '' : 's'} picked.`);
  }

  finish() {
    if (this.mode === 'draw' && this.corners.length >= 3) {
      const ring = [...this.corners, this.corners[0]];
      this.create({ geometry: { type: 'Polygon', coordinates: [ring] } });
    } else if (this.mode === 'pick' && this.picked.size) {
      this.create({ areas: { set: this.pickedSet, codes: [...this.picked.keys()] } });
    }
  }

  createRadius(lngLat, name = this.name) {
    const [lon, lat] = lngLat;
    return this.create({ radius: { lon: +lon.toFixed(6), lat: +lat.toFixed(6), metres: this.metres } }, name);
  }

  /** A catchment round a point chosen elsewhere (a school's popup): the radius chosen here. */
  aroundPoint(lngLat, label) {
    return this.createRadius(lngLat, this.name || `${metresText(this.metres)} round ${label}`);
  }

  create(definition, name = this.name) {
    const body = JSON.stringify(name ? { name, ...definition } : definition);
    return this.send(body, 'application/json', {});
  }

  upload(file) {
    if (!file) return null;
    const type = UPLOAD_TYPES.find(([re]) => re.test(file.name));
    if (!type) {
      this.showError(`${file.name}: a boundary file is .geojson, .json, .kml, .gpkg or a zipped Shapefile (.zip).`);
      return null;
    }
    this.stop();
    return this.send(file, type[1], { name: this.name || file.name.replace(/\.[^.]+$/, '') });
  }

  async send(body, contentType, params) {
    this.showError('');
    this.app.setBusy(true);
    try {
      const feature = await postJson('/api/catchments', body, contentType, params);
      this.stop();
      this.el.querySelector('#catchment-file').value = '';
      await this.app.openCatchment(feature.id, { feature });
    } catch (err) {
      this.showError(`The catchment could not be made: ${err.message}`);
    } finally {
      this.app.setBusy(false);
    }
  }

  showError(msg) {
    const el = this.el.querySelector('#catchment-error');
    el.hidden = !msg;
    el.textContent = msg;
  }

  /** The catchment shown now (or none): its name, link and a way to clear it. */
  showCurrent(feature) {
    const host = this.el.querySelector('#catchment-current');
    if (!feature) { host.innerHTML = ''; return; }
    host.innerHTML = `<p class="catchment-current" data-testid="catchment-current">Shown: <strong>${escapeHtml(feature.properties?.name || 'Catchment')}</strong>
      <button type="button" class="link-button" data-action="clear-catchment">Clear the catchment</button></p>`;
  }
}

/** Mixed into App (app.js): the catchment in the state, on the map and in the profile. */
export const catchmentMethods = {
  /** Outlines a catchment and (unless `profile` is false: an area is selected too) opens its profile. */
  async openCatchment(id, { feature = null, fly = true, restoring = false, profile = true } = {}) {
    let f = feature;
    try {
      f = f || await getJson(`/api/catchments/${encodeURIComponent(id)}`);
    } catch (err) {
      this.state.catchment = null;
      this.showBanner(`The catchment ${id} is not kept on this server (${err.message}).`);
      this.updateUrl();
      return;
    }
    this.state.catchment = f.id;
    this.mapView.setCatchment(f.geometry);
    if (this.embed && f.properties?.name) document.title = `${f.properties.name} — snamap map`;
    this.catchments?.showCurrent(f);
    const fit = () => this.mapView.fitBbox(geometryBbox(f.geometry), { maxZoom: 15, animate: !restoring && !this.reducedMotion() });
    if (!profile) {
      if (fly) fit();
      return;
    }
    this.state.selection = null;
    this.mapView.setSelection(null);
    await this.profile.open({ set: 'catchment', code: f.id, name: f.properties?.name }, { focus: !restoring });
    // Fitted once the profile is open: in an embed the panel takes part of the map's width.
    if (fly) fit();
    this.updateDownloadsUi();
    if (!restoring) this.announce(`Catchment ${f.properties?.name || f.id} made; its profile is open. About ${formatInt(catchmentPopulation(this.profile.area || {}))} residents.`);
    this.updateUrl();
    this.sheet?.showProfile();
  },

  clearCatchment() {
    this.state.catchment = null;
    this.mapView.setCatchment(null);
    this.catchments?.showCurrent(null);
    if (this.profile.area?.set === 'catchment') this.profile.close();
    this.updateDownloadsUi();
    this.updateUrl();
  },
};
