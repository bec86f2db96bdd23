// The area profile panel: headline value of the mapped indicator with ranks and comparisons
// (colour plus words), a comparator bar chart, the monthly crime sparkline, every indicator of
// the area, and links to the evidence pack and downloads. Uses /api/areas/{code}, and
// /api/areas/{code}/profile (confidence intervals, significance) when the server has it.
import { getJson, optionalJson } from './api.js';
import { catchmentDetailsHtml, catchmentEvidenceHtml, catchmentMetaHtml } from './catchment_profile.js';
import { barChart, sparkline } from './charts.js';
import { escapeHtml, formatInt, formatValue, monthLabel, setLabels, setPlural } from './format.js';
import { COMPOSITE } from './state.js';
import { isBoroughSet, isSmallArea, isWardSet, summarisesInside } from './geography.js';

const judgementText = {
  worse: { icon: '▲', word: 'Worse than' },
  better: { icon: '▼', word: 'Better than' },
  similar: { icon: '●', word: 'Similar to' },
  higher: { icon: '▲', word: 'Higher than' },
  lower: { icon: '▼', word: 'Lower than' },
  not_compared: { icon: '○', word: 'Not compared with' },
};

/** Why a comparison was not made, when the server gives no words. */
const NO_CI = 'no confidence interval';

/** Borough/region comparator as a comparable number, or null when it is not like with like. */
export function comparatorValue(comp) {
  if (!comp || comp.value === null || comp.value === undefined) return null;
  // A count is never set against a larger area's total or its average per area (the server marks
  // such comparators comparable: false; "sum of N areas" is the older servers' sign of a total).
  if (comp.comparable === false || /^sum of \d+ areas/i.test(comp.method || '')) return null;
  return { value: comp.value, perArea: false, method: comp.method };
}

/**
 * The server's significance for one comparator (/api/areas/{code}/profile: borough/region/england
 * .significance_95 = {judgement, words}). Following Fingertips, an indicator without a confidence
 * interval (scores, ranks, plain counts) is not compared at all: that, a missing profile route and
 * the server's "not_compared" all give {word: 'not_compared', text: the reason}. Values are never
 * judged by how far apart they look.
 */
export function significanceFrom(extra, key) {
  const c = extra ? (extra[key]?.significance_95 || extra[key]?.significance || extra[`vs_${key}`]) : null;
  const word = typeof c === 'string' ? c : c?.judgement;
  const words = typeof c === 'object' && c ? c.words || null : null;
  if (typeof word === 'string') {
    const w = word.toLowerCase();
    for (const k of ['worse', 'better', 'similar', 'higher', 'lower']) {
      if (w === k || w.startsWith(`${k} `) || w.endsWith(` ${k}`)) return { word: k, text: words, judged: true };
    }
  }
  return { word: 'not_compared', text: words || NO_CI, judged: false };
}

function ciFrom(extra) {
  if (!extra) return null;
  const c = extra.ci95;
  if (!c) return null;
  if (Array.isArray(c) && c.length === 2) return { lower: c[0], upper: c[1], level: 95 };
  const lower = c.lower ?? c.low ?? c.lo;
  const upper = c.upper ?? c.high ?? c.hi;
  if (Number.isFinite(lower) && Number.isFinite(upper)) return { lower, upper, level: c.level || 95 };
  return null;
}

/** "(crime: Mar 2026; …)" for indicators whose period is a month, so a mapped older month is not confused with them. */
function periodsNote(list) {
  const months = [...new Set(list.map((i) => i.period).filter((x) => /^\d{4}-\d{2}$/.test(x || '')))];
  return months.length ? ` (monthly counts: ${months.map(monthLabel).join(', ')})` : '';
}

export class ProfilePanel {
  constructor(el, app) {
    this.el = el;
    this.app = app;
    this.area = null;
    this.extra = null;
    this.token = 0;
    el.addEventListener('click', (e) => this.onClick(e));
  }

  get isOpen() {
    return !this.el.hidden && Boolean(this.area);
  }

  close() {
    this.area = null;
    this.el.hidden = true;
    this.el.innerHTML = '';
    document.body.classList.remove('profile-open');
  }

