// Small plain-SVG charts: a comparator bar chart and a monthly sparkline with flagged months.
import { escapeHtml, formatValue, monthLabel } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Horizontal bars, one per row: [{label, value, color, emphasis}].
 * @returns {string} SVG markup
 */
export function barChart(rows, meta, { width = 320, title = '' } = {}) {
  const valid = rows.filter((r) => Number.isFinite(r.value));
  if (!valid.length) return '';
  const labelW = 118;
  const valueW = 64;
  const barH = 16;
  const gap = 8;
  const height = rows.length * (barH + gap) + 4;
  const min = Math.min(0, ...valid.map((r) => r.value));
  const max = Math.max(0, ...valid.map((r) => r.value)) || 1;
  const plotW = width - labelW - valueW;
  const x = (v) => labelW + ((v - min) / (max - min)) * plotW;
  const parts = rows.map((r, i) => {
    const y = 2 + i * (barH + gap);
    const text = formatValue(r.value, meta);
    const x0 = x(Math.min(0, r.value));
    const w = Number.isFinite(r.value) ? Math.max(1, Math.abs(x(r.value) - x(0))) : 0;
    return `<text x="${labelW - 6}" y="${y + barH - 4}" text-anchor="end" class="bar-label${r.emphasis ? ' em' : ''}">${escapeHtml(r.label)}</text>
      <rect x="${x0}" y="${y}" width="${w}" height="${barH}" fill="${r.color}" stroke="#333" stroke-width="0.5"><title>${escapeHtml(r.label)}: ${escapeHtml(text)}</title></rect>
      <text x="${x0 + w + 4}" y="${y + barH - 4}" class="bar-value">${escapeHtml(text)}</text>`;
  });
  const desc = rows.map((r) => `${r.label} ${formatValue(r.value, meta)}`).join('; ');
  return `<svg xmlns="${SVG}" class="bar-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title ? `${title}: ` : '')}${escapeHtml(desc)}">
    <line x1="${x(0)}" x2="${x(0)}" y1="0" y2="${height}" stroke="#666" stroke-width="1"/>
    ${parts.join('')}</svg>`;
}

/**
 * A monthly sparkline: [{period, value, flag}] in time order. Flagged (incomplete) months are
 * drawn as hollow diamonds and left out of the line so they do not read as real dips.
 */
