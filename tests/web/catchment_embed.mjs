#!/usr/bin/env node
// The embed framed on a catchment (docs/api.md, "Catchments"): a 1.5 km circle round central
// Birmingham is POSTed, then /embed?i=…&catchment=ID is framed by a page on another origin; the
// embedded map must draw the catchment's outline and fit the view to it (the app's own
// catchment state, web/js/catchment.js), with no page errors or failed requests. Starts `snamap serve`, stops it by PID.
//
//   node tests/web/catchment_embed.mjs SNAMAP_BINARY DB
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, artifacts, assert, check, chromiumPath, ensureVendor, env, log, runMain, startHttp, startServer, stopServer, watch } from './lib.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CENTRE = [-1.8998, 52.4796];

async function defineCatchment(base) {
  const res = await fetch(`${base}/api/catchments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ name: 'Embed 1.5 km', radius: { lon: CENTRE[0], lat: CENTRE[1], metres: 1500 } }),
  });
  assert(res.status === 201 || res.status === 200, `POST /api/catchments: HTTP ${res.status}`);
  return (await res.json()).id;
}

async function framed(browser, base, id) {
  const src = `${base}/embed?i=imd25_score&catchment=${id}`;
  const host = await startHttp((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body style="margin:0">
      <iframe src="${src}" title="snamap catchment" width="900" height="560" style="border:0"></iframe></body></html>`);
  });
  const page = await browser.newPage({ viewport: { width: 920, height: 600 } });
  const problems = watch(page, 'catchment embed');
  try {
    assert(new URL(host.base).origin !== new URL(base).origin, 'the host page is not on another origin');
    await page.goto(host.base);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    await frame.waitForFunction((want) => window.snamap?.error || (window.snamap?.state?.catchment === want && window.snamap.app.profile?.area), id, { timeout: 90000, polling: 250 });
    assert(!(await frame.evaluate(() => window.snamap.error)), `the embedded app failed: ${await frame.evaluate(() => window.snamap.error)}`);
    await frame.evaluate(() => window.snamap.idle());
    const view = await frame.evaluate(() => {
      const { map } = window.snamap;
      const b = map.getBounds();
      const paint = map.getLayer('catchment-line') && map.getPaintProperty('catchment-line', 'line-color');
      return { paint, west: b.getWest(), east: b.getEast(), south: b.getSouth(), north: b.getNorth(), drawn: map.queryRenderedFeatures({ layers: ['catchment-line'] }).length };
    });
    await page.screenshot({ path: join(artifacts, 'embed-catchment.png') });
    return { view, problems };
  } finally {
    await page.close();
    host.server.close();
  }
}

async function main() {
  ensureVendor();
  mkdirSync(artifacts, { recursive: true });
  const { child, base } = await startServer();
  log(`snamap pid ${child.pid} at ${base}`);
  let browser;
  try {
    const id = await defineCatchment(base);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS });
    const { view, problems } = await framed(browser, base, id);
    await check('the embed draws the catchment outline, dashed violet', async () => {
      assert(view.paint === '#6a3d9a', `outline colour ${view.paint}`);
      assert(view.drawn > 0, 'no outline feature rendered');
    });
    await check('the embed fits the view to the catchment', async () => {
      // The circle spans about 0.044° of longitude and 0.027° of latitude; the fitted view holds
      // it and is not the whole region (about 1.2° wide).
      const [lon, lat] = CENTRE;
      assert(view.west < lon - 0.02 && view.east > lon + 0.02 && view.south < lat - 0.013 && view.north > lat + 0.013, `view ${JSON.stringify(view)} does not hold the circle`);
      assert(view.east - view.west < 0.3, `view ${view.west}..${view.east} is not framed on the catchment`);
    });
    await check('no page errors or failed requests', async () => {
      assert(!problems.length, problems.join('\n'));
    });
  } finally {
    if (browser) await browser.close().catch(() => {});
    await stopServer(child);
    log(`stopped snamap pid ${child.pid}`);
  }
}

env.binary = process.argv[2];
env.db = process.argv[3];
runMain(main);
