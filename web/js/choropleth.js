// The mapped indicator: loads its values (own areas, a server aggregate, or the composite) and
// turns them into classes, colours and the legend.
import { classify, colorsForBreaks } from './classify.js';
import { computeComposite } from './composite.js';
import { monthLabel, setLabels, setPlural } from './format.js';
import { renderLegend } from './legend.js';
import { hotspotClasses } from './mapview.js';
import { COMPOSITE } from './state.js';

/** Loads what `app.state` asks to map; throws AbortError when a newer composite request replaced it. */
export async function loadIndicatorData(app) {
  const { state, data: store } = app;
  const id = state.indicator;
  if (id === COMPOSITE) {
    app.fillWeights();
    app.compositeAbort?.abort();
    app.compositeAbort = new AbortController();
    const firstSet = app.indicators.get(app.compositeIds[0]).set;
    const data = await computeComposite(app.compositeIds, state.weights, app.indicators, (cid) => store.valuesFor(cid), {
      signal: app.compositeAbort.signal, codeToFid: (code) => store.codeToFid(firstSet, code),
    });
    app.composite?.setMode(data.source === 'server'
      ? 'Computed by the server. Weights 0 (off) to 2 (double).'
      : 'Computed in your browser (no server composite route): z-scores, weighted sum. Weights 0 (off) to 2 (double).');
    return data;
  }
  const meta = app.indicators.get(id);
  const targets = store.aggregateTargets(meta);
  let data = null;
  if (state.geo && targets.includes(state.geo)) data = await store.aggregateFor(id, state.period, state.geo);
  if (!data) {
    data = await store.valuesFor(id, state.period);
    if (!targets.includes(state.geo)) state.geo = '';
  }
  if (state.period && data.period !== state.period) state.period = null;
  return data;
}

/** Legend inputs for the mapped data and its classes. */
function legendOptions(app, data, classes) {
  const meta = data.meta;
  const c = meta.citation;
  const flagged = data.period && app.data.flaggedPeriods.get(data.id)?.has(data.period);
  const hotspots = app.overlays.hotspots;
  return {
    title: meta.title,
    meta,
    setLabel: `${setLabels[data.set] || data.set}${data.aggregated ? ` (from ${setLabels[data.sourceSet]})` : ''}`,
    period: data.kind === 'composite' ? '' : (data.period ? monthLabel(data.period) : meta.period),
    periodNote: flagged ? 'Incomplete month: police.uk is missing some boroughs; values are too low there.' : '',
    method: app.state.method,
    requested: app.state.classes,
    ...classes,
    darker: meta.polarity === 'higher_is_better' ? 'lower value = worse' : meta.polarity === 'neutral' ? 'higher' : 'higher value = worse',
    note: data.kind === 'composite' ? data.note
      : data.aggregated ? `Aggregated by the server from ${setPlural[data.sourceSet]}: ${[...data.byCode.values()][0]?.method?.replace(/ of \d+ areas$/, '') || ''}.` : '',
    hotspots: hotspots && data.kind === 'indicator' ? { ...hotspots, classes: hotspotClasses } : null,
    citation: data.kind === 'composite'
      ? data.components.map((x) => x.meta.citation?.publisher).filter((v, i, a) => v && a.indexOf(v) === i).join('; ')
      : c ? `${c.publisher}${c.title ? `, ${c.title}` : ''} (${c.licence})` : '',
  };
}

/** Classifies the mapped values, colours the map and redraws the legend. */
export function restyle(app) {
  const data = app.current;
  if (!data) return;
  const values = data.aggregated ? [...data.byCode.values()].map((r) => r.v) : [...data.byFid.values()];
  const result = classify(values, app.state.method, app.state.classes);
  const colors = colorsForBreaks(data.meta.polarity, app.state.classes, result.breaks);
  data.breaks = result.breaks;
  data.colors = colors;
  app.mapView.setClasses(data.set, result.breaks, colors);
  const noData = [...data.byCode.values()].filter((r) => !Number.isFinite(r.v)).length;
  const legendEl = document.querySelector('#legend');
  if (legendEl) renderLegend(legendEl, legendOptions(app, data, { ...result, colors, noData }));
}