  /** Opens the profile of {set, code}; resolves once the headline is rendered. */
  async open(sel, { focus = false, note = '', alternatives = [] } = {}) {
    const token = ++this.token;
    this.note = note;
    this.alternatives = alternatives;
    this.el.hidden = false;
    document.body.classList.add('profile-open');
    this.el.setAttribute('aria-busy', 'true');
    this.el.innerHTML = `<p class="loading">Loading ${escapeHtml(sel.code)}…</p>`;
    let area;
    let extra = null;
    try {
      if (sel.set === 'catchment') {
        extra = await getJson(`/api/catchments/${encodeURIComponent(sel.code)}/profile`, { method: this.catchmentMethod });
      }
      // The profile route (CIs, significance, regional ranks) is a superset of /api/areas/{code}.
      extra = extra || await optionalJson('profile', `/api/areas/${encodeURIComponent(sel.code)}/profile`, { set: sel.set });
      area = extra || await getJson(`/api/areas/${encodeURIComponent(sel.code)}`, { set: sel.set });
    } catch (err) {
      if (token !== this.token) return null;
      this.el.innerHTML = `<p class="error">Could not load ${escapeHtml(sel.code)}: ${escapeHtml(err.message)}</p>`;
      this.el.removeAttribute('aria-busy');
      return null;
    }
    if (token !== this.token) return null;
    this.area = area;
    this.extra = extra;
    this.render();
    this.el.removeAttribute('aria-busy');
    if (focus) this.el.querySelector('#profile-title')?.focus();
    return area;
  }

  extraFor(id) {
    const list = this.extra?.indicators;
    if (!Array.isArray(list)) return null;
    return list.find((x) => x.id === id) || null;
  }

  /** Re-renders (e.g. after the mapped indicator or the data changed). */
  render() {
    const a = this.area;
    if (!a) return;
    if (a.set === 'catchment') { this.renderCatchment(); return; }
    const app = this.app;
    const ward = a.parents?.find((p) => isWardSet(p.set));
    const borough = a.borough || a.parents?.find((p) => isBoroughSet(p.set));
    const pop = a.population ? ` · ${formatInt(a.population)} residents` : '';
    const where = [ward ? `${escapeHtml(ward.name)} ward` : '', borough && borough.code !== a.code ? escapeHtml(borough.name) : '']
      .filter(Boolean).join(' · ');
    this.el.innerHTML = `
      <div class="profile-head">
        <h2 id="profile-title" tabindex="-1">${escapeHtml(a.name)}</h2>
        <button type="button" class="icon-button" data-action="close" aria-label="Close the area profile">✕</button>
      </div>
      <p class="profile-meta">${escapeHtml(setLabels[a.set] || a.set)} <code>${escapeHtml(a.code)}</code>${where ? ` · ${where}` : ''}${pop}</p>
      ${this.noteHtml()}
      <section class="headline" aria-labelledby="headline-title">${this.headlineHtml()}</section>
      <div id="profile-series"></div>
      <div id="profile-aggregate"></div>
      ${this.indicatorsHtml()}
      ${app.compare ? app.compare.trayHtml(a) : ''}
      <section class="profile-actions" aria-label="Area downloads and report">
        <h3>Evidence</h3>
        <ul class="link-list">
          <li class="report-links"><a href="${escapeHtml(app.reportUrl(a.code))}" target="_blank" rel="noopener" data-testid="report-link">Printable evidence pack for ${escapeHtml(a.name)}<span class="visually-hidden"> (opens in a new tab)</span></a>
            · <a href="${escapeHtml(app.reportUrl(a.code, { pdf: true }))}" target="_blank" rel="noopener" data-testid="report-pdf" aria-label="Evidence pack for ${escapeHtml(a.name)} as PDF (opens in a new tab)">PDF</a>
            <span class="note">data version <code>${escapeHtml(app.dataVersion)}</code>: the pack cites every dataset and links back to this view.</span></li>
          <li><button type="button" class="link-button" data-action="csv-area">Download CSV of the mapped indicator for this area</button></li>
          <li><button type="button" class="link-button" data-action="xlsx-area">Download XLSX of the mapped indicator for this area (with sources)</button></li>
          <li><button type="button" class="link-button" data-action="geojson">Download GeoJSON of this area (with values and citations)</button></li>
        </ul>
      </section>`;
    this.renderSeries();
    this.renderAggregate();
  }

