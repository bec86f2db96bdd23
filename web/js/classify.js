// Class breaks (quantiles, equal interval, Jenks natural breaks) and ColorBrewer palettes.
// The palettes are the colour-blind-safe sequential schemes of ColorBrewer 2.0 (Cynthia Brewer,
// Penn State), the same YlOrRd the server's style.json uses, so both agree.

export const palettes = {
  YlOrRd: {
    3: ['#ffeda0', '#feb24c', '#f03b20'],
    4: ['#ffffb2', '#fecc5c', '#fd8d3c', '#e31a1c'],
    5: ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'],
    6: ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'],
    7: ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#b10026'],
  },
  // Neutral (context) indicators: a single hue that does not read as good or bad.
  Blues: {
    3: ['#deebf7', '#9ecae1', '#3182bd'],
    4: ['#eff3ff', '#bdd7e7', '#6baed6', '#2171b5'],
    5: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'],
    6: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
    7: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'],
  },
  // School exclusion points.
  Purples: {
    5: ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'],
  },
};

export const noDataColor = '#c8c8c8';

/** Colours for `classes` classes, darkest = worst whatever the polarity. */
export function paletteFor(polarity, classes) {
  const n = Math.max(3, Math.min(7, classes));
  if (polarity === 'neutral') return palettes.Blues[n].slice();
  const colors = palettes.YlOrRd[n].slice();
  return polarity === 'higher_is_better' ? colors.reverse() : colors;
}

function quantileBreaks(sorted, k) {
  const breaks = [];
  for (let i = 1; i < k; i++) breaks.push(sorted[Math.floor((sorted.length * i) / k)]);
  return breaks;
}

function equalBreaks(sorted, k) {
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const breaks = [];
  for (let i = 1; i < k; i++) breaks.push(min + ((max - min) * i) / k);
  return breaks;
}

/**
 * Jenks natural breaks by the Fisher–Jenks dynamic programme (minimise within-class sum of
 * squared deviations). Large inputs are sampled evenly to keep it interactive.
 */
function jenksBreaks(sortedAll, k) {
  const maxN = 600;
  let data = sortedAll;
  if (data.length > maxN) {
    data = [];
    for (let i = 0; i < maxN; i++) data.push(sortedAll[Math.floor((i * (sortedAll.length - 1)) / (maxN - 1))]);
  }
  const n = data.length;
  if (n <= k) return data.slice(1);
  const lower = Array.from({ length: n + 1 }, () => new Int32Array(k + 1));
  const variance = Array.from({ length: n + 1 }, () => new Float64Array(k + 1).fill(Infinity));
  for (let j = 1; j <= k; j++) { lower[1][j] = 1; variance[1][j] = 0; }
  for (let l = 2; l <= n; l++) {
    let s1 = 0;
    let s2 = 0;
    let w = 0;
    let v = 0;
    for (let m = 1; m <= l; m++) {
      const i3 = l - m + 1;
      const val = data[i3 - 1];
      s2 += val * val;
      s1 += val;
      w += 1;
      v = s2 - (s1 * s1) / w;
      const i4 = i3 - 1;
      if (i4 !== 0) {
        for (let j = 2; j <= k; j++) {
          if (variance[l][j] >= v + variance[i4][j - 1]) {
            lower[l][j] = i3;
            variance[l][j] = v + variance[i4][j - 1];
          }
        }
      }
    }
    lower[l][1] = 1;
    variance[l][1] = v;
  }
  const breaks = new Array(k - 1);
  let idx = n;
  for (let j = k; j >= 2; j--) {
    const start = lower[idx][j] - 1; // index of the first value of class j
    breaks[j - 2] = data[start];
    idx = start;
  }
  return breaks;
}

/**
 * Class breaks for MapLibre's `step`: class i holds b[i-1] ≤ v < b[i]. Breaks are strictly
 * increasing; ties (many equal values) are split where the values allow, and `fewer` says why
 * when there are still fewer classes than asked for.
 * @returns {{breaks: number[], min: number, max: number, counts: number[], fewer: string}}
 */
export function classify(values, method, classes) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return { breaks: [], min: NaN, max: NaN, counts: [], fewer: '' };
  const k = Math.max(2, Math.min(7, classes));
  let raw;
  if (method === 'equal_interval') raw = equalBreaks(sorted, k);
  else if (method === 'natural_breaks') raw = jenksBreaks(sorted, k);
  else raw = quantileBreaks(sorted, k);
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const breaks = [];
  for (const b of raw.map(round)) {
    if (b > min && b <= max && (!breaks.length || b > breaks[breaks.length - 1])) breaks.push(b);
  }
  fillBreaks(sorted, breaks, k);
  const counts = new Array(breaks.length + 1).fill(0);
  for (const v of sorted) counts[classOf(v, breaks)]++;
  const distinct = countDistinct(sorted, k);
  const fewer = breaks.length + 1 < k
    ? `${breaks.length + 1} classes, not ${k}: ${distinct < k ? `the areas have only ${distinct} different values` : 'many areas share the same values'}.`
    : '';
  return { breaks, min, max, counts, fewer };
}

/** Distinct values in a sorted list, counting no further than `limit`. */
function countDistinct(sorted, limit) {
  let n = 0;
  for (let i = 0; i < sorted.length && n < limit; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  return n;
}

/**
 * Ties can merge breaks (many areas with the same value): split the most populous class that
 * still holds different values at its middle distinct value, until there are k classes or no
 * class can be split.
 */
function fillBreaks(sorted, breaks, k) {
  while (breaks.length < k - 1) {
    const edges = [-Infinity, ...breaks, Infinity];
    let best = null;
    for (let c = 0; c < edges.length - 1; c++) {
      const members = sorted.filter((v) => v >= edges[c] && v < edges[c + 1]);
      const values = [...new Set(members)];
      if (values.length >= 2 && (!best || members.length > best.members.length)) best = { members, values };
    }
    if (!best) return;
    const mid = best.members[Math.floor(best.members.length / 2)];
    const candidate = best.values.find((v) => v >= mid && v > best.values[0]) ?? best.values[best.values.length - 1];
    const b = round(candidate);
    if (breaks.includes(b) || b <= sorted[0]) return;
    breaks.push(b);
    breaks.sort((x, y) => x - y);
  }
}

/** Rounds a break to 4 significant figures so legends stay readable and step() stays exact. */
function round(b) {
  if (b === 0) return 0;
  const digits = 4 - Math.ceil(Math.log10(Math.abs(b)));
  const f = 10 ** Math.max(0, Math.min(10, digits));
  return Math.round(b * f) / f;
}

export function classOf(v, breaks) {
  let i = 0;
  while (i < breaks.length && v >= breaks[i]) i++;
  return i;
}

/** Colours for the classes actually produced (fewer breaks → colours spread over the ramp). */
export function colorsForBreaks(polarity, requested, breaks) {
  const n = breaks.length + 1;
  const ramp = paletteFor(polarity, requested);
  if (n === ramp.length) return ramp;
  if (n <= 1) return [ramp[Math.floor(ramp.length / 2)]];
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]);
}
