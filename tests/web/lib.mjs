// Shared setup for the browser tests (tests/web/run.mjs): the server under test, Chromium flags,
// the check runner and page helpers. Test files import from here; nothing here runs checks.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
/** The client under test: web/ (SNAMAP_WEB_ROOT points at another copy, e.g. an older client to compare). */
export const webRoot = resolve(process.env.SNAMAP_WEB_ROOT || join(repo, 'web'));
const require = createRequire(import.meta.url);

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

// Known areas of the West Midlands build.
export const KNOWN_LSOA = 'E01008881'; // Birmingham 067A (LSOA 2021)
export const KNOWN_WARD = 'Lozells';
export const SECOND_INDICATOR = 'imd25_income_score';
export const COMPOSITE_SLIDER = 'imd25_income_score';

export const artifacts = resolve(process.env.SNAMAP_ARTIFACTS || join(repo, 'build', 'artifacts'));
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

export const results = [];

export function log(msg) {
  process.stdout.write(`${msg}\n`);
}

export class CheckError extends Error {}
export function assert(cond, msg) {
  if (!cond) throw new CheckError(msg);
}
export function near(a, b, tol = 1e-9) {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** SNAMAP_WEB_CHECKS=regex runs only the checks whose names match (for working on one area). */
const only = process.env.SNAMAP_WEB_CHECKS ? new RegExp(process.env.SNAMAP_WEB_CHECKS, 'i') : null;

export async function check(name, fn) {
  if (only && !only.test(name)) return;
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    results.push({ name, ok: false, err });
    log(`FAIL ${name}: ${err instanceof CheckError ? err.message : err.stack || err}`);
  }
}

// ------------------------------------------------------------------ server

export function ensureVendor() {
  const mjs = join(webRoot, 'vendor', 'maplibre-gl', 'maplibre-gl.mjs');
  const font = join(webRoot, 'vendor', 'fonts', 'noto-sans-latin-400-normal.woff2');
  if (existsSync(mjs) && existsSync(font)) return;
  log('web/vendor is missing: running the vendor copy (npm run vendor)');
  const r = spawnSync(process.execPath, [join(webRoot, 'tools', 'vendor.mjs')], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(mjs) || !existsSync(font)) throw new Error('web/vendor could not be created; run `npm ci && npm run vendor`');
}

/**
 * A partner token made once per run with `snamap token add` (data/westmids.json reserves the
 * street-level incidents, the services and the school exclusion counts to partners): the main
 * browser context sends it, and so does api(); apiAnonymous() and a fresh context do not.
 */