  /** A catchment's profile: what an area's has, with its definition, method and constituents. */
  renderCatchment() {
    const a = this.area;
    this.el.innerHTML = `
      <div class="profile-head">
        <h2 id="profile-title" tabindex="-1">${escapeHtml(a.name || 'Catchment')}</h2>
        <button type="button" class="icon-button" data-action="close" aria-label="Close the catchment profile">✕</button>
      </div>
      ${catchmentMetaHtml(a)}
      <section class="headline" aria-labelledby="headline-title">${this.headlineHtml()}</section>
      ${catchmentDetailsHtml(a)}
      ${this.indicatorsHtml()}
      ${this.app.compare ? this.app.compare.trayHtml(a) : ''}
      ${catchmentEvidenceHtml(a, this.app)}`;
  }

  /** Why this area is shown: the selection was an LSOA of the other vintage (vintages.js). */
  noteHtml() {
    if (!this.note) return '';
    const others = (this.alternatives || []).map((x) => `<button type="button" class="link-button" data-action="select-area" data-set="${escapeHtml(x.set)}" data-code="${escapeHtml(x.code)}">${escapeHtml(x.name || x.code)}</button>`);
    return `<p class="vintage-note" data-testid="vintage-note">${escapeHtml(this.note)}${others.length ? ` Also part of it: ${others.join(', ')}.` : ''}</p>`;
  }

