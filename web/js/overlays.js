// Map overlays: ward outlines, point layers (schools, services, street crime) with their keys and
// popups, Getis-Ord hotspots, and the hover tooltip.
import { featureEntries, isRouteMissing, optionalJson } from './api.js';
import { escapeHtml, formatInt, formatValue } from './format.js';
import { WITHHELD_COLOUR, maplibregl, schoolColors, schoolMeasures, serviceColors } from './mapview.js';
import { geography } from './geography.js';

export const OVERLAYS = ['wards', 'schools', 'schools_register', 'services', 'incidents_2011', 'hotspots', 'gaps'];

/** A Layers entry for a point layer this client has no entry of its own for (another build's). */
function pointLayerItem(layer) {
  const li = document.createElement('li');
  li.innerHTML = `<label><input type="checkbox" value="${escapeHtml(layer.id)}"> ${escapeHtml(layer.title || layer.id)}</label>`;
  return li;
}

const $ = (sel) => document.querySelector(sel);

/** A popup's definition list, leaving out empty values. */
function rows(pairs) {
  return `<dl>${pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function schoolPopup(p) {
  const hd = Number(p.Hd_201819);
  const rate = (n) => (hd > 0 ? `${formatValue((100 * Number(n || 0)) / hd, { value_kind: 'score' })} per 100 pupils` : '');
  // A count absent from the tile is partner-only for this viewer, or a small number withheld.
  const count = (n) => (n === undefined || n === null ? 'not shown (partner-only, or a small number)' : `${n} (${rate(n)})`);
  return `<h3>${escapeHtml(p.name || 'School')}</h3>${rows([
    ['Phase', p.Phase_type || p.category], ['Type', p.Establish], ['Borough', p.LA], ['Ward', p.Ward],
    ['Headcount', p.Headcount], ['Suspensions 2018/19', count(p.Sus_201819)],
    ['Permanent exclusions 2018/19', count(p.Pex_201819)],
    ['Free school meals', p.FSM_Perc !== undefined ? `${p.FSM_Perc}%` : ''],
  ])}<p class="popup-source">DfE school statistics, OGL v3.0; compiled by West Midlands Police / VRU.</p>`;
}

function registerPopup(p) {
  return `<h3>${escapeHtml(p.name || 'School')}</h3>${rows([
    ['URN', p.urn], ['Phase', p.education_phase || p.category], ['Type', p.establishment_type],
    ['Group', p.establishment_type_group], ['Local authority', p.la_name], ['Pupils', p.number_of_pupils],
    ['Free school meals', p.percentage_fsm !== undefined && p.percentage_fsm !== null ? `${p.percentage_fsm}%` : ''],
  ])}<p class="popup-source">Open on ${escapeHtml(p.period || '24 May 2025')}: DfE Get Information about Schools, OGL v3.0.</p>`;
}

/** A service without a name of its own is titled by its programme and place. */
export function serviceTitle(p) {
  if (p.name && String(p.name).trim()) return String(p.name);
  const what = p.programme || p.kind || 'VRU service';
  const where = p.local_authority ? ` in ${p.local_authority}` : '';
  return `${what}${where}`;
}

function servicePopup(p) {
  return `<h3>${escapeHtml(serviceTitle(p))}</h3>
    <p class="approx"><strong>Approximate location.</strong> ${escapeHtml(p.location_note || 'Placed by ward or borough name, not an address.')}</p>
    ${rows([['Programme', p.programme], ['Kind', p.kind], ['Borough', p.local_authority], ['Status', p.status], ['Period', p.period], ['Note', p.note]])}
    <p class="popup-source">West Midlands VRU response strategy (report to the Strategic Policing and Crime Board, Dec 2021).</p>`;
}

/** A point of a layer this client knows nothing particular about: its name and first attributes. */
function genericPopup(p) {
  const rows2 = Object.entries(p).filter(([k, v]) => v !== '' && v !== null && !['name', 'fid'].includes(k)).slice(0, 8);
  return `<h3>${escapeHtml(p.name || p.category || 'Point')}</h3>${rows(rows2)}`;
}

function incidentPopup(p) {
  return `<h3>${escapeHtml(p.category || p.name || 'Incident')}</h3>${rows([['Location', p.Location], ['Month', p.period], ['Context', p.Context]])}
    <p class="popup-source">police.uk street-level crime (locations anonymised to a nearby point), OGL v3.0.</p>`;
}

export class Overlays {
  constructor(app) {
    this.app = app;
    this.tooltip = $('#tooltip');
    this.hotspots = null;
    this.ids = [...OVERLAYS];
  }

  /** Adds a Layers entry for each point layer of the catalog the page has none for. */
  addPointLayers(catalog) {
    const list = document.querySelector('#layers ul.checks');
    if (!list) return;
    const listed = new Set([...list.querySelectorAll('input[type=checkbox]')].map((i) => i.value));
    const extra = catalog.layers.filter((l) => l.kind === 'points' && !listed.has(l.id));
    const before = list.querySelector('#layer-hotspots')?.closest('li') || null;
    for (const layer of extra) list.insertBefore(pointLayerItem(layer), before);
    this.ids = [...OVERLAYS, ...extra.map((l) => l.id)];
  }

  get mapView() {
    return this.app.mapView;
  }

  setOverlay(name, on) {
    const app = this.app;
    const layers = new Set(app.state.layers);
    if (on) layers.add(name);
    else layers.delete(name);
    app.state.layers = this.ids.filter((l) => layers.has(l));
    if (name === 'wards') this.mapView.setWardOutlines(on);
    else if (name === 'hotspots') this.refreshHotspots();
    else if (name === 'gaps') this.app.gaps?.refresh();
    else this.mapView.setPointLayer(name, on);
    const key = $(`#key-${name}`);
    if (key) key.hidden = !on;
    app.updateUrl();
  }

  /**
   * Point-layer boxes whose layer this viewer's catalog lacks: disabled with a note when the
   * catalog says signing in would show more (partner-only), else hidden (another build's data).
   */
  markAbsentLayers(catalog) {
    for (const input of document.querySelectorAll('#layers input[type=checkbox]')) {
      if (['wards', 'hotspots', 'gaps'].includes(input.value) || catalog.layers.some((l) => l.id === input.value)) continue;
      input.checked = false;
      input.disabled = true;
      this.app.state.layers = this.app.state.layers.filter((l) => l !== input.value);
      // A layer of another build: not offered at all. One withheld from this caller: said so.
      if (!catalog.withheld) {
        input.closest('li').hidden = true;
        continue;
      }
      const note = document.createElement('span');
      note.className = 'note layer-absent';
      note.dataset.layer = input.value;
      note.textContent = ' Partner-only: sign in to see this layer.';
      input.closest('label').after(note);
    }
  }

  /** Disables what the server cannot do (no /api/hotspots) and shows the keys of the layers on. */
  async checkOptionalRoutes() {
    const app = this.app;
    const cur = app.current;
    if (cur?.kind === 'indicator' && !cur.aggregated && app.data.aggregateTargets(cur.meta).length) {
      try {
        await optionalJson('aggregate', '/api/aggregate', { indicator: cur.id, parent_set: geography.borough, period: cur.period });
      } catch { /* the route exists */ }
      app.syncGeoSelect();
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
    for (const name of this.ids) {
      const key = $(`#key-${name}`);
      if (key) key.hidden = !app.state.layers.includes(name);
    }
  }

  /** Getis-Ord Gi* classes from /api/hotspots, drawn instead of the values (red hot, blue cold). */
  async refreshHotspots() {
    const app = this.app;
    const cur = app.current;
    if (!cur) return;
    const on = app.state.layers.includes('hotspots') && !isRouteMissing('hotspots') && cur.kind === 'indicator' && !cur.aggregated;
    if (!on) {
      this.mapView.setHotspots(cur.set, null);
      if (this.hotspots) {
        this.hotspots = null;
        app.restyle();
      }
      return;
    }
    let res = null;
    try {
      res = await optionalJson('hotspots', '/api/hotspots', { indicator: cur.id, set: cur.set, period: cur.period || undefined, format: 2 });
    } catch (err) {
      app.announce(`Hotspots unavailable for ${cur.meta.title}: ${err.message}`);
    }
    if (!res || app.current !== cur) {
      this.mapView.setHotspots(cur.set, null);
      this.hotspots = null;
      return;
    }
    // by_feature_id holds the Gi* bin: ±3 = 99 %, ±2 = 95 %, ±1 = 90 % (hot > 0, cold < 0), 0 = not significant.
    const byFid = new Map();
    for (const [fid, bin] of featureEntries(res)) {
      if (Number.isInteger(bin) && bin !== 0) byFid.set(fid, Math.max(-3, Math.min(3, bin)));
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
    app.restyle();
  }

  renderSchoolKey() {
    const el = $('#key-schools');
    if (!el) return;
    const m = schoolMeasures[$('#school-measure')?.value || 'suspensions'];
    const b = m.breaks;
    const labels = [`under ${b[0]}`, `${b[0]} to ${b[1]}`, `${b[1]} to ${b[2]}`, `${b[2]} to ${b[3]}`, `${b[3]} or more`];
    el.querySelector('.key-items').innerHTML = labels.map((l, i) => `<li><span class="dot" style="background:${schoolColors[i]}" aria-hidden="true"></span>${escapeHtml(l)}</li>`).join('')
      + '<li><span class="dot" style="background:#fff" aria-hidden="true"></span>no pupils recorded</li>'
      + `<li><span class="dot" style="background:${WITHHELD_COLOUR}" aria-hidden="true"></span>count not shown (partner-only, or a small number)</li>`;
    el.querySelector('.key-title').textContent = `${m.label}; circle size = headcount`;
  }

  /** A point layer's key: one dot per [label, colour]. */
  renderKey(layer, colors) {
    const el = $(`#key-${layer}`);
    if (!el) return;
    el.querySelector('.key-items').innerHTML = colors.map(([name, c]) => `<li><span class="dot" style="background:${c}" aria-hidden="true"></span>${escapeHtml(name)}</li>`).join('');
  }

  showPointPopup({ layer, properties: p, lngLat }) {
    const popups = { schools: schoolPopup, schools_register: registerPopup, services: servicePopup, incidents_2011: incidentPopup };
    const html = (popups[layer] || genericPopup)(p);
    this.hideTooltip();
    this.popup?.remove();
    const tool = this.app.catchments;
    const title = layer === 'services' ? serviceTitle(p) : p.name || 'this point';
    const around = tool && layer !== 'incidents_2011'
      ? `<p><button type="button" class="link-button" data-action="catchment-around">Catchment of ${escapeHtml(tool.radiusText)} round ${escapeHtml(title)}</button></p>` : '';
    this.popup = new maplibregl.Popup({ closeButton: true, maxWidth: '300px', focusAfterOpen: true })
      .setLngLat(lngLat).setHTML(html + around).addTo(this.app.map);
    this.popup.getElement().querySelector('[data-action=catchment-around]')?.addEventListener('click', () => {
      this.popup.remove();
      tool.aroundPoint(lngLat, title);
    });
  }

  hideTooltip() {
    if (this.tooltip) this.tooltip.hidden = true;
  }

  showTooltip(d) {
    const tip = this.tooltip;
    const cur = this.app.current;
    if (!tip) return;
    // A click (or tap) selects: the tooltip would cover what the click just opened.
    if (!d || !cur || this.suppressUntilMove) {
      tip.hidden = true;
      return;
    }
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
    const { x, y } = d.point;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    tip.style.left = `${Math.min(Math.max(4, x + 14), wrap.width - w - 4)}px`;
    tip.style.top = `${y + 14 + h > wrap.height ? Math.max(4, y - h - 10) : y + 14}px`;
  }

  /** Hides the tooltip on a click until the pointer moves on to another area. */
  onClickArea(fid) {
    this.hideTooltip();
    this.suppressUntilMove = fid ?? true;
  }

  onHover(d) {
    if (this.suppressUntilMove !== undefined && (!d || d.id !== this.suppressUntilMove)) this.suppressUntilMove = undefined;
    this.showTooltip(d);
  }

  /** Flies to a point (a priority school), turns the schools layer on and marks the school. */
  flyToPoint(lngLat, zoom, { mark = null } = {}) {
    const app = this.app;
    app.map.flyTo({ center: lngLat, zoom, duration: app.reducedMotion() ? 0 : 900 });
    if (!app.state.layers.includes('schools')) {
      const box = document.querySelector('#layers input[value=schools]');
      if (box) box.checked = true;
      this.setOverlay('schools', true);
    }
    this.mapView.setMarkedPoint(mark ? { lngLat, label: mark } : null);
  }
}
