#!/usr/bin/env node
// Browser tests of the web client: starts `snamap serve` on 127.0.0.1:0, drives Debian's
// Chromium headless through playwright-core, checks the map, picker, profile, search, composite
// weights, permalinks, downloads and keyboard access against the JSON API, saves screenshots,
// stops the server by PID and exits non-zero on any failure.
//
//   node tests/web/run.mjs SNAMAP_BINARY DB
//
// Environment: SNAMAP_ARTIFACTS (screenshots; default <repo>/build/artifacts),
// CHROMIUM (default /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { parseCsvObjects } from '../../web/js/csv.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const webRoot = join(repo, 'web');
const require = createRequire(import.meta.url);

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

// Known areas of the West Midlands build.
const KNOWN_LSOA = 'E01008881'; // Birmingham 067A (LSOA 2021)
const KNOWN_WARD = 'Lozells';
const SECOND_INDICATOR = 'imd25_income_score';
const COMPOSITE_SLIDER = 'imd25_income_score';

const [binary, db] = process.argv.slice(2);
if (!binary || !db) {
  console.error('usage: node tests/web/run.mjs SNAMAP_BINARY DB');
  process.exit(2);
}
const artifacts = resolve(process.env.SNAMAP_ARTIFACTS || join(repo, 'build', 'artifacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const results = [];
let failures = 0;

function log(msg) {
  process.stdout.write(`${msg}\n`);
}

class CheckError extends Error {}
function assert(cond, msg) {
  if (!cond) throw new CheckError(msg);
}
function near(a, b, tol = 1e-9) {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failures++;
    results.push({ name, ok: false, err });
    log(`FAIL ${name}: ${err instanceof CheckError ? err.message : err.stack || err}`);
  }
}

// ------------------------------------------------------------------ server

function ensureVendor() {
  const mjs = join(webRoot, 'vendor', 'maplibre-gl', 'maplibre-gl.mjs');
  if (existsSync(mjs)) return;
  log('web/vendor is missing: running the vendor copy (npm run vendor)');
  const r = spawnSync(process.execPath, [join(webRoot, 'tools', 'vendor.mjs')], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(mjs)) throw new Error('web/vendor could not be created; run `npm ci && npm run vendor`');
}

function startServer(extraArgs = []) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, ['serve', db, '--port', '0', '--host', '127.0.0.1', '--web', webRoot, ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`snamap did not report its address within 60 s.\nstdout: ${out}\nstderr: ${err}`));
    }, 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, base: m[1] });
      }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`snamap exited early (code ${code}, signal ${signal}).\nstderr: ${err}`));
    });
  });
}

function stopServer(child) {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, 10000);
    child.once('exit', () => { clearTimeout(timer); res(); });
    process.kill(child.pid, 'SIGTERM');
  });
}

// ------------------------------------------------------------------ helpers