  headlineHtml() {
    const app = this.app;
    const a = this.area;
    const cur = app.current;
    if (!cur) return '<h3 id="headline-title">Loading…</h3>';
    if (app.state.indicator === COMPOSITE) return this.compositeHtml();
    const meta = cur.meta;
    const isCatchment = a.set === 'catchment';
    if (isCatchment && !isSmallArea(cur.set)) {
      return `<h3 id="headline-title">${escapeHtml(meta.title)}</h3>
        <p class="note">This indicator is published for ${escapeHtml(setPlural[cur.set] || cur.set)}: only small-area (LSOA) indicators are apportioned to a catchment.</p>`;
    }
    if (cur.set !== a.set && !isCatchment) {
      return `<h3 id="headline-title">${escapeHtml(meta.title)}</h3>
        <p class="note">This indicator is published for ${escapeHtml(setPlural[cur.set] || cur.set)}, not for ${escapeHtml(setPlural[a.set] || a.set)}.
        ${summarisesInside(cur.set, a.set) ? 'A summary of the areas inside it follows.' : ''}</p>`;
    }
    const fromApi = (a.indicators || []).find((i) => i.id === meta.id);
    const row = (!isCatchment && cur.byCode.get(a.code)) || {};
    const samePeriod = fromApi && (!cur.period || fromApi.period === cur.period || isCatchment);
    const value = samePeriod ? fromApi.value : row.v;
    const flag = samePeriod ? fromApi.flag : row.f;
    const nationalRank = samePeriod ? fromApi.national_rank : row.r;
    const nationalDecile = samePeriod ? fromApi.national_decile : row.d;
    const extra = samePeriod ? this.extraFor(meta.id) : null;
    const regional = extra?.regional?.rank ?? cur.rank.get(a.code);
    const regionalOf = extra?.regional?.of ?? cur.rankedCount;
    const ci = ciFrom(extra);
    const fmt = (v) => formatValue(v, meta);
    const lines = [];
    if (nationalRank) lines.push(`National rank ${formatInt(nationalRank)}`);
    if (nationalDecile) lines.push(`national decile ${nationalDecile} (1 = most deprived 10 %)`);
    if (regional) lines.push(`rank ${formatInt(regional)} of ${formatInt(regionalOf)} in the region (1 = ${cur.meta.polarity === 'neutral' ? 'highest' : 'worst'})`);
    const cmps = [];
    const bars = [{ label: a.name, value, color: '#0b2a6f', emphasis: true }];
    // A catchment is compared with each borough it touches (largest share first); an area with its own.
    const boroughs = samePeriod ? (fromApi.boroughs || [fromApi.borough]).filter(Boolean) : [];
    const region = samePeriod ? comparatorValue(fromApi.region)
      : cur.aggregated && cur.region ? { value: cur.region.value, perArea: false, method: cur.region.method } : null;
    const regionName = app.regionName || (fromApi?.region?.name && fromApi.region.name !== 'the region' ? fromApi.region.name : 'Region');
    const perAreaNote = region?.perArea;
    const sigs = [];
    for (const b of boroughs) {
      const borough = comparatorValue(b);
      if (!borough || !Number.isFinite(value)) continue;
      const sig = significanceFrom(extra ? { borough: b } : null, 'borough');
      sigs.push(sig);
      cmps.push(this.cmpItem(sig, b.name, fmt(borough.value), borough.method));
      bars.push({ label: b.name, value: borough.value, color: '#8c8c8c' });
    }
    if (region && Number.isFinite(value)) {
      const sig = significanceFrom(extra, 'region');
      sigs.push(sig);
      cmps.push(this.cmpItem(sig, `${regionName}${region.perArea ? ' average per area' : ''}`, fmt(region.value), region.method));
      if (cur.aggregated) lines.push(`${escapeHtml(row.method || '')} (aggregated by the server)`);
      bars.push({ label: regionName + (region.perArea ? ' (avg)' : ''), value: region.value, color: '#bdbdbd' });
    }
    // England: the server's national value where a source publishes one, else its reason.
    const englandApi = samePeriod ? fromApi.england : null;
    if (englandApi && Number.isFinite(englandApi.value) && Number.isFinite(value)) {
      const sig = significanceFrom(extra, 'england');
      sigs.push(sig);
      cmps.push(this.cmpItem(sig, englandApi.name || 'England', fmt(englandApi.value), englandApi.source || ''));
      bars.push({ label: englandApi.name || 'England', value: englandApi.value, color: '#e0e0e0' });
    } else if (englandApi?.reason) {
      cmps.push(`<li class="cmp cmp-none">No England comparator<span class="method"> ${escapeHtml(englandApi.reason)}</span></li>`);
    }
    const judged = sigs.some((x) => x.judged);
    const notCompared = sigs.some((x) => !x.judged);
    const cmpNote = [
      judged ? 'Significance: the area’s 95 % confidence interval against the comparator’s value (Fingertips rule).' : '',
      notCompared && !ci ? 'Without a confidence interval an indicator is not compared (as in Fingertips): the comparator values are shown for context only.' : '',
      perAreaNote ? 'Counts are shown beside the comparator’s average per area.' : '',
    ].filter(Boolean).join(' ');
    return `
      <h3 id="headline-title">${escapeHtml(meta.title)}</h3>
      <p class="headline-value"><span class="value" data-testid="profile-value" data-value="${Number.isFinite(value) ? value : ''}">${escapeHtml(fmt(value))}</span>
        <span class="period">${escapeHtml(monthLabel((isCatchment ? fromApi?.period : cur.period) || meta.period || ''))}</span>
        ${flag ? `<span class="flag">${escapeHtml(flag.replace(/_/g, ' '))}</span>` : ''}</p>
      ${ci ? `<p class="ci">95 % confidence interval ${escapeHtml(fmt(ci.lower))} to ${escapeHtml(fmt(ci.upper))}${Number.isFinite(fromApi?.numerator) && Number.isFinite(fromApi?.denominator) ? ` (${formatInt(fromApi.numerator)} in ${formatInt(fromApi.denominator)})` : ''}</p>` : ''}
      ${lines.length ? `<p class="ranks">${lines.join(' · ')}</p>` : ''}
      ${cmps.length ? `<ul class="comparisons">${cmps.join('')}</ul>` : ''}
      ${cmps.length ? `<p class="note">${escapeHtml(cmpNote)}</p>` : ''}
      ${bars.length > 1 ? barChart(bars, meta, { title: `${meta.title}, ${a.name} and comparators${judged ? '' : ' (values only, not a comparison)'}` }) : ''}`;
  }