export function sparkline(series, meta, { width = 320, height = 70, title = '', highlight = null } = {}) {
  const pts = series.filter((s) => Number.isFinite(s.value));
  if (pts.length < 2) return '';
  const padL = 4;
  const padR = 44;
  const padT = 8;
  const padB = 16;
  const vals = pts.map((p) => p.value);
  const min = Math.min(...vals);
  const max = Math.max(...vals);
  const span = max - min || 1;
  const n = series.length;
  const x = (i) => padL + (i / (n - 1)) * (width - padL - padR);
  const y = (v) => padT + (1 - (v - min) / span) * (height - padT - padB);
  let path = '';
  let pen = false;
  const marks = [];
  series.forEach((s, i) => {
    if (!Number.isFinite(s.value) || s.flag) {
      pen = false;
      if (Number.isFinite(s.value)) {
        const cx = x(i);
        const cy = y(s.value);
        marks.push(`<path d="M${cx} ${cy - 4} L${cx + 4} ${cy} L${cx} ${cy + 4} L${cx - 4} ${cy} Z" class="spark-flag"><title>${escapeHtml(monthLabel(s.period))}: ${escapeHtml(formatValue(s.value, meta))} (incomplete month)</title></path>`);
      }
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(s.value).toFixed(1)} `;
    pen = true;
  });
  const dots = series.map((s, i) => (Number.isFinite(s.value) && !s.flag
    ? `<circle cx="${x(i).toFixed(1)}" cy="${y(s.value).toFixed(1)}" r="1.8" class="spark-dot"><title>${escapeHtml(monthLabel(s.period))}: ${escapeHtml(formatValue(s.value, meta))}</title></circle>`
    : '')).join('');
  const last = [...series].reverse().find((s) => Number.isFinite(s.value) && !s.flag);
  const lastIdx = series.lastIndexOf(last);
  const flagged = series.filter((s) => s.flag).length;
  const desc = `${title ? `${title}: ` : ''}${series.length} months from ${monthLabel(series[0].period)} to ${monthLabel(series[n - 1].period)}; lowest ${formatValue(min, meta)}, highest ${formatValue(max, meta)}, latest complete month ${last ? `${monthLabel(last.period)} ${formatValue(last.value, meta)}` : 'none'}; ${flagged} incomplete month${flagged === 1 ? '' : 's'} marked.`;
  const hi = highlight ? series.findIndex((s) => s.period === highlight) : -1;
  const hiMark = hi >= 0
    ? `<line x1="${x(hi).toFixed(1)}" x2="${x(hi).toFixed(1)}" y1="${padT - 4}" y2="${height - padB}" class="spark-current"><title>Month on the map: ${escapeHtml(monthLabel(highlight))}</title></line>`
    : '';
  return `<svg xmlns="${SVG}" class="sparkline" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(desc)}${hi >= 0 ? ` The month on the map, ${escapeHtml(monthLabel(highlight))}, is marked with a vertical line.` : ''}">
    <line x1="${padL}" x2="${width - padR}" y1="${height - padB}" y2="${height - padB}" stroke="#999" stroke-width="0.5"/>
    ${hiMark}
    <path d="${path}" class="spark-line"/>
    ${dots}${marks.join('')}
    ${last ? `<text x="${x(lastIdx) + 6}" y="${y(last.value) + 4}" class="spark-last">${escapeHtml(formatValue(last.value, meta))}</text>` : ''}
    <text x="${padL}" y="${height - 3}" class="spark-axis">${escapeHtml(monthLabel(series[0].period))}</text>
    <text x="${width - padR}" y="${height - 3}" text-anchor="end" class="spark-axis">${escapeHtml(monthLabel(series[n - 1].period))}</text>
  </svg>`;
}

/** Quartiles (type 7, as R and spreadsheets) of a sorted list. */
export function quartiles(sorted) {
  const q = (p) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]) - sorted[lo]);
  };
  return { min: sorted[0], q1: q(0.25), median: q(0.5), q3: q(0.75), max: sorted[sorted.length - 1] };
}

/** Shapes and colours of the compared areas' markers (distinct without colour too). */
export const spineMarks = [
  { shape: 'circle', color: '#0b2a6f' }, { shape: 'square', color: '#a33d00' },
  { shape: 'diamond', color: '#3b6e00' }, { shape: 'triangle', color: '#6b3fa0' },
];

function mark(i, x, y) {
  const { shape, color } = spineMarks[i % spineMarks.length];
  const s = 5;
  if (shape === 'circle') return `<circle cx="${x}" cy="${y}" r="${s}" fill="${color}" stroke="#fff" stroke-width="1"/>`;
  if (shape === 'square') return `<rect x="${x - s}" y="${y - s}" width="${2 * s}" height="${2 * s}" fill="${color}" stroke="#fff" stroke-width="1"/>`;
  if (shape === 'diamond') return `<path d="M${x} ${y - s - 1}L${x + s + 1} ${y}L${x} ${y + s + 1}L${x - s - 1} ${y}Z" fill="${color}" stroke="#fff" stroke-width="1"/>`;
  return `<path d="M${x} ${y - s - 1}L${x + s + 1} ${y + s}L${x - s - 1} ${y + s}Z" fill="${color}" stroke="#fff" stroke-width="1"/>`;
}

/**
 * One spine-chart row: the region's range (light), its middle half (darker) and median (line),
 * with a marker per area. Oriented as Fingertips does: worse to the left, better to the right
 * (low to high for neutral indicators).
 * @param {{min, q1, median, q3, max}} stats the region's distribution
 * @param {number[]} values the areas' values (null = no data)
 */
export function spineChart(stats, values, meta, { width = 220, label = '' } = {}) {
  const h = 18;
  const pad = 7;
  const flip = meta.polarity === 'higher_is_worse';
  const span = stats.max - stats.min || 1;
  const x = (v) => {
    const t = (v - stats.min) / span;
    return +(pad + (flip ? 1 - t : t) * (width - 2 * pad)).toFixed(2);
  };
  const band = (a, b) => [Math.min(x(a), x(b)), Math.abs(x(b) - x(a))];
  const [rx, rw] = band(stats.min, stats.max);
  const [qx, qw] = band(stats.q1, stats.q3);
  const marks = values.map((v, i) => (Number.isFinite(v) ? mark(i, x(v), h / 2) : '')).join('');
  const fmt = (v) => formatValue(v, meta);
  const desc = `${label}Region: lowest ${fmt(stats.min)}, lower quartile ${fmt(stats.q1)}, median ${fmt(stats.median)}, upper quartile ${fmt(stats.q3)}, highest ${fmt(stats.max)}.`;
  return `<svg xmlns="${SVG}" class="spine" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" role="img" aria-label="${escapeHtml(desc)}"
    data-min="${stats.min}" data-q1="${stats.q1}" data-median="${stats.median}" data-q3="${stats.q3}" data-max="${stats.max}" data-flip="${flip}">
    <rect class="spine-range" x="${rx}" y="4" width="${rw}" height="${h - 8}" fill="#d9dde3"/>
    <rect class="spine-iqr" x="${qx}" y="4" width="${qw}" height="${h - 8}" fill="#9aa3b0"/>
    <line class="spine-median" x1="${x(stats.median)}" x2="${x(stats.median)}" y1="1" y2="${h - 1}" stroke="#1b1b1b" stroke-width="1.5"/>
    ${marks}</svg>`;
}
