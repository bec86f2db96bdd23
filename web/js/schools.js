// Priority schools: /api/schools/priority ranks schools by the violence and deprivation in
// their surroundings (area-weighted over a circle) and their own exclusion rates. Shown when
// the server has the route; otherwise a note.
import { optionalJson } from './api.js';
import { escapeHtml, formatValue } from './format.js';

export class PrioritySchools {
  constructor(details, host, app) {
    this.details = details;
    this.host = host;
    this.app = app;
    this.loaded = false;
    details.addEventListener('toggle', () => {
      if (details.open && !this.loaded) this.render();
    });
    host.addEventListener('change', (e) => {
      if (e.target.matches('select')) this.load();
    });
    host.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-lon]');
      if (b) this.mark(b);
    });
  }

  render() {
    this.loaded = true;
    this.host.innerHTML = `
      <div class="field-row">
        <div class="field"><label for="priority-phase">Phase</label>
          <select id="priority-phase"><option value="secondary">Secondary</option><option value="primary">Primary</option><option value="all">All</option></select></div>
        <div class="field"><label for="priority-radius">Surroundings</label>
          <select id="priority-radius"><option value="500">500 m</option><option value="1000" selected>1 km</option><option value="2000">2 km</option></select></div>
      </div>
      <div id="priority-list" aria-live="polite"></div>`;
    this.load();
  }

  /** Re-lists the schools for the borough filter, if the panel has been opened. */
  refresh() {
    if (this.loaded && this.host.querySelector('#priority-list')) this.load();
  }

  /** Flies to a school, rings it on the map and marks its row as the current one. */
  mark(button) {
    for (const row of this.host.querySelectorAll('tr[aria-current]')) row.removeAttribute('aria-current');
    button.closest('tr')?.setAttribute('aria-current', 'true');
    this.app.overlays.flyToPoint([Number(button.dataset.lon), Number(button.dataset.lat)], 14, { mark: button.dataset.name });
    this.app.announce(`${button.dataset.name} is ringed on the map.`);
  }

  async load() {
    const list = this.host.querySelector('#priority-list');
    const phase = this.host.querySelector('#priority-phase').value;
    const radius = this.host.querySelector('#priority-radius').value;
    list.innerHTML = '<p class="loading">Loading…</p>';
    const la = this.app.state.la;
    let res;
    try {
      // The route ranks the whole region; with a borough filter the list keeps that borough's schools.
      res = await optionalJson('schools', '/api/schools/priority', { phase, radius, limit: la ? 2000 : 25 });
    } catch (err) {
      // 403: the ranking reads partner-only school exclusion counts (docs/access.md).
      list.innerHTML = err.status === 403
        ? `<p class="note" data-testid="schools-reserved"><strong>Partner sign-in needed.</strong> The priority-school ranking uses partner-only data (school exclusion counts); sign in as a partner to see it.</p>`
        : `<p class="note">Priority list unavailable: ${escapeHtml(err.message)}</p>`;
      return;
    }
    if (!res) {
      this.host.innerHTML = '<p class="note">Not available on this server (/api/schools/priority). Turn on the Schools layer to see exclusion rates by school.</p>';
      return;
    }
    const schools = (res.schools || []).filter((s) => !la || s.borough === la).slice(0, 25);
    const where = la ? ` in ${this.app.boroughName(la)}` : '';
    const pct = (x) => (x && Number.isFinite(x.value) ? `${formatValue(x.value, { value_kind: 'percentage' })}` : '—');
    const rows = schools.map((s) => {
      const [lon, lat] = s.lonlat || [];
      const name = Number.isFinite(lon) && Number.isFinite(lat)
        ? `<button type="button" class="link-button" data-lon="${lon}" data-lat="${lat}" data-name="${escapeHtml(s.name)}" aria-label="Show ${escapeHtml(s.name)} on the map">${escapeHtml(s.name)}</button>`
        : escapeHtml(s.name);
      return `<tr><td class="num">${s.rank}</td>
        <th scope="row">${name}<span class="sub">${escapeHtml(this.app.boroughName(s.borough))}</span></th>
        <td class="num">${Number.isFinite(s.score) ? s.score.toFixed(1) : '—'}</td>
        <td class="num">${pct(s.school?.suspension_rate)}</td></tr>`;
    }).join('');
    list.innerHTML = `
      ${la ? `<p class="note" data-testid="schools-scope">${schools.length ? 'The' : 'No'} ${escapeHtml(phase)} schools${escapeHtml(where)}${schools.length ? `, ${schools.length} shown` : ' are in the list'}; ranks are within the region.</p>` : ''}
      <div class="table-scroll"><table class="compact">
        <caption class="visually-hidden">Priority ${escapeHtml(phase)} schools${escapeHtml(where)}, highest risk first</caption>
        <thead><tr><th scope="col">Rank</th><th scope="col">School</th><th scope="col">Score</th><th scope="col">Suspended 2018/19</th></tr></thead>
        <tbody>${rows}</tbody></table></div>
      <p class="note">Score: z-scores summed over ${escapeHtml((res.components || []).join('; '))}. ${escapeHtml(res.caveats || '')}</p>`;
  }
}
