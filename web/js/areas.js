// Areas: the borough list and filter, what is in view, and the selection (which follows the
// mapped indicator across LSOA vintages). Mixed into App (app.js), whose state it changes.
import { escapeHtml, setLabels } from './format.js';
import { boroughKey, geography, isRegionSet, zoomFor } from './geography.js';
import { bestFit, isVintageChange, vintageNote } from './vintages.js';

const $ = (sel) => document.querySelector(sel);

export const areaMethods = {
  async loadBoroughs() {
    const codes = [...new Set(this.mapView.sourceFeatures(geography.borough).map((f) => f.properties.code))];
    for (const a of await this.data.boroughAreas(codes)) {
      this.boroughs.set(a.code, { name: a.name, bbox: a.bbox, label_point: a.label_point });
      const pfa = a.parents?.find((p) => isRegionSet(p.set));
      if (pfa && !this.regionName) this.regionName = pfa.name;
    }
    const sel = $('#borough');
    if (sel) {
      sel.innerHTML = `<option value="">All boroughs</option>${[...this.boroughs.entries()].map(([code, b]) => `<option value="${escapeHtml(code)}">${escapeHtml(b.name)}</option>`).join('')}`;
      sel.value = this.state.la || '';
    }
    this.mapView.setBoroughLabels([...this.boroughs].map(([code, b]) => ({ code, name: b.name, point: b.label_point })));
    this.updateDownloadsUi();
    if (this.profile.isOpen) this.profile.render();
  },

  boroughName(code) {
    return this.boroughs.get(code)?.name || code;
  },

  setBorough(code) {
    this.state.la = code || '';
    this.mapView.setBoroughFilter(isRegionSet(this.current?.set) ? '' : this.state.la);
    const b = this.boroughs.get(code);
    if (b?.bbox) this.mapView.fitBbox(b.bbox, { maxZoom: 12 });
    else if (!code && this.regionBounds) this.mapView.fitBbox(this.regionBounds, { maxZoom: 11 });
    if (this.state.table) this.table?.refresh();
    this.schools?.refresh();
    this.updateDownloadsUi();
    this.announce(code ? `Filtered to ${this.boroughName(code)}.` : 'Showing all boroughs.');
    this.updateUrl();
  },

  /** LAD codes with areas drawn in the viewport; null when that is every borough (or PFA maps). */
  visibleBoroughs() {
    const cur = this.current;
    if (!cur || isRegionSet(cur.set)) return null;
    const feats = this.map.queryRenderedFeatures({ layers: [`fill-${cur.set}`] });
    const key = boroughKey(cur.set);
    const codes = [...new Set(feats.map((f) => f.properties[key]).filter(Boolean))].sort();
    if (!codes.length) return null;
    const all = this.boroughs.size ? [...this.boroughs.keys()] : [];
    if (all.length && all.every((c) => codes.includes(c))) return null;
    return codes;
  },

  /** Codes of the areas of `set` drawn in the viewport (any part), sorted. */
  visibleAreaCodes(set) {
    if (!this.map.getLayer(`fill-${set}`)) return [];
    const feats = this.map.queryRenderedFeatures({ layers: [`fill-${set}`] });
    return [...new Set(feats.map((f) => f.properties.code).filter(Boolean))].sort();
  },

  /**
   * A search result: an area is selected; a postcode is marked and the area it lies in (of the
   * mapped indicator's set, else its first) selected; a district's postcodes are fitted in view.
   */
  pickSearchResult(r) {
    if (r.kind === 'postcode_district') {
      this.mapView.setMarkedPoint({ lngLat: r.location, label: r.code });
      this.mapView.fitBbox(r.bbox, { maxZoom: 14, animate: !this.reducedMotion() });
      this.announce(`Showing postcode district ${r.code} (${r.postcodes} postcodes).`);
      return;
    }
    if (r.kind === 'postcode') {
      this.mapView.setMarkedPoint({ lngLat: r.location, label: r.code });
      const area = r.areas.find((a) => a.set === this.current?.set) || r.areas[0];
      if (area) this.selectArea({ set: area.set, code: area.code }, { fly: true, focus: true });
      return;
    }
    this.selectArea({ set: r.set, code: r.code, fid: r.fid, bbox: r.bbox }, { fly: true, focus: true });
  },

  async selectArea(sel, { fly = false, focus = false, restoring = false } = {}) {
    const token = ++this.selectSeq;
    const followed = await this.followVintage(sel);
    if (token !== this.selectSeq) return;
    const area = await this.profile.open(followed.sel, { focus, note: followed.note, alternatives: followed.alternatives });
    if (!area) return;
    this.state.selection = { set: area.set, code: area.code };
    this.mapView.setSelection({ set: area.set, fid: area.fid });
    if (fly && area.bbox) {
      const maxZoom = zoomFor(area.set);
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
    this.sheet?.showProfile();
  },

  /** An LSOA of the other vintage than the mapped indicator's → its best fit, with a note saying so. */
  async followVintage(sel) {
    const set = this.current?.set;
    if (!set || !isVintageChange(sel.set, set)) return { sel, note: '', alternatives: [] };
    try {
      const fit = await bestFit(this, sel, set);
      const note = vintageNote(sel, set, fit);
      if (!fit.areas.length) return { sel, note, alternatives: [] };
      return { sel: { set, code: fit.areas[0].code }, note, alternatives: fit.areas.slice(1).map((a) => ({ set, ...a })) };
    } catch (err) {
      return { sel, note: `Could not find ${sel.code} in the other LSOA boundaries: ${err.message}`, alternatives: [] };
    }
  },

  clearSelection() {
    this.state.selection = null;
    this.mapView.setSelection(null);
    this.profile.close();
    this.updateDownloadsUi();
    this.updateUrl();
    this.map.getCanvas().focus();
  },

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
  },

};
