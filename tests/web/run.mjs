#!/usr/bin/env node
// Browser tests of the web client: starts `snamap serve` on 127.0.0.1:0, drives Debian's
// Chromium headless through playwright-core, checks the map, picker, profile, search, composite
// weights, permalinks, downloads, keyboard access, mobile layout, comparisons and labels against
// the JSON API, saves screenshots, stops the server by PID and exits non-zero on any failure.
//
//   node tests/web/run.mjs SNAMAP_BINARY DB
//
// Environment: SNAMAP_ARTIFACTS (screenshots; default <repo>/build/artifacts),
// CHROMIUM (default /usr/bin/chromium). Shared setup: lib.mjs; checks by area: map.mjs,
// exports.mjs, pages.mjs, client.mjs, catchments.mjs, static_tiles.mjs (PMTiles served by nginx).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { catchmentChecks } from './catchments.mjs';
import { clientChecks } from './client.mjs';
import { exportChecks } from './exports.mjs';
import { env, CHROMIUM_FLAGS, KNOWN_LSOA, api, artifacts, assert, check, chromiumPath, ensureVendor, log, runMain, sendPartnerToken, startServer, stopServer, watch } from './lib.mjs';
import { mapChecks } from './map.mjs';
import { pageChecks } from './pages.mjs';
import { staticTileChecks } from './static_tiles.mjs';
import { tierChecks } from './tiers.mjs';

if (!env.binary || !env.db) {
  console.error('usage: node tests/web/run.mjs SNAMAP_BINARY DB');
  process.exit(2);
}

async function main() {
  ensureVendor();
  mkdirSync(artifacts, { recursive: true });
  const { child, base } = await startServer();
  env.base = base;
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
    // A partner's browser: the checks below use the partner-only layers and the priority
    // schools; tiers.mjs checks what an anonymous visitor sees.
    await sendPartnerToken(context);
    await runChecks(context);
  } finally {
    if (context) await context.close().catch(() => {});
    await stopServer(child);
    log(`stopped snamap pid ${child.pid}`);
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/** The shared desktop page and the API facts every area's checks start from. */
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
  await page.goto(`${env.base}/`);
  const ctx = { context, page, problems, tileRequests, lsoa, area, indicatorsDoc, metaById };
  await mapChecks(ctx);
  await exportChecks(ctx);
  await pageChecks(ctx);
  await clientChecks(ctx);
  await catchmentChecks(ctx);
  await staticTileChecks(ctx);
  await tierChecks(ctx);
  await check('no page errors, failed requests or external requests', async () => {
    assert(!problems.length, problems.join('\n'));
  });
}

// A watchdog so a hung browser never leaves the server running.
const watchdog = setTimeout(() => {
  log('FAIL: the browser tests took longer than 28 minutes');
  process.exit(1);
}, 28 * 60 * 1000);
watchdog.unref();

runMain(main, `; screenshots in ${artifacts}`);