  /** One comparison line; a comparator that was not compared still shows its value, with the reason. */
  cmpItem(sig, name, valueText, method) {
    const methodHtml = method ? `<span class="method"> ${escapeHtml(method)}</span>` : '';
    if (!sig.judged) {
      return `<li class="cmp cmp-not_compared" data-judgement="not_compared"><span aria-hidden="true">${judgementText.not_compared.icon}</span> ${escapeHtml(name)}${valueText ? `: ${escapeHtml(valueText)}` : ''} — not compared (${escapeHtml(sig.text || NO_CI)})${methodHtml}</li>`;
    }
    const j = judgementText[sig.word];
    const text = sig.text ? `<span class="method">${escapeHtml(sig.text)}</span>` : '';
    return `<li class="cmp cmp-${sig.word}" data-judgement="${sig.word}"><span aria-hidden="true">${j.icon}</span> ${j.word} ${escapeHtml(name)}${valueText ? ` (${escapeHtml(valueText)})` : ''}${text}${methodHtml}</li>`;
  }

  compositeHtml() {
    const app = this.app;
    const a = this.area;
    const cur = app.current;
    if (cur.set !== a.set) {
      const inside = summarisesInside(cur.set, a.set);
      return `<h3 id="headline-title">Composite risk index</h3><p class="note">The composite is computed for ${escapeHtml(setPlural[cur.set])}; this is a ${escapeHtml(setLabels[a.set])}.${inside ? ' A summary of the areas inside it follows.' : ''}</p>`;
    }
    const row = cur.byCode.get(a.code) || {};
    const rank = row.r ?? cur.rank.get(a.code);
    const comps = cur.components || [];
    const compRows = comps.map((c) => {
      const z = c.z?.get(a.code);
      const raw = c.byCode.get(a.code)?.v;
      return `<tr><th scope="row">${escapeHtml(c.meta.title)}</th><td>${escapeHtml(formatValue(raw, c.meta))}</td><td>${Number.isFinite(z) ? z.toFixed(2) : '—'}</td><td>${c.weight}</td></tr>`;
    }).join('');
    return `<h3 id="headline-title">Composite risk index</h3>
      <p class="headline-value"><span class="value" data-testid="profile-value" data-value="${Number.isFinite(row.v) ? row.v : ''}">${Number.isFinite(row.v) ? row.v.toFixed(2) : 'no data'}</span></p>
      ${rank ? `<p class="ranks">Rank ${formatInt(rank)} of ${formatInt(cur.rankedCount)} (1 = highest risk)${row.d ? ` · decile ${row.d}` : ''}${row.stability ? ` · rank range ${row.stability[0]}–${row.stability[1]} under weight changes` : ''}</p>` : ''}
      <p class="note">${escapeHtml(cur.note)}</p>
      ${compRows ? `<div class="table-scroll"><table class="compact"><caption class="visually-hidden">Composite components</caption><thead><tr><th scope="col">Indicator</th><th scope="col">Value</th><th scope="col">z (worse +)</th><th scope="col">Weight</th></tr></thead><tbody>${compRows}</tbody></table></div>` : ''}`;
  }

