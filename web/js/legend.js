// The map legend: title, unit, period, class ranges with colours and counts, no-data swatch,
// and the source line. Rendered as HTML so it is readable by screen readers and zoomable.
import { distinctLabels, escapeHtml, unitLabel } from './format.js';

const methodNames = {
  quantiles: 'quantiles (equal counts)',
  equal_interval: 'equal intervals',
  natural_breaks: 'natural breaks (Jenks)',
};

/**
 * @param {HTMLElement} el
 * @param {object} o {title, meta, period, periodNote, method, breaks, colors, counts, min, max, fewer, citation, note, setLabel, noData}
 */
export function renderLegend(el, o) {
  const n = o.colors.length;
  const bounds = [o.min, ...o.breaks.slice(0, n - 1), o.max];
  const labels = distinctLabels(bounds, o.meta);
  const rows = [];
  for (let i = 0; i < n; i++) {
    const [lo, hi] = [labels[i], labels[i + 1]];
    // A class holding one value (ties, natural breaks on counts) is that value, not "9 to 9".
    const single = i === n - 1 ? bounds[i] === bounds[i + 1] : false;
    const range = single || lo === hi ? lo : i === n - 1 ? `${lo} to ${hi}` : `${lo} to under ${hi}`;
    rows.push(`<li data-class="${i}"><span class="swatch" style="background:${o.colors[i]}" aria-hidden="true"></span>
      <span class="range">${escapeHtml(range)}</span><span class="count">${o.counts[i] ?? ''}</span></li>`);
  }
  if (!Number.isFinite(o.min)) rows.length = 0;
  if (o.hotspots) {
    // Hotspot view: the Gi* classes of this indicator replace the value classes on the map.
    const hs = o.hotspots;
    el.innerHTML = `
      <h2 class="legend-title" id="legend-title">${escapeHtml(o.title)}</h2>
      <p class="legend-sub">Hot and cold spots · ${escapeHtml(o.setLabel)}${o.period ? ` · ${escapeHtml(o.period)}` : ''}</p>
      <ul class="legend-classes" aria-label="Getis-Ord Gi* classes">
        ${hs.classes.map(([bin, color, label]) => `<li><span class="swatch" style="background:${color}" aria-hidden="true"></span><span class="range">${escapeHtml(label)}</span><span class="count">${hs.counts[bin] || 0}</span></li>`).join('')}
      </ul>
      <p class="legend-method">${escapeHtml(hs.method || 'Getis-Ord Gi*')} Turn off Hotspots to see the values.</p>
      ${o.citation ? `<p class="legend-source">Source: ${escapeHtml(o.citation)}</p>` : ''}`;
    return;
  }
  const unit = unitLabel(o.meta);
  el.innerHTML = `
    <h2 class="legend-title" id="legend-title">${escapeHtml(o.title)}</h2>
    <p class="legend-sub">${escapeHtml(o.setLabel)}${o.period ? ` · ${escapeHtml(o.period)}` : ''}${unit ? ` · ${escapeHtml(unit)}` : ''}</p>
    ${o.periodNote ? `<p class="legend-warning">${escapeHtml(o.periodNote)}</p>` : ''}
    <ul class="legend-classes" aria-label="Colour classes (${escapeHtml(methodNames[o.method] || o.method)}); darker is ${escapeHtml(o.darker || 'higher')}">
      ${rows.join('')}
      <li class="nodata"><span class="swatch swatch-nodata" aria-hidden="true"></span><span class="range">No data</span><span class="count">${Number(o.noData) || 0}</span></li>
    </ul>
    ${o.fewer ? `<p class="legend-fewer">${escapeHtml(o.fewer)}</p>` : ''}
    <p class="legend-method">${escapeHtml(methodNames[o.method] || o.method)}; darker = ${escapeHtml(o.darker || 'higher')}. Counts are areas.</p>
    ${o.note ? `<p class="legend-note">${escapeHtml(o.note)}</p>` : ''}
    ${o.citation ? `<p class="legend-source">Source: ${escapeHtml(o.citation)}</p>` : ''}`;
}
