#!/usr/bin/env node
// Postcode search in the web client (issue 16): on a build of the search fixture (the real West
// Midlands boundaries and the ONSPD-layout postcode fixture, tests/data/search) with one real
// indicator table added so the client has a map to show, typing a full postcode and choosing it
// rings the postcode's location and opens the LSOA it lies in (of the mapped indicator's
// vintage); a postcode district fits its postcodes in view. Expected answers come from the
// fixture CSV, not from the server. Builds the database, starts `snamap serve`, stops it by PID.
//
//   node tests/web/postcodes.mjs SNAMAP_BINARY SHARED_DATA
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvObjects } from '../../web/js/csv.js';
import { artifacts, assert, check, ensureVendor, env, repo, runMain, withServedPage } from './lib.mjs';

const SHARED = process.argv[3];
const FIXTURE_CSV = join(repo, 'data', 'postcodes', 'ONSPD_TEST_FIXTURE_WM.csv');
const INDICATOR_TABLE = 'imd2019/mysociety_UK_IMD_E_scores_WM.csv';

/** The search fixture's manifest plus the IoD 2019 table (and its dataset) of the real manifest. */
function buildDatabase(dir) {
  const manifest = JSON.parse(readFileSync(join(repo, 'tests', 'data', 'search', 'manifest.json'), 'utf8'));
  const real = JSON.parse(readFileSync(join(repo, 'data', 'westmids.json'), 'utf8'));
  const table = real.tables.find((t) => t.path === INDICATOR_TABLE);
  assert(table, `data/westmids.json has no table ${INDICATOR_TABLE}`);
  manifest.datasets.push(real.datasets.find((d) => d.id === table.dataset));
  manifest.tables = [{ ...table, indicators: table.indicators.filter((i) => i.id === 'imd19_score') }];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  copyFileSync(FIXTURE_CSV, join(dir, 'ONSPD_TEST_FIXTURE_WM.csv'));
  env.db = join(dir, 'postcodes.sqlite');
  const r = spawnSync(env.binary, ['build', join(dir, 'manifest.json'), '--sources', SHARED, '-o', env.db], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`snamap build failed: ${r.stderr}`);
}

/** Types a query, waits for its own results (not the last query's) and chooses the first with Enter. */
async function searchAndPick(p, q) {
  await p.fill('#search-input', q);
  await p.waitForFunction((text) => window.snamap.app.search.lastQuery === text && !document.querySelector('#search-results').hidden, q, { timeout: 20000 });
  const first = await p.textContent('#search-results li .opt-name');
  await p.press('#search-input', 'Enter');
  return first;
}

async function checks(page) {
  const rows = parseCsvObjects(readFileSync(FIXTURE_CSV, 'utf8')).filter((r) => !r.doterm && r.lsoa11);
  const pc = rows[0];
  await check('postcodes: a full postcode rings its location and opens the LSOA it lies in', async () => {
    await searchAndPick(page, pc.pcds.toLowerCase().replace(' ', ''));
    await page.waitForFunction((code) => window.snamap.state.selection?.code === code, pc.lsoa11, { timeout: 30000 });
    const got = await page.evaluate(() => ({ sel: window.snamap.state.selection, mark: window.snamap.app.mapView.marked }));
    assert(got.sel.set === 'lsoa11', `selected ${JSON.stringify(got.sel)}: not the mapped vintage (LSOA 2011)`);
    assert(Math.abs(got.mark.lngLat[0] - Number(pc.long)) < 1e-5 && Math.abs(got.mark.lngLat[1] - Number(pc.lat)) < 1e-5,
      `ring at ${got.mark.lngLat}, the postcode is at ${pc.long},${pc.lat}`);
    assert(got.mark.label === pc.pcds, `ring labelled ${got.mark.label}, not ${pc.pcds}`);
    await page.waitForSelector('#profile [data-testid=profile-value]');
    await page.screenshot({ path: join(artifacts, 'desktop-postcode.png') });
  });
  await check('postcodes: a district fits all its postcodes in view', async () => {
    const district = pc.pcds.split(' ')[0];
    const inDistrict = rows.filter((r) => r.pcds.split(' ')[0] === district);
    const first = await searchAndPick(page, district);
    assert(first.trim() === district, `the first result for "${district}" is ${first}, not the district`);
    await page.waitForFunction((d) => window.snamap.app.mapView.marked?.label === d, district, { timeout: 20000 });
    await page.evaluate(() => new Promise((r) => window.snamap.map.once('idle', r)));
    const outside = await page.evaluate((pts) => {
      const b = window.snamap.map.getBounds();
      return pts.filter(([lon, lat]) => !b.contains([lon, lat]));
    }, inDistrict.map((r) => [Number(r.long), Number(r.lat)]));
    assert(!outside.length, `${outside.length} of the ${inDistrict.length} ${district} postcodes are outside the view`);
  });
}

async function main() {
  ensureVendor();
  const dir = mkdtempSync(join(tmpdir(), 'snamap-postcodes-'));
  buildDatabase(dir);
  await withServedPage('postcodes', '/#i=imd19_score', dir, (page) => checks(page));
}

runMain(main);
