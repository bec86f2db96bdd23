// Provision against need (/api/gaps): the high-need areas of the mapped indicator (or the
// composite) that no service reaches, outlined on the map over the choropleth, with the share
// of high-need residents within reach per borough and the gaps ranked by need. A layer of the
// Layers list ("gaps"), so it is kept in permalinks; the service layer it reads is
// partner-only on the West Midlands data, which the key says instead of failing.
import { HttpError, getJson } from './api.js';
import { compositeSpec } from './composite.js';
import { escapeHtml, formatInt, formatValue } from './format.js';
import { COMPOSITE } from './state.js';

const RADII = [['', 'each service type’s reach (manifest)'], ['1000', '1 km'], ['2000', '2 km'], ['3000', '3 km'], ['5000', '5 km']];
const RULES = [['decile', 'most needy 10 % of areas'], ['hotspot', 'Gi* hot spots (95 %)']];
const SHOWN_ROWS = 25;

const share = (x) => (Number.isFinite(x) ? formatValue(x, { value_kind: 'proportion' }) : '—');
const km = (m) => `${formatValue(m / 1000, { value_kind: 'score' })} km`;

export class GapsPanel {
  constructor(el, app) {
    this.el = el;
    this.app = app;
    this.seq = 0;
    this.answer = null;
    el.innerHTML = `<div class="field-row">
        <div class="field"><label for="gaps-rule">High need</label>
          <select id="gaps-rule">${RULES.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')}</select></div>
        <div class="field"><label for="gaps-radius">Reach</label>
          <select id="gaps-radius">${RADII.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')}</select></div>
      </div>
      <div id="gaps-body" aria-live="polite"></div>`;
    for (const id of ['#gaps-rule', '#gaps-radius']) el.querySelector(id).addEventListener('change', () => this.refresh());
    el.addEventListener('click', (e) => {
      const b = e.target.closest('[data-action=gap-area]');
      if (b) app.selectArea({ set: b.dataset.set, code: b.dataset.code }, { fly: true, focus: true });
    });
  }

  get on() {
    return this.app.state.layers.includes('gaps');
  }

  params() {
    const app = this.app;
    const cur = app.current;
    const p = { rule: this.el.querySelector('#gaps-rule').value, radius: this.el.querySelector('#gaps-radius').value || undefined };
    if (app.state.indicator === COMPOSITE) {
      return { ...p, indicator: 'composite', indicators: compositeSpec(app.compositeIds, app.state.weights), set: cur.set };
    }
    return { ...p, indicator: cur.id, period: cur.period || undefined };
  }

  /** Fetches the gaps of what is mapped now and draws them; clears them when the layer is off. */
  async refresh() {
    const app = this.app;
    const cur = app.current;
    const body = this.el.querySelector('#gaps-body');
    const seq = ++this.seq;
    if (!this.on || !cur || cur.aggregated) {
      app.mapView.setGaps(null, [], []);
      this.answer = null;
      if (this.on && cur?.aggregated) body.innerHTML = '<p class="note">Shown for the indicator’s own areas only: choose “as published”.</p>';
      return;
    }
    body.innerHTML = '<p class="loading">Finding high-need areas out of reach…</p>';
    let res;
    try {
      res = await getJson('/api/gaps', this.params());
    } catch (err) {
      if (seq !== this.seq) return;
      app.mapView.setGaps(null, [], []);
      body.innerHTML = `<p class="note" data-testid="gaps-unavailable">${escapeHtml(this.reason(err))}</p>`;
      return;
    }
    if (seq !== this.seq || app.current !== cur) return;
    this.answer = res;
    app.mapView.setGaps(res.set, res.areas.map((a) => a.code), res.reached.map((a) => a.code));
    body.innerHTML = this.summaryHtml(res);
    app.announce(`${res.areas.length} high-need areas have no service within reach.`);
  }

  reason(err) {
    if (err instanceof HttpError && err.status === 403) return 'The services this reads are partner-only: sign in to see the gaps in provision.';
    if (err instanceof HttpError && err.status === 400) return `Not for this indicator: ${err.message.replace(/^400 from [^:]+: /, '')}`;
    return `Gaps unavailable: ${err.message}`;
  }

  summaryHtml(res) {
    const region = res.coverage.region;
    const boroughs = res.coverage.boroughs.filter((b) => b.high_need_areas > 0).map((b) => `<tr><th scope="row">${escapeHtml(b.name)}</th>
      <td class="num">${formatInt(b.high_need_areas)}</td><td class="num">${share(b.share)}</td></tr>`).join('');
    const rows = res.areas.slice(0, SHOWN_ROWS).map((a) => `<tr><td class="num">${formatInt(a.rank)}</td>
      <th scope="row"><button type="button" class="link-button" data-action="gap-area" data-set="${escapeHtml(res.set)}" data-code="${escapeHtml(a.code)}">${escapeHtml(a.name)}</button>
        <span class="sub">${escapeHtml(a.borough?.name || '')}</span></th>
      <td class="num">${a.nearest ? km(a.nearest.distance_m) : '—'}</td></tr>`).join('');
    return `<p data-testid="gaps-summary"><strong>${formatInt(res.areas.length)}</strong> of ${formatInt(region.high_need_areas)} high-need areas
        (${escapeHtml(res.rule.description || res.rule.name)}) have no ${escapeHtml(res.layer.title)} within reach;
        ${share(region.share)} of their ${formatInt(region.high_need_population)} residents are within reach.</p>
      <p class="note key-line"><span class="line-swatch gap-swatch" aria-hidden="true"></span> out of reach <span class="line-swatch reached-swatch" aria-hidden="true"></span> reached.
        ${escapeHtml(res.caveats || '')}</p>
      <details><summary>Share within reach, by borough</summary><div class="table-scroll"><table class="compact"><caption class="visually-hidden">High-need areas and the share of their residents within reach of a service, by borough</caption>
        <thead><tr><th scope="col">Borough</th><th scope="col">High-need areas</th><th scope="col">Residents in reach</th></tr></thead><tbody>${boroughs}</tbody></table></div></details>
      <details><summary>Gaps, highest need first${res.areas.length > SHOWN_ROWS ? ` (first ${SHOWN_ROWS} of ${res.areas.length})` : ''}</summary><div class="table-scroll"><table class="compact" data-testid="gaps-table"><caption class="visually-hidden">High-need areas with no service within reach, by need</caption>
        <thead><tr><th scope="col">Need rank</th><th scope="col">Area</th><th scope="col">Nearest service</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
  }
}
