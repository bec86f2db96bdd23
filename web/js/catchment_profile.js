// The parts of the profile panel particular to a catchment (/api/catchments/{id}/profile): how
// it was defined, its size and apportioned population, the method switch (best fit or
// area-weighted), the small areas it is made of with the share of each, the schools and services
// inside, and its evidence links (pack, PDF, CSV, XLSX, GeoJSON). profile.js renders the rest.
import { apiBase, apiUrl } from './api.js';
import { escapeHtml, formatInt, formatValue, setPlural } from './format.js';
import { currentSmallArea } from './geography.js';

/** "500 m", "1.5 km". */
export const metresText = (m) => (m >= 1000 ? `${+(m / 1000).toFixed(2)} km` : `${m} m`);

/** "1.5 km around 52.47960, -1.89980", "3 wards", "a drawn boundary", "an uploaded KML file". */
export function definitionText(def = {}) {
  if (def.kind === 'radius') return `${metresText(def.metres)} around ${Number(def.lat).toFixed(5)}, ${Number(def.lon).toFixed(5)}`;
  if (def.kind === 'areas') return `${def.codes?.length || 0} ${setPlural[def.set] || def.set}`;
  if (def.kind === 'upload') return `an uploaded ${String(def.format || '').toUpperCase()} file (${def.features} feature${def.features === 1 ? '' : 's'})`;
  return 'a boundary drawn on the map';
}

/** Residents apportioned to the catchment, from the latest small areas' weights (LSOA 2021: the latest census). */
export function catchmentPopulation(a) {
  const sets = a.constituents || [];
  return (sets.find((c) => c.set === currentSmallArea()) || sets[0])?.apportioned_population;
}

export function catchmentMetaHtml(a) {
  const boroughs = (a.boroughs || []).map((b) => escapeHtml(b.name)).join(', ');
  return `<p class="profile-meta" data-testid="catchment-meta">Catchment: ${escapeHtml(definitionText(a.catchment?.definition))}
    · ${escapeHtml(formatValue(a.area_km2, { value_kind: 'score' }))} km² · ${formatInt(catchmentPopulation(a))} residents (apportioned)${boroughs ? ` · ${boroughs}` : ''}</p>`;
}

/** The method switch, the constituent small areas and the points inside. */
export function catchmentDetailsHtml(a) {
  const method = a.method || 'best_fit';
  const radio = (value, label) => `<label><input type="radio" name="catchment-method" value="${value}" data-action="catchment-method"${method === value ? ' checked' : ''}> ${label}</label>`;
  const sets = (a.constituents || []).map((c) => constituentsHtml(c, method)).join('');
  const none = method === 'best_fit' && (a.constituents || []).every((c) => !(c.areas || []).some((r) => r.weight > 0));
  const noneNote = none ? `<p class="vintage-note" data-testid="catchment-none">No small area has its centre inside this catchment, so best fit counts none of them:
    choose "by the share of it inside" to apportion the ${(a.constituents?.[0]?.areas || []).length} areas it overlaps.</p>` : '';
  const points = (a.points || []).map((p) => `<li>${formatInt(p.count)} ${escapeHtml(p.layer.replace(/_/g, ' '))}</li>`).join('');
  return `<section class="catchment-details" aria-labelledby="catchment-method-title">
    <h3 id="catchment-method-title">How the small areas count</h3>
    <fieldset class="radio-row"><legend class="visually-hidden">Apportionment method</legend>
      ${radio('best_fit', 'Whole areas whose centre is inside (best fit)')}
      ${radio('area', 'Each area by the share of it inside (area-weighted)')}</fieldset>
    ${noneNote}<p class="note">${escapeHtml(a.methods?.apportionment || '')} ${escapeHtml(a.methods?.caveats || '')}</p>
    ${points ? `<p>Inside the catchment (counted exactly):</p><ul class="points-inside" data-testid="catchment-points">${points}</ul>` : ''}
    ${sets}</section>`;
}

function constituentsHtml(c, method) {
  const rows = (c.areas || []).map((r) => `<tr><th scope="row">${escapeHtml(r.name)} <span class="sub">${escapeHtml(r.code)}</span></th>
    <td class="num">${escapeHtml(formatValue(r.area_share, { value_kind: 'proportion' }))}</td>
    <td class="num">${method === 'best_fit' ? (r.weight ? 'yes' : 'no') : escapeHtml(formatValue(r.weight, { value_kind: 'proportion' }))}</td>
    <td class="num">${formatInt(r.population)}</td></tr>`).join('');
  const counted = (c.areas || []).filter((r) => r.weight > 0).length;
  const set = c.set;
  return `<details class="constituents" data-testid="catchment-constituents"><summary>${counted} of ${(c.areas || []).length} overlapping ${escapeHtml(setPlural[set] || set)} counted · ${formatInt(c.apportioned_population)} residents</summary>
    <div class="table-scroll"><table class="compact"><caption class="visually-hidden">Small areas the catchment overlaps, with the share of each inside it</caption>
    <thead><tr><th scope="col">Area</th><th scope="col">Share inside</th><th scope="col">Counted</th><th scope="col">Residents</th></tr></thead>
    <tbody>${rows}</tbody></table></div></details>`;
}

/** Links to everything an area has, for the catchment: pack, PDF, downloads, its boundary. */
export function catchmentEvidenceHtml(a, app) {
  const id = encodeURIComponent(a.code);
  const pinned = (path, params = {}) => escapeHtml(apiUrl(path, { v: app.dataVersion, method: a.method === 'area' ? 'area' : undefined, ...params }).href);
  const tab = '<span class="visually-hidden"> (opens in a new tab)</span>';
  const indicator = app.current?.kind === 'indicator' ? app.state.indicator : undefined;
  return `<section class="profile-actions" aria-label="Catchment downloads and report">
    <h3>Evidence</h3>
    <ul class="link-list">
      <li class="report-links"><a href="${pinned(`/report/catchment/${id}`)}" target="_blank" rel="noopener" data-testid="report-link">Printable evidence pack for ${escapeHtml(a.name || 'this catchment')}${tab}</a>
        · <a href="${pinned(`/report/catchment/${id}.pdf`)}" target="_blank" rel="noopener" data-testid="report-pdf" aria-label="Evidence pack as PDF (opens in a new tab)">PDF</a></li>
      <li><a href="${pinned('/api/export.csv', { catchment: a.code })}" data-testid="catchment-csv" download>CSV of every indicator for this catchment</a>
        · <a href="${pinned('/api/export.xlsx', { catchment: a.code })}" data-testid="catchment-xlsx" download>XLSX (with sources)</a></li>
      <li><a href="${pinned('/api/map.png', { catchment: a.code, indicator })}" target="_blank" rel="noopener" data-testid="catchment-png">Map image (PNG)${tab}</a>
        · <a href="${escapeHtml(new URL(`api/catchments/${id}`, apiBase).href)}" target="_blank" rel="noopener" data-testid="catchment-geojson">Boundary (GeoJSON)${tab}</a></li>
      <li><span class="note">Permalink: this page's address keeps the catchment; data version <code>${escapeHtml(app.dataVersion)}</code>.</span></li>
    </ul>
  </section>`;
}