  indicatorsHtml() {
    const a = this.area;
    const list = a.indicators || [];
    if (!list.length) {
      return `<section class="all-indicators"><h3>Indicators for this area</h3><p class="note">No indicators are published for ${escapeHtml(setPlural[a.set] || a.set)} in this build.</p></section>`;
    }
    const byTheme = new Map();
    for (const ind of list) {
      if (!byTheme.has(ind.theme)) byTheme.set(ind.theme, []);
      byTheme.get(ind.theme).push(ind);
    }
    const cell = (ind, comp, key) => {
      const c = comparatorValue(comp);
      if (!c) return '<td>—</td>';
      const cv = `<span class="cmp-value">${escapeHtml(formatValue(c.value, ind))}${c.perArea ? ' avg' : ''}</span>`;
      const sig = significanceFrom(this.extraFor(ind.id), key);
      if (!sig.judged || !Number.isFinite(ind.value)) {
        return `<td class="cmp-not_compared" data-judgement="not_compared">${cv} <span class="judgement" title="${escapeHtml(sig.text || NO_CI)}">not compared</span></td>`;
      }
      const j = judgementText[sig.word];
      return `<td class="cmp-${sig.word}" data-judgement="${sig.word}">${cv} <span class="judgement"><span aria-hidden="true">${j.icon}</span> ${escapeHtml(sig.word)}<abbr title="${escapeHtml(sig.text || 'significant at 95 %')}">*</abbr></span></td>`;
    };
    const bodies = [...byTheme.entries()].map(([theme, inds]) => `
      <tbody><tr class="theme-row"><th scope="rowgroup" colspan="4">${escapeHtml(theme)}</th></tr>
      ${inds.map((ind) => `<tr${ind.id === this.app.state.indicator ? ' class="current"' : ''}>
        <th scope="row"><button type="button" class="link-button" data-action="map-indicator" data-id="${escapeHtml(ind.id)}" aria-label="Map ${escapeHtml(ind.title)}">${escapeHtml(ind.title)}</button>${ind.flag ? ` <span class="flag">${escapeHtml(ind.flag.replace(/_/g, ' '))}</span>` : ''}</th>
        <td class="num">${escapeHtml(formatValue(ind.value, ind))}${ind.national_decile ? `<span class="decile" title="national decile"> d${ind.national_decile}</span>` : ''}</td>
        ${cell(ind, ind.borough, 'borough')}${cell(ind, ind.region, 'region')}
      </tr>`).join('')}</tbody>`).join('');
    return `<section class="all-indicators" aria-labelledby="all-ind-title">
      <h3 id="all-ind-title">All ${list.length} indicators for this area</h3>
      <p class="note">Each indicator's latest period${periodsNote(list)}. Comparator values first; * = judged by the area’s 95 % confidence interval against the comparator (Fingertips rule). Indicators without a confidence interval (scores, ranks, counts) are not compared. d = national decile (1 = most deprived).</p>
      <div class="table-scroll"><table class="compact indicators-table">
        <caption class="visually-hidden">Every indicator for ${escapeHtml(a.name)}, with the borough and region values and, where there is a confidence interval, the comparison. d = national decile (1 = most deprived).</caption>
        <thead><tr><th scope="col">Indicator</th><th scope="col">Value</th><th scope="col">vs borough</th><th scope="col">vs region</th></tr></thead>
        ${bodies}
      </table></div></section>`;
  }

  /** The monthly crime series for LSOA 2021 areas (police.uk months; flagged months marked). */
  renderSeries() {
    const host = this.el.querySelector('#profile-series');
    const a = this.area;
    if (!host || !a) return;
    const app = this.app;
    const id = app.data.seriesIndicator();
    const meta = app.indicators.get(id);
    if (!meta || meta.set !== a.set) return;
    const auto = app.data.seriesIsMapped() || app.data.seriesCached(id);
    const token = this.token;
    const code = a.code;
    host.innerHTML = `<section class="series" aria-labelledby="series-title"><h3 id="series-title">Monthly trend: ${escapeHtml(meta.title)}</h3>
      <div class="series-body">${auto ? '<p class="loading">Loading the monthly series…</p>' : `<button type="button" class="button-secondary" data-action="load-series">Show the monthly trend (${escapeHtml(String(meta.periods || ''))} months)</button>`}</div></section>`;
    if (!auto) return;
    const body = host.querySelector('.series-body');
    app.data.loadSeries(id, code, (done, total) => {
      if (token === this.token) body.innerHTML = `<p class="loading" role="status">Loading the monthly series… ${done} of ${total} months</p>`;
    }).then(({ series, source, trend }) => {
      if (token !== this.token || this.area?.code !== code) return;
      const flagged = series.filter((s) => s.flag).length;
      const mapped = app.current?.id === id ? app.current.period : null;
      // The server's trend test of the complete months (methods §10a), in its own words.
      const words = trend?.text ? `<p class="trend-text" data-testid="series-trend" data-direction="${escapeHtml(trend.direction)}">${escapeHtml(trend.text)}</p>` : '';
      body.innerHTML = `${words}${sparkline(series, meta, { title: `${meta.title}, ${a.name}`, highlight: mapped })}
        <p class="note"><span class="spark-key" aria-hidden="true">◇</span> ${flagged ? `${flagged} incomplete month${flagged === 1 ? '' : 's'} (some boroughs missing in police.uk) shown as hollow diamonds and left out of the line.` : 'No incomplete months.'} ${escapeHtml(source)}</p>`;
    }).catch((err) => {
      if (token === this.token) body.innerHTML = `<p class="note">Monthly series unavailable: ${escapeHtml(err.message)}</p>`;
    });
  }