function ensureTokens() {
  if (env.tokensFile) return;
  env.tokensFile = join(mkdtempSync(join(tmpdir(), 'snamap-web-tokens-')), 'tokens.jsonl');
  const r = spawnSync(env.binary, ['token', 'add', '--tokens', env.tokensFile, '--name', 'browser partner', '--groups', 'partner'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`snamap token add failed: ${r.stderr}`);
  env.partnerToken = r.stdout.trim();
}

/** The server's arguments with a --config that names the tokens file (merged into a given one). */
function withTokens(extraArgs) {
  ensureTokens();
  const at = extraArgs.indexOf('--config');
  const config = at >= 0 ? JSON.parse(readFileSync(extraArgs[at + 1], 'utf8')) : {};
  // A test that brings its own tokens (sessions.mjs) keeps them; the others get the partner's.
  config.tokens_file ??= env.tokensFile;
  const file = join(dirname(env.tokensFile), `config-${process.hrtime.bigint()}.json`);
  writeFileSync(file, JSON.stringify(config));
  const rest = at >= 0 ? [...extraArgs.slice(0, at), ...extraArgs.slice(at + 2)] : extraArgs;
  return [...rest, '--config', file];
}

/** Headers of a partner's request (the token made above). */
export function partnerHeaders() {
  ensureTokens();
  return { Authorization: `Bearer ${env.partnerToken}` };
}

/** Origins of the snamap servers this run started: the only ones the browser sends the token to. */
const snamapOrigins = new Set();

/**
 * Makes a browser context a partner's: requests to the snamap servers carry the partner token
 * (only those: a token sent to another origin, e.g. the test basemap, would make its requests
 * preflighted and fail). `env.anonymous = true` turns it off for the anonymous checks.
 */
export async function sendPartnerToken(context) {
  await context.route((url) => snamapOrigins.has(url.origin) && !env.anonymous, (route) => {
    route.continue({ headers: { ...route.request().headers(), ...partnerHeaders() } });
  });
}

export function startServer(extraArgs = []) {
  const args = withTokens(extraArgs);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(env.binary, ['serve', env.db, '--port', '0', '--host', '127.0.0.1', '--web', webRoot, ...args], {
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
        snamapOrigins.add(m[1]);
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

export function stopServer(child) {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, 10000);
    child.once('exit', () => { clearTimeout(timer); res(); });
    process.kill(child.pid, 'SIGTERM');
  });
}

// ------------------------------------------------------------------ helpers

/** The run's settings: binary and database (argv), server base URL once started. */
export const env = { binary: process.argv[2], db: process.argv[3], base: '', anonymous: false };

/** GET from the server as a partner (as the main browser context is). */
export async function api(path) {
  const res = await fetch(`${env.base}${path}`, { headers: partnerHeaders() });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return path.includes('.csv') ? res.text() : res.json();
}

/** GET as an anonymous caller: the public tier. */
export async function apiAnonymous(path) {
  const res = await fetch(`${env.base}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

export async function ready(page) {
  await page.waitForFunction(() => window.snamap && (window.snamap.error || window.snamap.app?.current), null, { timeout: 60000 });
  const error = await page.evaluate(() => window.snamap.error);
  assert(!error, `the app failed to start: ${error}`);
  await page.evaluate(() => window.snamap.ready);
  await settle(page);
}

/** Waits until the map has rendered everything pending (the 'idle' event), twice to be sure. */
export async function settle(page) {
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
export async function pixelAt(page, lngLat) {
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
export async function expectedColour(page, v) {
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

/**
 * The map shows the imd25_score choropleth: the region fills most of the map's width, most pixels
 * sampled over the region's box are coloured, at least five colours; and at zoom 13 the known
 * LSOA has the API's value in its feature-state and the legend's colour.
 */
export async function expectChoropleth(page, lsoa, area) {
  const samples = await page.evaluate(() => {
    const map = window.snamap.map;
    const c = map.getCanvas();
    const scale = c.width / map.getContainer().clientWidth;
    const [w, s, e, n] = window.snamap.app.regionBounds;
    const nw = map.project([w, n]);
    const se = map.project([e, s]);
    const box = {
      x0: Math.max(0, Math.floor(nw.x * scale)), x1: Math.min(c.width, Math.ceil(se.x * scale)),
      y0: Math.max(0, Math.floor(nw.y * scale)), y1: Math.min(c.height, Math.ceil(se.y * scale)),
    };
    const tmp = document.createElement('canvas');
    tmp.width = c.width;
    tmp.height = c.height;
    const ctx = tmp.getContext('2d');
    ctx.drawImage(c, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let nonBg = 0;
    let total = 0;
    for (let y = box.y0; y < box.y1; y += 17) {
      for (let x = box.x0; x < box.x1; x += 17) {
        const i = (y * c.width + x) * 4;
        total++;
        const rgb = [data[i], data[i + 1], data[i + 2]];
        if (Math.abs(rgb[0] - 0xf3) + Math.abs(rgb[1] - 0xf5) + Math.abs(rgb[2] - 0xf7) > 12) nonBg++;
        colours.add(rgb.map((v) => v >> 4).join(','));
      }
    }
    return { nonBg, total, distinct: colours.size, share: (box.x1 - box.x0) / c.width };
  });
  assert(samples.share > 0.6, `the region spans only ${Math.round(samples.share * 100)} % of the map's width`);
  assert(samples.nonBg > samples.total * 0.4, `only ${samples.nonBg}/${samples.total} sampled pixels differ from the background`);
  assert(samples.distinct >= 5, `only ${samples.distinct} distinct colours in the map`);
  await jumpTo(page, lsoa.label_point, 13);
  const v = area.indicators.find((i) => i.id === 'imd25_score').value;
  const fs = await page.evaluate((fid) => window.snamap.featureState('lsoa21', fid), lsoa.fid);
  assert(near(fs.v, v), `feature-state v of ${KNOWN_LSOA} is ${fs.v}, API says ${v}`);
  const px = await pixelAt(page, lsoa.label_point);
  const want = await expectedColour(page, v);
  assert(colourClose(px, want), `pixel at ${KNOWN_LSOA} is ${px}, legend colour for ${v} is ${want}`);
}

export function colourClose(a, b, tol = 10) {
  return a.slice(0, 3).every((c, i) => Math.abs(c - b[i]) <= tol);
}

export async function clickLngLat(page, lngLat) {
  const pt = await page.evaluate(([lon, lat]) => {
    const map = window.snamap.map;
    const p = map.project([lon, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
  await page.mouse.move(pt.x, pt.y);
  await page.mouse.click(pt.x, pt.y);
}

export async function jumpTo(page, lngLat, zoom) {
  await page.evaluate(([lon, lat, z]) => window.snamap.map.jumpTo({ center: [lon, lat], zoom: z }), [...lngLat, zoom]);
  await settle(page);
}

export function pointInRing(pt, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > pt[1]) !== (yj > pt[1]) && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInGeometry(pt, g) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polys.some((rings) => pointInRing(pt, rings[0]) && !rings.slice(1).some((h) => pointInRing(pt, h)));
}

/** Client-side composite as documented: z-scores (population SD), sign by polarity, missing = 0, Σ w·z. */
export function compositeScore(valuesById, metaById, weights, code) {
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

export function sameRows(a, b, keyCols) {
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
export function pngSize(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length < 24 || !sig.every((b, i) => buf[i] === b) || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Runs GDAL's ogrinfo (gdal-bin) and returns its stdout; throws with its stderr on failure. */
export function ogrinfo(args) {
  const r = spawnSync('ogrinfo', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`ogrinfo could not run (install gdal-bin): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ogrinfo ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Sheet names, Data row count and one area's Data rows of an XLSX, read back with GDAL's XLSX driver. */
export function readXlsx(file, areaCode) {
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
export function startHttp(handler) {
  return new Promise((res, rej) => {
    const server = createServer(handler);
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => res({ server, base: `http://127.0.0.1:${server.address().port}` }));
  });
}


/** Page errors and unexpected failed requests fail the run; optional routes may 404. */
export function watch(page, label) {
  const problems = [];
  const optional = /\/api\/(hotspots|composite|aggregate|schools\/priority|areas\/[^/]+\/(profile|series))\b/;
  page.on('pageerror', (e) => problems.push(`${label}: page error: ${e.message}`));
  // Chromium reports what the pages' Content-Security-Policy blocked as console errors.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`${label}: ${m.text()}`);
  });
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

/**
 * Loads axe-core into the page. Evaluated through the DevTools protocol rather than added as an
 * inline <script>, which the pages' Content-Security-Policy (script-src 'self') rightly blocks.
 */
export async function injectAxe(page) {
  await page.evaluate(readFileSync(resolvePackage('axe-core/axe.min.js'), 'utf8'));
}

/** Path of a file inside an installed npm package. */
export function resolvePackage(spec) {
  return require.resolve(spec);
}

/**
 * Runs a browser test script's main(): exit status 1 when a check failed, when no check ran, or
 * when the set-up failed (logged with its stack).
 */
export function runMain(main, summarySuffix = '') {
  main().then(() => {
    const failed = results.filter((r) => !r.ok).length;
    log(`\n${results.length - failed} passed, ${failed} failed${summarySuffix}`);
    process.exit(failed || !results.length ? 1 : 0);
  }).catch((err) => {
    log(`FAIL setup: ${err.stack || err}`);
    process.exit(1);
  });
}

/** Closes the browser (when one was started), stops the server by its PID, removes the work folder. */
export async function tearDown(browser, child, dir) {
  if (browser) await browser.close().catch(() => {});
  await stopServer(child);
  log(`stopped snamap pid ${child.pid}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * Serves env.db, opens the client at `path` in a 1440 × 900 page of a fresh headless Chromium,
 * runs `checks(page, base)`, then checks the page had no errors or failed requests; stops the
 * server by PID and removes `dir` whatever happens.
 */
export async function withServedPage(label, path, dir, checks) {
  const { child, base } = await startServer();
  env.base = base;
  log(`snamap pid ${child.pid} at ${base}`);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems = watch(page, label);
    await page.goto(`${base}${path}`);
    await ready(page);
    await checks(page, base);
    await check(`${label}: no page errors or failed requests`, async () => assert(!problems.length, problems.join('\n')));
  } finally {
    await tearDown(browser, child, dir);
  }
}