let base;
async function api(path) {
  const res = await fetch(`${base}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return path.includes('.csv') ? res.text() : res.json();
}

async function ready(page) {
  await page.waitForFunction(() => window.snamap && (window.snamap.error || window.snamap.app?.current), null, { timeout: 60000 });
  const error = await page.evaluate(() => window.snamap.error);
  assert(!error, `the app failed to start: ${error}`);
  await page.evaluate(() => window.snamap.ready);
  await settle(page);
}

/** Waits until the map has rendered everything pending (the 'idle' event), twice to be sure. */
async function settle(page) {
  const ok = await page.evaluate(async () => {
    await new Promise((r) => setTimeout(r, 80));
    return Promise.race([
      window.snamap.idle().then(() => true),
      new Promise((r) => setTimeout(() => r(false), 30000)),
    ]);
  });
  assert(ok, 'the map did not become idle within 30 s');
}

/** The canvas pixel (RGBA) at a lon/lat, read from the WebGL canvas (preserveDrawingBuffer). */
async function pixelAt(page, lngLat) {
  return page.evaluate(([lon, lat]) => {
    const map = window.snamap.map;
    const p = map.project([lon, lat]);
    const c = map.getCanvas();
    const ratio = c.width / c.clientWidth;
    const tmp = document.createElement('canvas');
    tmp.width = 1;
    tmp.height = 1;
    const ctx = tmp.getContext('2d');
    ctx.drawImage(c, Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1, 0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data];
  }, lngLat);
}

/** Fill colour the legend says an area with value v should get, blended as drawn (opacity 0.9). */
async function expectedColour(page, v) {
  return page.evaluate((value) => {
    const cur = window.snamap.current;
    let i = 0;
    while (i < cur.breaks.length && value >= cur.breaks[i]) i++;
    const hex = cur.colors[i];
    const rgb = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    const bg = [0xf3, 0xf5, 0xf7];
    return rgb.map((c, k) => Math.round(0.9 * c + 0.1 * bg[k]));
  }, v);
}

function colourClose(a, b, tol = 10) {
  return a.slice(0, 3).every((c, i) => Math.abs(c - b[i]) <= tol);
}

async function clickLngLat(page, lngLat) {
  const pt = await page.evaluate(([lon, lat]) => {
    const map = window.snamap.map;
    const p = map.project([lon, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
  await page.mouse.move(pt.x, pt.y);
  await page.mouse.click(pt.x, pt.y);
}

async function jumpTo(page, lngLat, zoom) {
  await page.evaluate(([lon, lat, z]) => window.snamap.map.jumpTo({ center: [lon, lat], zoom: z }), [...lngLat, zoom]);
  await settle(page);
}

function pointInRing(pt, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > pt[1]) !== (yj > pt[1]) && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function pointInGeometry(pt, g) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polys.some((rings) => pointInRing(pt, rings[0]) && !rings.slice(1).some((h) => pointInRing(pt, h)));
}

/** Client-side composite as documented: z-scores (population SD), sign by polarity, missing = 0, Σ w·z. */
function compositeScore(valuesById, metaById, weights, code) {
  let s = 0;
  for (const [id, values] of Object.entries(valuesById)) {
    const w = weights[id] ?? 1;
    if (!w) continue;
    const vs = Object.values(values).map((r) => r.v).filter(Number.isFinite);
    const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
    const sd = Math.sqrt(vs.reduce((a, b) => a + (b - mean) ** 2, 0) / vs.length);
    const v = values[code]?.v;
    if (!Number.isFinite(v) || !sd) continue;
    const sign = metaById[id].polarity === 'higher_is_better' ? -1 : 1;
    s += w * sign * ((v - mean) / sd);
  }
  return s;
}

function sameRows(a, b, keyCols) {
  const key = (r) => keyCols.map((k) => r[k]).join('|');
  const ma = new Map(a.map((r) => [key(r), r]));
  if (a.length !== b.length) return `row counts differ: ${a.length} vs ${b.length}`;
  for (const r of b) {
    const x = ma.get(key(r));
    if (!x) return `row ${key(r)} missing from the download`;
    for (const k of Object.keys(r)) if (x[k] !== r[k]) return `row ${key(r)} column ${k}: ${JSON.stringify(x[k])} vs ${JSON.stringify(r[k])}`;
  }
  return null;
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian), after checking the signature. */
function pngSize(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length < 24 || !sig.every((b, i) => buf[i] === b) || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Runs GDAL's ogrinfo (gdal-bin) and returns its stdout; throws with its stderr on failure. */
function ogrinfo(args) {
  const r = spawnSync('ogrinfo', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`ogrinfo could not run (install gdal-bin): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ogrinfo ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Sheet names, Data row count and one area's Data rows of an XLSX, read back with GDAL's XLSX driver. */
function readXlsx(file, areaCode) {
  const summary = ogrinfo(['-so', '-al', file]);
  const sheets = [...summary.matchAll(/^Layer name: (.+)$/gm)].map((m) => m[1].trim());
  const counts = Object.fromEntries([...summary.matchAll(/^Layer name: (.+)$[\s\S]*?^Feature Count: (\d+)$/gm)].map((m) => [m[1].trim(), Number(m[2])]));
  const rows = areaCode ? ogrinfo(['-q', '-al', file, 'Data', '-where', `area_code = '${areaCode}'`])
    .split(/OGRFeature\(Data\):\d+/).slice(1).map((block) => Object.fromEntries([...block.matchAll(/^\s+(\w+) \((\w+)\) = (.*)$/gm)]
      .map((m) => [m[1], m[2] === 'Real' || m[2] === 'Integer' ? Number(m[3]) : m[3]]))) : [];
  const sources = ogrinfo(['-q', '-al', file, 'Sources']);
  return { sheets, counts, rows, sources };
}

/** A tiny HTTP server on 127.0.0.1:0 (another origin than snamap's port); resolves {server, base}. */
function startHttp(handler) {
  return new Promise((res, rej) => {
    const server = createServer(handler);
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => res({ server, base: `http://127.0.0.1:${server.address().port}` }));
  });
}

// ------------------------------------------------------------------ main

async function main() {
  ensureVendor();
  mkdirSync(artifacts, { recursive: true });
  const { child, base: b } = await startServer();
  base = b;
  log(`snamap pid ${child.pid} at ${base}`);
  const profileDir = mkdtempSync(join(tmpdir(), 'snamap-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    await runChecks(context);
  } finally {
    if (context) await context.close().catch(() => {});
    await stopServer(child);
    log(`stopped snamap pid ${child.pid}`);
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/** Page errors and unexpected failed requests fail the run; optional routes may 404. */
function watch(page, label) {
  const problems = [];
  const optional = /\/api\/(hotspots|composite|aggregate|schools\/priority|areas\/[^/]+\/(profile|series))\b/;
  page.on('pageerror', (e) => problems.push(`${label}: page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !optional.test(r.url())) problems.push(`${label}: HTTP ${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    const err = r.failure()?.errorText || '';
    if (!/ERR_ABORTED/.test(err)) problems.push(`${label}: request failed ${r.url()} ${err}`);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.hostname !== '127.0.0.1' && u.protocol !== 'data:' && u.protocol !== 'blob:') problems.push(`${label}: external request ${r.url()}`);
  });
  return problems;
}

async function runChecks(context) {
  const lsoa = (await api(`/api/search?q=${KNOWN_LSOA}&limit=5`)).results.find((r) => r.set === 'lsoa21');
  const area = await api(`/api/areas/${KNOWN_LSOA}?set=lsoa21`);
  const indicatorsDoc = await api('/api/indicators');
  const metaById = {};
  for (const t of indicatorsDoc.themes) for (const i of t.indicators) metaById[i.id] = i;

  const page = context.pages()[0] || await context.newPage();
  const problems = watch(page, 'desktop');
  const tileRequests = [];
  page.on('request', (r) => { if (r.url().includes('.mvt')) tileRequests.push(r.url()); });

  await page.goto(`${base}/`);
  await check('app starts and exposes window.snamap', async () => {
    await ready(page);
    const s = await page.evaluate(() => ({ indicator: window.snamap.state.indicator, hasMap: Boolean(window.snamap.map) }));
    assert(s.hasMap, 'window.snamap.map is missing');
    assert(s.indicator === 'imd25_score', `default indicator is ${s.indicator}`);
  });

  await check('map renders the choropleth (pixels differ from the background, match the legend)', async () => {
    const samples = await page.evaluate(() => {
      const map = window.snamap.map;
      const c = map.getCanvas();
      const tmp = document.createElement('canvas');
      tmp.width = c.width;
      tmp.height = c.height;
      const ctx = tmp.getContext('2d');
      ctx.drawImage(c, 0, 0);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set();
      let nonBg = 0;
      let total = 0;
      for (let y = Math.floor(c.height * 0.2); y < c.height * 0.8; y += 17) {
        for (let x = Math.floor(c.width * 0.3); x < c.width * 0.9; x += 17) {
          const i = (y * c.width + x) * 4;
          total++;
          const rgb = [data[i], data[i + 1], data[i + 2]];
          if (Math.abs(rgb[0] - 0xf3) + Math.abs(rgb[1] - 0xf5) + Math.abs(rgb[2] - 0xf7) > 12) nonBg++;
          colours.add(rgb.map((v) => v >> 4).join(','));
        }
      }
      return { nonBg, total, distinct: colours.size };
    });
    assert(samples.nonBg > samples.total * 0.4, `only ${samples.nonBg}/${samples.total} sampled pixels differ from the background`);
    assert(samples.distinct >= 5, `only ${samples.distinct} distinct colours in the map`);
    await jumpTo(page, lsoa.label_point, 13);
    const v = area.indicators.find((i) => i.id === 'imd25_score').value;
    const fs = await page.evaluate((fid) => window.snamap.featureState('lsoa21', fid), lsoa.fid);
    assert(near(fs.v, v), `feature-state v of ${KNOWN_LSOA} is ${fs.v}, API says ${v}`);
    const px = await pixelAt(page, lsoa.label_point);
    const want = await expectedColour(page, v);
    assert(colourClose(px, want), `pixel at ${KNOWN_LSOA} is ${px}, legend colour for ${v} is ${want}`);
  });

  await check('choosing an indicator updates the legend and the fill (no tile refetch)', async () => {
    const before = await page.evaluate(() => document.querySelector('#legend-title').textContent);
    const tilesBefore = tileRequests.length;
    await page.selectOption('#indicator', SECOND_INDICATOR);
    await page.waitForFunction((id) => window.snamap.current?.id === id, SECOND_INDICATOR);
    await settle(page);
    const after = await page.evaluate(() => document.querySelector('#legend-title').textContent);
    assert(after === metaById[SECOND_INDICATOR].title, `legend title is "${after}"`);
    assert(after !== before, 'legend title did not change');
    const api2 = await api(`/api/indicators/${SECOND_INDICATOR}/values?set=lsoa21`);
    const fs = await page.evaluate((fid) => window.snamap.featureState('lsoa21', fid), lsoa.fid);
    assert(near(fs.v, api2.values[KNOWN_LSOA].v), `feature-state ${fs.v} vs API ${api2.values[KNOWN_LSOA].v}`);
    const px = await pixelAt(page, lsoa.label_point);
    const want = await expectedColour(page, fs.v);
    assert(colourClose(px, want), `pixel ${px} vs legend colour ${want}`);
    const legendRows = await page.locator('#legend .legend-classes li').count();
    assert(legendRows >= 5, `legend has ${legendRows} rows`);
    assert(tileRequests.length === tilesBefore, `${tileRequests.length - tilesBefore} tiles were fetched again`);
    await page.selectOption('#indicator', 'imd25_score');
    await page.waitForFunction(() => window.snamap.current?.id === 'imd25_score');
    await settle(page);
  });

  await check('clicking an LSOA at its label point opens its profile with the API value', async () => {
    await jumpTo(page, lsoa.label_point, 13.5);
    await clickLngLat(page, lsoa.label_point);
    await page.waitForFunction((code) => window.snamap.state.selection?.code === code, KNOWN_LSOA, { timeout: 10000 });
    await page.waitForSelector('#profile [data-testid=profile-value]');
    const shown = await page.evaluate(() => {
      const el = document.querySelector('#profile [data-testid=profile-value]');
      return { raw: el.dataset.value, text: el.textContent.trim(), title: document.querySelector('#profile-title').textContent };
    });
    const apiInd = area.indicators.find((i) => i.id === 'imd25_score');
    assert(shown.title === area.name, `profile title "${shown.title}" vs "${area.name}"`);
    assert(near(Number(shown.raw), apiInd.value), `profile value ${shown.raw} vs API ${apiInd.value}`);
    const formatted = await page.evaluate((v) => window.snamap.format(v, { value_kind: 'score', unit: 'score' }), apiInd.value);
    assert(shown.text === formatted, `profile shows "${shown.text}", expected "${formatted}"`);
    const cmp = await page.locator('#profile .comparisons li').allTextContents();
    assert(cmp.some((t) => t.includes(area.borough.name)), `no comparison with ${area.borough.name}: ${cmp}`);
    const bars = await page.locator('#profile svg.bar-chart rect').count();
    assert(bars >= 3, `bar chart has ${bars} bars`);
    // A score has no confidence interval: not compared (as in Fingertips), comparator value still shown.
    const boroughCmp = await page.locator('#profile .comparisons li', { hasText: area.borough.name }).first();
    const judgement = await boroughCmp.getAttribute('data-judgement');
    const cmpText = await boroughCmp.textContent();
    const boroughValue = await page.evaluate(([v, m]) => window.snamap.format(v, m), [apiInd.borough.value, metaById.imd25_score]);
    assert(judgement === 'not_compared', `IMD score vs ${area.borough.name} is "${judgement}", expected not_compared`);
    assert(/not compared \(no confidence interval/.test(cmpText) && cmpText.includes(boroughValue), `comparison text "${cmpText}" lacks "not compared (no confidence interval" or the value ${boroughValue}`);
    assert(!/±5|compared by value/i.test(await page.textContent('#profile')), 'the profile still compares values by ±5 %');
    const judgedCells = await page.locator('#profile .indicators-table td[data-judgement]:not([data-judgement=not_compared])').count();
    const prof = await (await fetch(`${base}/api/areas/${KNOWN_LSOA}/profile?set=lsoa21`)).json().catch(() => null);
    if (prof?.indicators) {
      const want = prof.indicators.reduce((n, i) => n + ['borough', 'region'].filter((k) => {
        const j = i[k]?.significance_95?.judgement;
        return j && j !== 'not_compared' && Number.isFinite(i.value);
      }).length, 0);
      assert(judgedCells === want, `${judgedCells} judged cells in the indicators table, the API judges ${want}`);
    }
    const selFilter = await page.evaluate(() => JSON.stringify(window.snamap.map.getFilter('sel-lsoa21')));
    assert(selFilter.includes(String(lsoa.fid)), `selection outline filter is ${selFilter}`);
    await page.screenshot({ path: join(artifacts, 'desktop-profile.png') });
  });

  await check('the profile links the evidence pack and its PDF, pinned to the data version', async () => {
    const dv = indicatorsDoc.data_version;
    const html = await page.getAttribute('#profile [data-testid=report-link]', 'href');
    const pdf = await page.getAttribute('#profile [data-testid=report-pdf]', 'href');
    assert(html === `${base}/report/${KNOWN_LSOA}?v=${dv}`, `evidence pack link ${html}`);
    assert(pdf === `${base}/report/${KNOWN_LSOA}.pdf?v=${dv}`, `PDF link ${pdf}`);
    for (const sel of ['report-link', 'report-pdf']) {
      assert(await page.getAttribute(`#profile [data-testid=${sel}]`, 'target') === '_blank', `${sel} does not open a new tab`);
    }
    assert((await page.textContent('#profile .profile-actions')).includes(dv), 'the data version is not shown beside the evidence pack link');
    // The links lead somewhere: the HTML pack names the area and the data version, the PDF is a PDF.
    let res = await fetch(html);
    const body = await res.text();
    assert(res.ok && /text\/html/.test(res.headers.get('content-type')), `evidence pack: HTTP ${res.status} ${res.headers.get('content-type')}`);
    assert(body.includes(area.name) && body.includes(dv), `the evidence pack does not name ${area.name} and data version ${dv}`);
    res = await fetch(pdf);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert(res.ok && res.headers.get('content-type') === 'application/pdf' && bytes.subarray(0, 5).toString('latin1') === '%PDF-',
      `evidence pack PDF: HTTP ${res.status} ${res.headers.get('content-type')}`);
  });

  await check('monthly crime sparkline marks incomplete months', async () => {
    await page.selectOption('#indicator', 'crime_all');
    await page.waitForFunction(() => window.snamap.current?.id === 'crime_all');
    await page.waitForSelector('#profile svg.sparkline', { timeout: 60000 });
    const flags = await page.locator('#profile svg.sparkline .spark-flag').count();
    const values = await api('/api/indicators/crime_all/values?set=lsoa21');
    assert(values.periods.length > 12, 'too few periods');
    assert(flags >= 1, 'no incomplete month is marked on the sparkline');
    const periodOptions = await page.locator('#period option').count();
    assert(periodOptions === values.periods.length, `period select has ${periodOptions} options`);
    await page.selectOption('#indicator', 'imd25_score');
    await page.waitForFunction(() => window.snamap.current?.id === 'imd25_score');
    await settle(page);
  });

  await check(`searching "${KNOWN_WARD}" flies there and opens it`, async () => {
    const ward = (await api(`/api/search?q=${KNOWN_WARD}`)).results[0];
    await page.click('#search-input');
    await page.keyboard.type(KNOWN_WARD, { delay: 20 });
    await page.waitForSelector('#search-results li[role=option]');
    const expanded = await page.getAttribute('#search-input', 'aria-expanded');
    assert(expanded === 'true', 'combobox not expanded');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForFunction((code) => window.snamap.state.selection?.code === code, ward.code, { timeout: 10000 });
    await page.waitForFunction(() => !window.snamap.map.isMoving(), null, { timeout: 10000 });
    await settle(page);
    const c = await page.evaluate(() => window.snamap.map.getCenter().toArray());
    const [w, s, e, n] = ward.bbox;
    assert(c[0] > w && c[0] < e && c[1] > s && c[1] < n, `map centre ${c} is not inside ${KNOWN_WARD}'s bbox`);
    const title = await page.textContent('#profile-title');
    assert(title === ward.name, `profile title "${title}"`);
    await page.waitForSelector('#profile [data-testid=aggregate-value]', { timeout: 15000 });
    await settle(page);
    await page.screenshot({ path: join(artifacts, 'desktop-ward.png') });
  });

  let compositeLink;
  await check('moving a weight slider recolours a known area', async () => {
    await page.click('#composite-group summary');
    await page.click('#composite-panel [data-action=map-composite]');
    await page.waitForFunction(() => window.snamap.current?.id === 'composite');
    await settle(page);
    const v1 = (await page.evaluate((fid) => window.snamap.featureState('lsoa21', fid), lsoa.fid)).v;
    await page.focus(`#w-${COMPOSITE_SLIDER}`);
    await page.keyboard.press('End'); // weight 2
    await page.waitForFunction((id) => window.snamap.state.weights[id] === 2 && window.snamap.current?.components?.find((c) => c.id === id)?.weight === 2, COMPOSITE_SLIDER);
    await settle(page);
    const v2 = (await page.evaluate((fid) => window.snamap.featureState('lsoa21', fid), lsoa.fid)).v;
    assert(Number.isFinite(v1) && Number.isFinite(v2), `composite values ${v1}, ${v2}`);
    assert(!near(v1, v2, 1e-6), `feature-state did not change (${v1})`);
    const source = await page.evaluate(() => window.snamap.current.source);
    {
      // The server's /api/composite and the browser fallback use the same method: check both.
      const ids = await page.evaluate(() => window.snamap.current.components.map((c) => c.id));
      const weights = await page.evaluate(() => window.snamap.state.weights);
      const valuesById = {};
      for (const id of ids) valuesById[id] = (await api(`/api/indicators/${id}/values?set=lsoa21`)).values;
      const want = compositeScore(valuesById, metaById, weights, KNOWN_LSOA);
      assert(near(v2, want, 1e-5), `composite (${source}) ${v2} vs independent computation ${want}`);
    }
    const label = await page.textContent('#legend');
    assert(/composite/i.test(label), 'legend does not name the composite');
    if (source === 'browser') assert(/browser/i.test(label), 'client-side composite is not labelled as such');
    // The embed dialog's image link draws the composite on the server with the same weights.
    const image = await page.evaluate(async () => {
      const { mapImageParams } = await import(new URL('js/share.js', document.baseURI).href);
      const params = mapImageParams(window.snamap.app, 400);
      const res = await fetch(`api/map.png?${new URLSearchParams(params)}`);
      return { params, status: res.status, type: res.headers.get('content-type') };
    });
    assert(image.params?.indicator === 'composite', `composite image params ${JSON.stringify(image.params)}`);
    assert(image.params.weights?.includes(`${COMPOSITE_SLIDER}:2`), `image weights ${image.params.weights}`);
    assert(image.status === 200 && image.type === 'image/png', `composite image: ${image.status} ${image.type}`);
    await page.screenshot({ path: join(artifacts, 'desktop-composite.png') });
    compositeLink = await page.evaluate(() => window.location.href);
  });

  await check('reloading a permalink restores the view', async () => {
    const before = await page.evaluate(() => ({
      state: JSON.parse(JSON.stringify(window.snamap.state)),
      center: window.snamap.map.getCenter().toArray(),
      zoom: window.snamap.map.getZoom(),
    }));
    const p2 = await context.newPage();
    const problems2 = watch(p2, 'permalink');
    await p2.goto(compositeLink);
    await ready(p2);
    await p2.waitForSelector('#profile-title');
    const after = await p2.evaluate(() => ({
      state: JSON.parse(JSON.stringify(window.snamap.state)),
      center: window.snamap.map.getCenter().toArray(),
      zoom: window.snamap.map.getZoom(),
      title: document.querySelector('#profile-title')?.textContent,
      legend: document.querySelector('#legend-title')?.textContent,
      slider: document.querySelector(`#w-${'imd25_income_score'}`)?.value,
    }));
    for (const k of ['indicator', 'method', 'classes', 'la', 'dataVersion']) {
      assert(JSON.stringify(after.state[k]) === JSON.stringify(before.state[k]), `${k}: ${JSON.stringify(after.state[k])} vs ${JSON.stringify(before.state[k])}`);
    }
    assert(JSON.stringify(after.state.weights) === JSON.stringify(before.state.weights), `weights ${JSON.stringify(after.state.weights)}`);
    assert(after.state.selection?.code === before.state.selection?.code, 'selection not restored');
    assert(Math.abs(after.zoom - before.zoom) < 0.02, `zoom ${after.zoom} vs ${before.zoom}`);
    assert(Math.abs(after.center[0] - before.center[0]) < 1e-4 && Math.abs(after.center[1] - before.center[1]) < 1e-4, `centre ${after.center} vs ${before.center}`);
    assert(after.title === KNOWN_WARD, `profile "${after.title}"`);
    assert(/composite/i.test(after.legend), `legend "${after.legend}"`);
    assert(after.slider === '2', `slider value ${after.slider}`);
    const embed = await p2.evaluate(() => window.snamap.app.embedCode());
    assert(/<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?[^"]*i=composite[^"]*&amp;v=[0-9a-f]+"/.test(embed), `embed code ${embed}`);
    // The embed page reads the same parameters from its query.
    const src = /src="([^"]+)"/.exec(embed)[1].replace(/&amp;/g, '&');
    await p2.goto(src);
    await ready(p2);
    await p2.waitForSelector('#profile-title');
    await settle(p2);
    await p2.screenshot({ path: join(artifacts, 'desktop-embed.png') });
    const embedState = await p2.evaluate(() => ({ indicator: window.snamap.state.indicator, sel: window.snamap.state.selection?.code }));
    assert(embedState.indicator === 'composite' && embedState.sel === before.state.selection.code, `embed state ${JSON.stringify(embedState)}`);
    await p2.close();
    assert(!problems2.length, problems2.join('\n'));
  });

  await check('CSV downloads match the export API', async () => {
    await page.selectOption('#indicator', 'imd25_score');
    await page.waitForFunction(() => window.snamap.current?.id === 'imd25_score');
    await page.evaluate(() => window.snamap.app.clearSelection());
    await page.evaluate(() => window.snamap.map.fitBounds(window.snamap.app.regionBounds, { animate: false, padding: 10 }));
    await settle(page);
    const keys = ['area_code', 'indicator_id', 'period'];
    // Whole region in view → the same rows as the API's export.
    let [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    let text = readFileSync(await dl.path(), 'utf8');
    assert(text.charCodeAt(0) === 0xfeff, 'download has no UTF-8 BOM');
    let want = parseCsvObjects(await api('/api/export.csv?set=lsoa21&indicators=imd25_score'));
    let diff = sameRows(parseCsvObjects(text), want, keys);
    assert(!diff, `region CSV: ${diff}`);
    // Borough filter → the API's la= export.
    await page.selectOption('#borough', area.borough.code);
    await settle(page);
    [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    text = readFileSync(await dl.path(), 'utf8');
    want = parseCsvObjects(await api(`/api/export.csv?set=lsoa21&indicators=imd25_score&la=${area.borough.code}`));
    diff = sameRows(parseCsvObjects(text), want, keys);
    assert(!diff, `borough CSV: ${diff}`);
    await page.selectOption('#borough', '');
    // Selected area → the API rows for that area.
    await page.evaluate((code) => window.snamap.app.selectArea({ set: 'lsoa21', code }, { fly: true }), KNOWN_LSOA);
    await page.waitForSelector('#profile [data-testid=profile-value]');
    [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv-area')]);
    text = readFileSync(await dl.path(), 'utf8');
    want = want.filter((r) => r.area_code === KNOWN_LSOA);
    diff = sameRows(parseCsvObjects(text), want, keys);
    assert(!diff && want.length === 1, `area CSV: ${diff}`);
  });

  await check('GeoJSON download holds the area polygon, its values and citations', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-geojson')]);
    const fc = JSON.parse(readFileSync(await dl.path(), 'utf8'));
    assert(fc.type === 'FeatureCollection' && fc.features.length === 1, 'not a one-feature FeatureCollection');
    const f = fc.features[0];
    assert(f.properties.code === KNOWN_LSOA, `code ${f.properties.code}`);
    assert(pointInGeometry(area.label_point, f.geometry), 'the label point is not inside the downloaded polygon');
    const [w, s, e, n] = area.bbox;
    const coords = JSON.stringify(f.geometry.coordinates).match(/-?\d+\.\d+/g).map(Number);
    assert(coords.length > 8, 'too few coordinates');
    const lons = coords.filter((_, i) => i % 2 === 0);
    const lats = coords.filter((_, i) => i % 2 === 1);
    const tol = 0.002;
    assert(Math.min(...lons) > w - tol && Math.max(...lons) < e + tol && Math.min(...lats) > s - tol && Math.max(...lats) < n + tol, 'polygon outside the area bbox');
    const imd = f.properties.indicators.find((i) => i.id === 'imd25_score');
    assert(near(imd.value, area.indicators.find((i) => i.id === 'imd25_score').value), 'value differs from the API');
    assert(fc.metadata.citations.length > 0 && fc.metadata.citations.every((c) => c.publisher && c.licence), 'citations missing');
    assert(fc.metadata.data_version === indicatorsDoc.data_version, 'data version missing');
  });

  await check('XLSX downloads: Data matches the API, Sources cites the dataset (selection, borough, boroughs in view)', async () => {
    const apiValue = area.indicators.find((i) => i.id === 'imd25_score').value;
    const dataset = metaById.imd25_score.citation.dataset;
    // The selected area (still selected from the CSV check).
    let [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx-area')]);
    let file = await dl.path();
    assert(readFileSync(file).subarray(0, 2).toString('latin1') === 'PK', 'the XLSX does not start with "PK" (not a zip)');
    assert(/\.xlsx$/.test(dl.suggestedFilename()), `file name ${dl.suggestedFilename()}`);
    let x = readXlsx(file, KNOWN_LSOA);
    for (const sheet of ['Data', 'Indicators', 'Sources']) assert(x.sheets.includes(sheet), `no ${sheet} sheet (sheets: ${x.sheets})`);
    assert(x.counts.Data === 1, `selection workbook has ${x.counts.Data} Data rows`);
    assert(x.rows.length === 1 && near(x.rows[0].value, apiValue), `Data value for ${KNOWN_LSOA}: ${JSON.stringify(x.rows)} vs API ${apiValue}`);
    assert(x.sources.includes(dataset) && x.sources.includes(indicatorsDoc.data_version), `Sources sheet lacks ${dataset} or the data version`);
    // Borough filter → the borough's rows, as the CSV export.
    await page.selectOption('#borough', area.borough.code);
    await settle(page);
    [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
    x = readXlsx(await dl.path(), KNOWN_LSOA);
    const boroughRows = parseCsvObjects(await api(`/api/export.csv?set=lsoa21&indicators=imd25_score&la=${area.borough.code}`)).length;
    assert(x.counts.Data === boroughRows, `borough workbook has ${x.counts.Data} rows, the CSV export ${boroughRows}`);
    assert(x.rows.length === 1 && near(x.rows[0].value, apiValue), `borough workbook value ${JSON.stringify(x.rows)} vs ${apiValue}`);
    await page.selectOption('#borough', '');
    // Several boroughs in view (Wolverhampton, Walsall, Dudley): the same rows as the CSV button's per-borough exports.
    await page.evaluate(() => window.snamap.app.clearSelection());
    await jumpTo(page, [-2.05, 52.59], 12.5);
    const las = await page.evaluate(() => window.snamap.app.visibleBoroughs());
    assert(las && las.length >= 2, `expected several boroughs in view, got ${JSON.stringify(las)}`);
    const req = page.waitForRequest((r) => r.url().includes('/api/export.xlsx'));
    [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
    const url = new URL((await req).url());
    x = readXlsx(await dl.path());
    let want = 0;
    for (const la of las) want += parseCsvObjects(await api(`/api/export.csv?set=lsoa21&indicators=imd25_score&la=${la}`)).length;
    assert(url.searchParams.get('la') === las.join(','), `the view export did not name the boroughs in view: ${url}`);
    assert(x.counts.Data === want, `view workbook has ${x.counts.Data} rows; the ${las.length} boroughs in view have ${want}`);
    await page.evaluate((code) => window.snamap.app.selectArea({ set: 'lsoa21', code }, { fly: true }), KNOWN_LSOA);
    await page.waitForSelector('#profile [data-testid=profile-value]');
    await settle(page);
  });

  await check('embed dialog: iframe code, PNG/SVG links of the requested size, oEmbed; keyboard and ARIA', async () => {
    try {
      await embedDialogChecks();
    } finally {
      await page.evaluate(() => { const d = document.querySelector('#embed-dialog'); if (d.open) d.close(); });
    }
  });

  async function embedDialogChecks() {
    await page.focus('#copy-embed');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#embed-dialog[open]');
    const d = await page.evaluate(() => {
      const dlg = document.querySelector('#embed-dialog');
      const val = (id) => dlg.querySelector(`#${id}`)?.value;
      const title = document.getElementById(dlg.getAttribute('aria-labelledby'));
      return {
        focus: document.activeElement.id, inDialog: dlg.contains(document.activeElement), title: title?.textContent,
        iframe: val('share-iframe'), png: val('share-png'), svg: val('share-svg'), oembed: val('share-oembed'),
        unlabelled: [...dlg.querySelectorAll('input, textarea, select')].filter((e) => !dlg.querySelector(`label[for=${e.id}]`)).map((e) => e.id),
        copyButtons: [...dlg.querySelectorAll('button[data-copy]')].map((b) => b.getAttribute('aria-label')),
      };
    });
    assert(d.inDialog && d.focus === 'share-iframe', `focus on opening is ${d.focus}`);
    assert(/embed/i.test(d.title || ''), `dialog title "${d.title}"`);
    assert(!d.unlabelled.length, `fields without a label: ${d.unlabelled}`);
    assert(d.copyButtons.length === 4 && d.copyButtons.every(Boolean), `copy buttons ${JSON.stringify(d.copyButtons)}`);
    const src = /src="([^"]+)"/.exec(d.iframe)?.[1]?.replace(/&amp;/g, '&');
    assert(src && new URL(src).pathname === '/embed', `iframe src ${src}`);
    const sp = new URL(src).searchParams;
    assert(sp.get('i') === 'imd25_score' && sp.get('sel') === `lsoa21:${KNOWN_LSOA}` && sp.get('v') === indicatorsDoc.data_version && sp.get('map') && !sp.has('w'),
      `iframe state ${src}`);
    await page.screenshot({ path: join(artifacts, 'desktop-embed-dialog.png') });
    // The PNG link: image/png of exactly the requested size, for this indicator, view and selection.
    const png = new URL(d.png);
    assert(png.pathname === '/api/map.png' && png.searchParams.get('indicator') === 'imd25_score' && png.searchParams.get('highlight') === KNOWN_LSOA
      && png.searchParams.get('set') === 'lsoa21' && png.searchParams.get('bbox'), `PNG link ${d.png}`);
    const bbox = png.searchParams.get('bbox').split(',').map(Number);
    const bounds = await page.evaluate(() => window.snamap.map.getBounds().toArray().flat());
    assert(bbox.every((v, i) => Math.abs(v - bounds[i]) < 1e-4), `PNG bbox ${bbox} vs visible ${bounds}`);
    let res = await fetch(d.png);
    assert(res.ok && res.headers.get('content-type') === 'image/png', `PNG link: HTTP ${res.status} ${res.headers.get('content-type')}`);
    const size = pngSize(Buffer.from(await res.arrayBuffer()));
    assert(size && size.width === Number(png.searchParams.get('width')) && size.height === Number(png.searchParams.get('height')),
      `PNG is ${JSON.stringify(size)}, requested ${png.searchParams.get('width')}×${png.searchParams.get('height')}`);
    // Another width from the dialog's own control.
    await page.selectOption('#share-width', '800');
    const png800 = new URL(await page.inputValue('#share-png'));
    res = await fetch(png800);
    const size800 = pngSize(Buffer.from(await res.arrayBuffer()));
    assert(size800?.width === 800 && size800.height === Number(png800.searchParams.get('height')), `800 px PNG is ${JSON.stringify(size800)}`);
    res = await fetch(d.svg);
    const svg = await res.text();
    assert(res.ok && /image\/svg\+xml/.test(res.headers.get('content-type')) && svg.includes('<svg'), `SVG link: HTTP ${res.status} ${res.headers.get('content-type')}`);
    res = await fetch(d.oembed);
    const oe = await res.json();
    assert(res.ok && oe.type === 'rich' && oe.version === '1.0' && /<iframe[^>]+\/embed\?/.test(oe.html) && oe.html.includes(KNOWN_LSOA), `oEmbed answer ${JSON.stringify(oe).slice(0, 300)}`);
    // Keyboard: Tab stays in the modal dialog, Escape closes it and gives focus back to the button.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      assert(await page.evaluate(() => document.querySelector('#embed-dialog').contains(document.activeElement)), `Tab ${i + 1} left the dialog`);
    }
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#embed-dialog').open, null, { timeout: 5000 });
    assert(await page.evaluate(() => document.activeElement.id) === 'copy-embed', 'focus did not return to the embed button');
  }

  await check('table view lists the indicator as an alternative to the map', async () => {
    await page.click('#toggle-table');
    await page.waitForSelector('#table-view tbody tr');
    const rows = await page.locator('#table-view tbody tr').count();
    const values = await api('/api/indicators/imd25_score/values?set=lsoa21');
    assert(rows === Object.keys(values.values).length, `table has ${rows} rows`);
    const firstCode = await page.textContent('#table-view tbody tr:first-child code');
    const maxCode = Object.entries(values.values).sort((a, b) => b[1].v - a[1].v)[0][0];
    assert(firstCode === maxCode, `first row ${firstCode}, highest score ${maxCode}`);
    await page.screenshot({ path: join(artifacts, 'desktop-table.png') });
    await page.click('#toggle-table');
  });

  await check('keyboard only: Tab reaches the indicator picker, the map and the profile', async () => {
    const p3 = await context.newPage();
    const problems3 = watch(p3, 'keyboard');
    await p3.goto(`${base}/#sel=lsoa21:${KNOWN_LSOA}`);
    await ready(p3);
    await p3.waitForSelector('#profile-title');
    const seen = [];
    let focusStyle = null;
    for (let i = 0; i < 120; i++) {
      await p3.keyboard.press('Tab');
      const info = await p3.evaluate(() => {
        const a = document.activeElement;
        const cs = getComputedStyle(a);
        return {
          id: a.id, tag: a.tagName, inProfile: Boolean(a.closest('#profile')), canvas: a.classList.contains('maplibregl-canvas'),
          outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
        };
      });
      seen.push(info);
      if (info.id === 'indicator') focusStyle = info.outline;
      if (info.inProfile) break;
    }
    assert(seen.some((s) => s.id === 'indicator'), 'Tab never reached the indicator picker');
    assert(focusStyle, 'the focused indicator picker has no visible outline');
    assert(seen.some((s) => s.canvas), 'Tab never reached the map');
    assert(seen.some((s) => s.inProfile), 'Tab never reached the profile');
    // Choose an indicator with the keyboard, then select the area under the map centre with Enter.
    await p3.focus('#indicator');
    await p3.keyboard.press('ArrowUp');
    await p3.waitForFunction(() => window.snamap.current?.id !== 'imd25_score');
    await p3.keyboard.press('ArrowDown');
    await p3.waitForFunction(() => window.snamap.current?.id === 'imd25_score');
    await p3.evaluate(() => window.snamap.app.clearSelection());
    await p3.evaluate((pt) => window.snamap.map.jumpTo({ center: pt, zoom: 14 }), area.label_point);
    await settle(p3);
    await p3.focus('.maplibregl-canvas');
    await p3.keyboard.press('Enter');
    await p3.waitForFunction((code) => window.snamap.state.selection?.code === code, KNOWN_LSOA, { timeout: 10000 });
    await p3.close();
    assert(!problems3.length, problems3.join('\n'));
  });

  await check('accessibility: axe-core finds no serious violations (incl. contrast ≥ 4.5:1)', async () => {
    const axePath = require.resolve('axe-core/axe.min.js');
    const p4 = await context.newPage();
    await p4.goto(`${base}/#sel=lsoa21:${KNOWN_LSOA}`);
    await ready(p4);
    await p4.waitForSelector('#profile-title');
    await p4.addScriptTag({ path: axePath });
    const axeRun = (ctx) => p4.evaluate(async (sel) => {
      const r = await window.axe.run(sel ? document.querySelector(sel) : document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
    }, ctx);
    const res = await axeRun(null);
    // The embed dialog, open.
    await p4.click('#copy-embed');
    await p4.waitForSelector('#embed-dialog[open]');
    res.push(...(await axeRun('#embed-dialog')).map((v) => `embed dialog: ${v}`));
    await p4.close();
    assert(!res.length, res.join('\n'));
  });

  await check('layers: schools sized/coloured, services popup says the location is approximate', async () => {
    const p7 = await context.newPage();
    const problems7 = watch(p7, 'layers');
    await p7.goto(`${base}/`);
    await ready(p7);
    await p7.check('#layers input[value=schools]');
    await p7.check('#layers input[value=services]');
    await settle(p7);
    const counts = await p7.evaluate(() => ({
      schools: window.snamap.map.queryRenderedFeatures({ layers: ['pt-schools'] }).length,
      services: window.snamap.map.queryRenderedFeatures({ layers: ['pt-services'] }),
    }));
    assert(counts.schools > 200, `only ${counts.schools} schools drawn`);
    assert(counts.services.length > 5, `only ${counts.services.length} services drawn`);
    const keyShown = await p7.isVisible('#key-schools');
    assert(keyShown, 'the schools key is not shown');
    await p7.screenshot({ path: join(artifacts, 'desktop-layers.png') });
    const pt = await p7.evaluate(() => {
      const f = window.snamap.map.queryRenderedFeatures({ layers: ['pt-services'] })[0];
      return f.geometry.coordinates;
    });
    await jumpTo(p7, pt, 12);
    await clickLngLat(p7, pt);
    await p7.waitForSelector('.maplibregl-popup', { timeout: 10000 });
    const text = await p7.textContent('.maplibregl-popup');
    assert(/approximate location/i.test(text), `service popup does not say the location is approximate: ${text}`);
    const sel = await p7.evaluate(() => window.snamap.state.selection);
    assert(!sel, 'clicking a point also selected the area under it');
    assert((await p7.evaluate(() => window.location.hash)).includes('lyr=wards,schools,services'), 'layers are not in the permalink');
    await p7.close();
    assert(!problems7.length, problems7.join('\n'));
  });

  await check('statistical extras are used when the server has them, and degrade when it does not', async () => {
    const status = async (path) => (await fetch(`${base}${path}`)).status;
    const routes = {
      profile: await status(`/api/areas/${KNOWN_LSOA}/profile?set=lsoa21`) === 200,
      hotspots: await status('/api/hotspots?indicator=imd25_score') === 200,
      aggregate: await status('/api/aggregate?indicator=imd25_score&parent_set=ward22') === 200,
      schools: await status('/api/schools/priority?limit=5') === 200,
    };
    log(`     optional routes: ${JSON.stringify(routes)}`);
    const rateId = metaById.crime_all_rate ? 'crime_all_rate' : 'imd25_score';
    const p8 = await context.newPage();
    const problems8 = watch(p8, 'extras');
    await p8.goto(`${base}/#i=${rateId}&sel=lsoa21:${KNOWN_LSOA}`);
    await ready(p8);
    await p8.waitForSelector('#profile [data-testid=profile-value]');
    if (routes.profile && rateId === 'crime_all_rate') {
      const prof = await api(`/api/areas/${KNOWN_LSOA}/profile?set=lsoa21`);
      const ind = prof.indicators.find((i) => i.id === rateId);
      const ci = await p8.textContent('#profile .ci');
      const fmt = await p8.evaluate(([v, m]) => window.snamap.format(v, m), [ind.ci95[0], ind]);
      assert(ci.includes(fmt), `CI "${ci}" does not show the lower bound ${fmt}`);
      const cmp = (await p8.locator('#profile .comparisons li').allTextContents()).join(' ');
      assert(cmp.includes(ind.borough.significance_95.words), `comparison "${cmp}" lacks "${ind.borough.significance_95.words}"`);
      // A rate's comparator is the borough's rate (sum of numerators / sum of denominators), not a per-area share.
      const bv = await p8.evaluate(([v, m]) => window.snamap.format(v, m), [ind.borough.value, metaById[rateId]]);
      assert(cmp.includes(`(${bv})`) && !/average per area/.test(cmp), `comparison "${cmp}" does not show the borough rate ${bv}`);
    }
    await p8.selectOption('#indicator', 'imd25_score');
    await p8.waitForFunction(() => window.snamap.current?.id === 'imd25_score');
    await settle(p8);
    const hotBox = p8.locator('#layer-hotspots');
    if (routes.hotspots) {
      assert(await hotBox.isEnabled(), 'the hotspots toggle is disabled although /api/hotspots exists');
      await hotBox.check();
      const api8 = await api('/api/hotspots?indicator=imd25_score&set=lsoa21');
      const want = Object.values(api8.by_feature_id).filter((b) => b !== 0).length;
      await p8.waitForFunction((n) => window.snamap.app.mapView.hotFids.get('lsoa21')?.size === n, want, { timeout: 15000 });
      await settle(p8);
      assert(await p8.evaluate(() => window.snamap.map.getLayoutProperty('hot-lsoa21', 'visibility') === 'visible'), 'hotspot layer hidden');
      await p8.screenshot({ path: join(artifacts, 'desktop-hotspots.png') });
      await hotBox.uncheck();
    } else {
      assert(await hotBox.isDisabled(), 'the hotspots toggle is enabled without /api/hotspots');
      assert(/not available/i.test(await p8.textContent('#hotspots-note')), 'no note explains the missing hotspots');
    }
    if (routes.aggregate) {
      await p8.selectOption('#geo', 'ward22');
      await p8.waitForFunction(() => window.snamap.current?.set === 'ward22');
      await settle(p8);
      const agg = await api('/api/aggregate?indicator=imd25_score&parent_set=ward22');
      const lozells = agg.parents.find((x) => x.name === KNOWN_WARD);
      const shown = await p8.evaluate((code) => window.snamap.current.byCode.get(code)?.v, lozells.code);
      assert(near(shown, lozells.value), `ward value ${shown} vs API ${lozells.value}`);
      assert((await p8.textContent('#legend')).includes('Aggregated by the server'), 'legend does not say the values are aggregated');
      assert((await p8.evaluate(() => window.location.hash)).includes('g=ward22'), 'geography not in the permalink');
      await p8.selectOption('#geo', '');
      await p8.waitForFunction(() => window.snamap.current?.set === 'lsoa21');
    } else {
      assert(await p8.locator('#geo-row').isHidden(), 'the "show by" control is offered without /api/aggregate');
    }
    await p8.click('#schools-group summary');
    if (routes.schools) {
      await p8.waitForSelector('#priority-list tbody tr', { timeout: 20000 });
      const first = await p8.textContent('#priority-list tbody tr:first-child th button');
      const apiSchools = await api('/api/schools/priority?phase=secondary&radius=1000&limit=25');
      assert(first.trim() === apiSchools.schools[0].name, `first priority school "${first}" vs "${apiSchools.schools[0].name}"`);
    } else {
      await p8.waitForFunction(() => /not available/i.test(document.querySelector('#schools-panel').textContent));
    }
    await p8.close();
    assert(!problems8.length, problems8.join('\n'));
  });

  await check('desktop screenshot 1440×900', async () => {
    const p5 = await context.newPage();
    await p5.setViewportSize({ width: 1440, height: 900 });
    await p5.goto(`${base}/`);
    await ready(p5);
    await p5.screenshot({ path: join(artifacts, 'desktop.png') });
    await p5.close();
  });

  await check('mobile 360×740: no horizontal scrolling, map and profile usable', async () => {
    const p6 = await context.newPage();
    const problems6 = watch(p6, 'mobile');
    await p6.setViewportSize({ width: 360, height: 740 });
    await p6.goto(`${base}/`);
    await ready(p6);
    await p6.screenshot({ path: join(artifacts, 'mobile.png') });
    const overflow = await p6.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    await p6.evaluate((code) => window.snamap.app.selectArea({ set: 'lsoa21', code }, { fly: true }), KNOWN_LSOA);
    await p6.waitForSelector('#profile [data-testid=profile-value]');
    await settle(p6);
    await p6.screenshot({ path: join(artifacts, 'mobile-profile.png'), fullPage: true });
    const overflow2 = await p6.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow2 <= 0, `with the profile open the page scrolls sideways by ${overflow2}px`);
    await p6.close();
    assert(!problems6.length, problems6.join('\n'));
  });

  await check('the embed page renders in an iframe on another origin, with legend and attribution visible', async () => {
    const dv = indicatorsDoc.data_version;
    const src = `${base}/embed?i=imd25_score&sel=lsoa21:${KNOWN_LSOA}&lyr=wards&v=${dv}`;
    const head = await fetch(src);
    assert(head.ok && /frame-ancestors \*/.test(head.headers.get('content-security-policy') || ''), `/embed: HTTP ${head.status}, CSP ${head.headers.get('content-security-policy')}`);
    const host = await startHttp((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner report</title></head>
        <body style="margin:0;font-family:sans-serif"><h1 style="font-size:18px;margin:8px">A partner's page on another origin</h1>
        <iframe src="${src.replace(/&/g, '&amp;')}" title="snamap: IMD 2025 score" width="960" height="560" style="border:1px solid #999"></iframe></body></html>`);
    });
    const p9 = await context.newPage();
    const problems9 = watch(p9, 'iframe');
    try {
      await p9.setViewportSize({ width: 1000, height: 640 });
      assert(new URL(host.base).origin !== new URL(base).origin, 'the host page is not on another origin');
      const t0 = Date.now();
      const step = (m) => log(`     iframe: ${m} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await p9.goto(`${host.base}/`, { waitUntil: 'domcontentloaded' });
      const frame = await (await p9.waitForSelector('iframe')).contentFrame();
      step('frame attached');
      await frame.waitForFunction(() => window.snamap && (window.snamap.error || (window.snamap.app?.current && document.body.dataset.mapIdle === '1')), null, { timeout: 60000, polling: 250 });
      step('map idle');
      assert(!(await frame.evaluate(() => window.snamap.error)), `the embedded app failed: ${await frame.evaluate(() => window.snamap.error)}`);
      await frame.waitForSelector('#profile-title');
      await frame.evaluate(() => window.snamap.idle());
      await frame.waitForFunction(() => document.body.dataset.mapIdle === '1', null, { timeout: 30000, polling: 250 });
      step('profile open, map idle');
      const px = await frame.evaluate(() => {
        const c = window.snamap.map.getCanvas();
        const tmp = document.createElement('canvas');
        tmp.width = c.width;
        tmp.height = c.height;
        const ctx = tmp.getContext('2d');
        ctx.drawImage(c, 0, 0);
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        const colours = new Set();
        for (let y = 5; y < c.height; y += 13) {
          for (let x = 5; x < c.width; x += 13) {
            const i = (y * c.width + x) * 4;
            colours.add([data[i], data[i + 1], data[i + 2]].map((v) => v >> 4).join(','));
          }
        }
        return colours.size;
      });
      step('pixels read');
      assert(px >= 5, `the embedded map drew only ${px} distinct colours`);
      const box = await (await p9.$('iframe')).boundingBox();
      const inside = (b) => b && b.width > 0 && b.height > 0 && b.x >= box.x - 1 && b.y >= box.y - 1 && b.x + b.width <= box.x + box.width + 1 && b.y + b.height <= box.y + box.height + 1;
      const legend = frame.locator('#legend-title');
      assert(await legend.isVisible() && (await legend.textContent()) === metaById.imd25_score.title, 'the legend is not visible in the frame');
      assert(inside(await frame.locator('#legend').boundingBox()), 'the legend is cut off by the frame');
      const attrib = frame.locator('.maplibregl-ctrl-attrib');
      const attribText = (await attrib.textContent()) || '';
      assert(await attrib.isVisible() && inside(await attrib.boundingBox()), 'the attribution is not visible inside the frame');
      assert(/Open Government Licence|OGL|©/.test(attribText), `attribution text "${attribText}"`);
      const sel = await frame.evaluate(() => window.snamap.state.selection?.code);
      assert(sel === KNOWN_LSOA, `embedded selection ${sel}`);
      step('legend and attribution checked');
      await p9.screenshot({ path: join(artifacts, 'embed-iframe.png') });
      step('screenshot saved');
    } finally {
      await p9.close();
      host.server.closeAllConnections();
      await new Promise((r) => host.server.close(r));
    }
    assert(!problems9.length, problems9.join('\n'));
  });

  await check('optional basemap: a raster layer under the choropleth, its attribution beside the data sources', async () => {
    // A basemap tile server on another local port, answering every tile with one PNG drawn by snamap.
    const tile = Buffer.from(await (await fetch(`${base}/api/map.png?indicator=imd25_score&width=256&height=256&legend=0&title=&attribution=0&scalebar=0`)).arrayBuffer());
    let tileRequests = 0;
    const tiles = await startHttp((req, res) => {
      if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url)) {
        res.writeHead(404);
        res.end();
        return;
      }
      tileRequests++;
      res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' });
      res.end(tile);
    });
    const cfgDir = mkdtempSync(join(tmpdir(), 'snamap-basemap-'));
    const cfg = join(cfgDir, 'server.json');
    writeFileSync(cfg, JSON.stringify({ basemap_url: `${tiles.base}/{z}/{x}/{y}.png`, basemap_attribution: 'Test basemap © snamap tests' }));
    const second = await startServer(['--config', cfg]);
    const p10 = await context.newPage();
    const problems10 = watch(p10, 'basemap');
    try {
      const catalog = await (await fetch(`${second.base}/catalog`)).json();
      assert(catalog.basemap?.tiles?.[0]?.startsWith(tiles.base), `catalog basemap ${JSON.stringify(catalog.basemap)}`);
      await p10.goto(`${second.base}/`);
      await ready(p10);
      const info = await p10.evaluate(() => {
        const ids = window.snamap.map.getStyle().layers.map((l) => l.id);
        return { basemap: ids.indexOf('basemap'), fill: ids.indexOf('fill-lsoa21'), background: ids.indexOf('background'),
          attribution: document.querySelector('.maplibregl-ctrl-attrib').textContent };
      });
      assert(info.basemap > info.background && info.basemap < info.fill, `layer order: background ${info.background}, basemap ${info.basemap}, fill ${info.fill}`);
      assert(tileRequests > 0, 'no basemap tile was requested');
      assert(info.attribution.includes('Test basemap © snamap tests'), `attribution "${info.attribution}" lacks the basemap's`);
      assert(/Open Government Licence/.test(info.attribution), `attribution "${info.attribution}" lost the data sources`);
      // Without a basemap (the default) there is no raster layer at all.
      assert(await page.evaluate(() => !window.snamap.map.getLayer('basemap')), 'a basemap layer exists although /catalog has none');
    } finally {
      await p10.close();
      await stopServer(second.child);
      tiles.server.closeAllConnections();
      await new Promise((r) => tiles.server.close(r));
      rmSync(cfgDir, { recursive: true, force: true });
    }
    assert(!problems10.length, problems10.join('\n'));
  });

  await check('no page errors, failed requests or external requests', async () => {
    assert(!problems.length, problems.join('\n'));
  });
}

// A watchdog so a hung browser never leaves the server running.
const watchdog = setTimeout(() => {
  log('FAIL: the browser tests took longer than 15 minutes');
  process.exit(1);
}, 15 * 60 * 1000);
watchdog.unref();

main().then(() => {
  log(`\n${results.filter((r) => r.ok).length} passed, ${failures} failed; screenshots in ${artifacts}`);
  process.exit(failures ? 1 : 0);
}).catch((err) => {
  log(`FAIL setup: ${err.stack || err}`);
  process.exit(1);
});