  /** Ward/borough selected while an LSOA indicator is mapped: summarise the LSOAs inside it. */
  renderAggregate() {
    const host = this.el.querySelector('#profile-aggregate');
    const a = this.area;
    const app = this.app;
    const cur = app.current;
    if (!host || !a || !cur) return;
    if (!summarisesInside(cur.set, a.set)) return;
    const token = this.token;
    host.innerHTML = '<p class="loading">Summarising the LSOAs inside…</p>';
    app.data.aggregateWithin(a).then((agg) => {
      if (token !== this.token) return;
      if (!agg || !agg.count) {
        host.innerHTML = '<p class="note">Zoom to the area to summarise the LSOAs inside it.</p>';
        return;
      }
      const meta = cur.meta;
      const rows = agg.rows.slice(0, 400).map((r) => `<tr><th scope="row"><button type="button" class="link-button" data-action="select-area" data-set="${r.set}" data-code="${escapeHtml(r.code)}">${escapeHtml(r.name)}</button></th><td class="num">${escapeHtml(formatValue(r.v, meta))}</td><td class="num">${r.rank ? formatInt(r.rank) : '—'}</td></tr>`).join('');
      host.innerHTML = `<section class="aggregate" aria-labelledby="agg-title">
        <h3 id="agg-title">${escapeHtml(meta.title)}: ${agg.count} LSOAs in ${escapeHtml(a.name)}</h3>
        <p class="headline-value"><span class="value" data-testid="aggregate-value" data-value="${agg.value}">${escapeHtml(formatValue(agg.value, meta))}</span> <span class="period">${escapeHtml(agg.methodShort)}</span></p>
        <p class="note">${escapeHtml(agg.method)} ${agg.source === 'server' ? 'Aggregated by the server.' : 'Computed in your browser from the map’s data, not an official statistic.'}${Number.isFinite(agg.share) ? ` ${formatValue(agg.share, { value_kind: 'proportion' })} of its LSOAs are in the most deprived 10 % nationally.` : ''}</p>
        <details><summary>The ${agg.count} LSOAs, worst first</summary>
        <div class="table-scroll"><table class="compact"><caption class="visually-hidden">LSOAs in ${escapeHtml(a.name)}</caption><thead><tr><th scope="col">LSOA</th><th scope="col">Value</th><th scope="col">Regional rank</th></tr></thead><tbody>${rows}</tbody></table></div></details>
      </section>`;
    }).catch((err) => {
      if (token === this.token) host.innerHTML = `<p class="note">Summary unavailable: ${escapeHtml(err.message)}</p>`;
    });
  }

  onClick(e) {
    const btn = e.target.closest('[data-action]');
    if (!btn) return;
    const app = this.app;
    const action = btn.dataset.action;
    if (action === 'close') app.clearSelection();
    else if (action === 'map-indicator') app.setIndicator(btn.dataset.id, { fromProfile: true });
    else if (action === 'load-series') {
      this.app.data.markSeriesWanted(this.app.data.seriesIndicator());
      this.renderSeries();
    } else if (action === 'csv-area') app.runDownload(() => app.downloads.csvForSelection());
    else if (action === 'xlsx-area') app.runDownload(() => app.downloads.xlsx({ onlySelection: true }));
    else if (action === 'geojson') app.downloads.geojsonForSelection();
    else if (action === 'compare-add') app.compare.add(this.area);
    else if (action === 'compare-remove') app.compare.remove(btn.dataset.code);
    else if (action === 'compare-open') app.compare.open(btn);
    else if (action === 'catchment-method') {
      this.catchmentMethod = btn.value;
      this.open({ set: 'catchment', code: this.area.code });
    } else if (action === 'select-area') app.selectArea({ set: btn.dataset.set, code: btn.dataset.code }, { fly: true, focus: true });
  }
}
