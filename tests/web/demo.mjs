#!/usr/bin/env node
// The client on a synthetic region (`snamap demo-data`), whose area sets are not the West
// Midlands ones (lsoa, ward, lad instead of lsoa11/lsoa21, ward22, lad, pfa): the map must draw
// its choropleth, outline its wards, name its places, open a profile and aggregate to wards, all
// from what the catalog says of each set (web/js/geography.js). Builds the region, starts
// `snamap serve`, stops it by PID.
//
//   node tests/web/demo.mjs SNAMAP_BINARY
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, assert, check, clickLngLat, ensureVendor, env, runMain, settle, withServedPage } from './lib.mjs';

function run(args) {
  const r = spawnSync(env.binary, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`snamap ${args[0]} failed: ${r.stderr}`);
}

async function checks(page, catalog) {
  const small = catalog.layers.find((l) => l.level === 'small_area').id;
  const ward = catalog.layers.find((l) => l.level === 'ward').id;
  await check('demo region: the choropleth of its small areas is drawn, with a legend of filled swatches', async () => {
    const state = await page.evaluate((set) => {
      const map = window.snamap.map;
      const layer = map.getLayer(`fill-${set}`);
      const drawn = layer ? map.queryRenderedFeatures({ layers: [`fill-${set}`] }) : [];
      const valued = drawn.filter((f) => typeof window.snamap.featureState(set, f.id).v === 'number').length;
      const swatch = document.querySelector('#legend .swatch')?.getBoundingClientRect();
      return { set: window.snamap.current?.set, layer: Boolean(layer), drawn: drawn.length, valued, swatch: swatch && [swatch.width, swatch.height] };
    }, small);
    assert(state.set === small, `the mapped set is ${state.set}, not ${small}`);
    assert(state.layer && state.drawn > 50 && state.valued > 50, `fill-${small}: layer ${state.layer}, ${state.drawn} drawn, ${state.valued} with values`);
    assert(state.swatch && state.swatch[0] >= 10 && state.swatch[1] >= 10, `legend swatch ${state.swatch}`);
    await page.screenshot({ path: join(artifacts, 'desktop-demo.png') });
  });
  await check('demo region: ward outlines, and ward names when zoomed in', async () => {
    const outlines = await page.evaluate(() => window.snamap.map.getLayoutProperty('wards-outline', 'visibility'));
    assert(outlines === 'visible', `ward outlines are ${outlines}`);
    const mid = await page.evaluate(() => window.snamap.map.getCenter().toArray());
    await page.evaluate(([lon, lat]) => window.snamap.map.jumpTo({ center: [lon, lat], zoom: 12.5 }), mid);
    await settle(page);
    await page.waitForFunction((id) => window.snamap.map.queryRenderedFeatures({ layers: [`label-${id}`] }).length > 0, ward, { timeout: 20000 });
  });
  await check('demo region: its own point layers are offered and drawn; the West Midlands ones are not offered', async () => {
    const points = catalog.layers.filter((l) => l.kind === 'points').map((l) => l.id);
    const offered = await page.$$eval('#layers li:not([hidden]) input[type=checkbox]', (is) => is.map((i) => i.value));
    assert(points.every((id) => offered.includes(id)), `point layers ${points}, offered ${offered}`);
    assert(!offered.includes('services') && !offered.includes('schools_register'), `West Midlands layers offered: ${offered}`);
    const schools = points.find((id) => /school/.test(id));
    await page.check(`#layers input[value=${schools}]`);
    await settle(page);
    const drawn = await page.evaluate((id) => window.snamap.map.queryRenderedFeatures({ layers: [`pt-${id}`] }).length, schools);
    assert(drawn > 0, `no ${schools} points drawn`);
    assert((await page.evaluate(() => window.location.hash)).includes(schools), 'the layer is not in the permalink');
    await page.uncheck(`#layers input[value=${schools}]`);
  });
  await check('demo region: a click opens the area profile; "Show by" offers its wards and boroughs', async () => {
    const mid = await page.evaluate(() => window.snamap.map.getCenter().toArray());
    await clickLngLat(page, mid);
    await page.waitForSelector('#profile [data-testid=profile-value]', { timeout: 20000 });
    const sel = await page.evaluate(() => window.snamap.state.selection);
    assert(sel?.set === small, `selected ${JSON.stringify(sel)}`);
    const options = await page.$$eval('#geo option', (os) => os.map((o) => o.value));
    assert(options.includes(ward) && options.includes(catalog.borough_set), `"Show by" offers ${options}`);
  });
}

async function main() {
  ensureVendor();
  const dir = mkdtempSync(join(tmpdir(), 'snamap-demo-web-'));
  run(['demo-data', join(dir, 'src'), '--areas', '400', '--points', '3000', '--seed', '3']);
  env.db = join(dir, 'demo.sqlite');
  run(['build', join(dir, 'src', 'manifest.json'), '--sources', join(dir, 'src'), '-o', env.db]);
  await withServedPage('demo region', '/', dir, async (page, base) => {
    const catalog = await (await fetch(`${base}/catalog`)).json();
    await checks(page, catalog);
  });
}

runMain(main);
