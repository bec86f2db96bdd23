// Browser checks of catchments (issue 13): a boundary drawn on the map, a GeoJSON uploaded in
// British National Grid, a radius round a school from its popup and areas picked on the map each
// make a catchment whose profile opens, agrees with the API, and whose pack, map image and embed
// work; the gap layer shows on the map.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, api, artifacts, assert, check, clickLngLat, near, ready, settle, watch } from './lib.mjs';

const CENTRE = [-1.8998, 52.4796]; // central Birmingham
const INDICATOR = 'crime_all_rate';

async function openPage(context, label, hash) {
  const p = await context.newPage();
  const problems = watch(p, label);
  await p.setViewportSize({ width: 1440, height: 900 });
  await p.goto(`${env.base}/${hash}`);
  await ready(p);
  if (!(await p.getAttribute('#catchment-group', 'open'))) await p.click('#catchment-group summary');
  return { p, problems };
}

/** Waits for the catchment's profile and returns its id (from the state) and the profile shown. */
async function openedCatchment(p) {
  await p.waitForSelector('#profile [data-testid=catchment-meta]', { timeout: 30000 });
  const id = await p.evaluate(() => window.snamap.state.catchment);
  assert(/^[0-9a-f]{32}$/.test(id || ''), `no catchment id in the state: ${id}`);
  const hash = await p.evaluate(() => window.location.hash);
  assert(hash.includes(`catchment=${id}`), `the permalink does not carry the catchment: ${hash}`);
  const outline = await p.evaluate(() => window.snamap.map.getSource('catchment').serialize().data.features.length);
  assert(outline === 1, 'the catchment is not outlined on the map');
  return id;
}

/** The headline agrees with the API's profile of the catchment for the mapped indicator. */
async function headlineMatchesApi(p, id) {
  await p.waitForSelector('#profile [data-testid=profile-value]');
  const shown = Number(await p.getAttribute('#profile [data-testid=profile-value]', 'data-value'));
  const prof = await api(`/api/catchments/${id}/profile`);
  const ind = prof.indicators.find((i) => i.id === INDICATOR);
  assert(ind && near(shown, ind.value, 1e-6), `headline ${shown}, API ${ind?.value}`);
  assert(/[0-9]/.test(await p.textContent('#profile .ci')), 'no confidence interval in the headline');
  return prof;
}

/** The pack (HTML and PDF), map image and embed the profile links to all answer for this catchment. */
async function evidenceWorks(context, p, id, name) {
  const pack = await p.getAttribute('#profile [data-testid=report-link]', 'href');
  const html = await (await fetch(pack)).text();
  assert(html.includes(name), `the pack ${pack} does not name the catchment ${name}`);
  const pdf = Buffer.from(await (await fetch(await p.getAttribute('#profile [data-testid=report-pdf]', 'href'))).arrayBuffer());
  assert(pdf.subarray(0, 5).toString() === '%PDF-', 'the pack PDF is not a PDF');
  const png = Buffer.from(await (await fetch(await p.getAttribute('#profile [data-testid=catchment-png]', 'href'))).arrayBuffer());
  assert(png.subarray(1, 4).toString() === 'PNG', 'the map image is not a PNG');
  const csv = await (await fetch(await p.getAttribute('#profile [data-testid=catchment-csv]', 'href'))).text();
  assert(csv.includes(INDICATOR) || csv.includes('crime'), 'the catchment CSV has no indicator rows');
  const embed = await context.newPage();
  const problems = watch(embed, `embed ${id}`);
  await embed.goto(`${env.base}/embed?i=${INDICATOR}&catchment=${id}`);
  await ready(embed);
  const drawn = await embed.evaluate(() => window.snamap.map.getSource('catchment').serialize().data.features.length);
  assert(drawn === 1, 'the embed does not outline the catchment');
  await embed.close();
  assert(!problems.length, problems.join('\n'));
}

/** A square of ±`half` metres round a BNG point, as a GeoJSON FeatureCollection that names EPSG:27700. */
function bngSquare(e, n, half) {
  const ring = [[e - half, n - half], [e + half, n - half], [e + half, n + half], [e - half, n + half], [e - half, n - half]];
  return JSON.stringify({
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
    features: [{ type: 'Feature', properties: { name: 'Estate' }, geometry: { type: 'Polygon', coordinates: [ring] } }],
  });
}

export async function catchmentChecks(ctx) {
  const { context } = ctx;

  await check('catchments: a boundary drawn on the map becomes a catchment with its profile, pack, image and embed', async () => {
    const { p, problems } = await openPage(context, 'catchment-draw', `#i=${INDICATOR}&map=13/${CENTRE[1]}/${CENTRE[0]}`);
    await p.fill('#catchment-name', 'Drawn estate');
    await p.click('#catchment-panel [data-action=draw]');
    // Right of the centre: the floating legend covers the map's left side.
    const corners = [[-1.899, 52.474], [-1.879, 52.474], [-1.879, 52.485], [-1.899, 52.485]];
    for (const c of corners) await clickLngLat(p, c);
    assert((await p.textContent('[data-testid=catchment-instructions]')).includes('4 corners'), 'the corners were not counted');
    await p.click('#catchment-panel [data-action=finish]');
    const id = await openedCatchment(p);
    const stored = await api(`/api/catchments/${id}`);
    assert(stored.properties.definition.kind === 'geometry', `definition ${JSON.stringify(stored.properties.definition)}`);
    const ring = stored.geometry.type === 'Polygon' ? stored.geometry.coordinates[0] : stored.geometry.coordinates[0][0];
    for (const c of corners) {
      assert(ring.some((v) => Math.abs(v[0] - c[0]) < 2e-4 && Math.abs(v[1] - c[1]) < 2e-4), `corner ${c} is not a vertex of the stored boundary`);
    }
    await headlineMatchesApi(p, id);
    await p.screenshot({ path: join(artifacts, 'desktop-catchment-drawn.png') });
    await evidenceWorks(context, p, id, 'Drawn estate');
    await p.click('#profile input[value=area]');
    await p.waitForFunction(() => window.snamap.app.profile.area?.method === 'area', null, { timeout: 20000 });
    assert((await p.textContent('#profile [data-testid=catchment-constituents]')).includes('counted'), 'no constituent list');
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('catchments: an uploaded GeoJSON in British National Grid is reprojected and profiled', async () => {
    const { p, problems } = await openPage(context, 'catchment-upload', `#i=${INDICATOR}`);
    const dir = mkdtempSync(join(tmpdir(), 'snamap-upload-'));
    const file = join(dir, 'estate.geojson');
    writeFileSync(file, bngSquare(406900, 286900, 800));
    await p.setInputFiles('#catchment-file', file);
    const id = await openedCatchment(p);
    rmSync(dir, { recursive: true, force: true });
    const stored = await api(`/api/catchments/${id}`);
    assert(stored.properties.definition.kind === 'upload' && stored.properties.name === 'estate', `stored ${JSON.stringify(stored.properties)}`);
    const lons = stored.geometry.coordinates.flat(3).filter((_, k) => k % 2 === 0);
    assert(Math.min(...lons) > -1.93 && Math.max(...lons) < -1.87, `not reprojected to central Birmingham: ${Math.min(...lons)}..${Math.max(...lons)}`);
    const prof = await headlineMatchesApi(p, id);
    assert(near(prof.area_km2, 2.56, 0.01), `a 1.6 km square is ${prof.area_km2} km²`);
    await evidenceWorks(context, p, id, 'estate');
    await p.setInputFiles('#catchment-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    assert(/\.geojson/.test(await p.textContent('#catchment-error')), 'a file of another kind is not refused in words');
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('catchments: a radius round a school, from its popup, is centred on the school and counts it', async () => {
    const { p, problems } = await openPage(context, 'catchment-school', `#i=${INDICATOR}&lyr=schools_register&map=14/${CENTRE[1]}/${CENTRE[0]}`);
    await settle(p);
    // The school nearest the centre that is clear of the floating legend and the map's edges.
    const school = await p.evaluate(() => {
      const map = window.snamap.map;
      const canvas = map.getCanvas().getBoundingClientRect();
      const legend = document.querySelector('#legend').getBoundingClientRect();
      const c = map.project(map.getCenter());
      const at = (f) => map.project(f.geometry.coordinates);
      const clear = (q) => q.x > legend.right - canvas.left + 20 && q.x < canvas.width - 80 && q.y > 40 && q.y < canvas.height - 60;
      const d = (f) => Math.hypot(at(f).x - c.x, at(f).y - c.y);
      const fs = map.queryRenderedFeatures({ layers: ['pt-schools_register'] }).filter((f) => clear(at(f))).sort((a, b) => d(a) - d(b));
      return fs[0] && { lngLat: fs[0].geometry.coordinates, name: fs[0].properties.name };
    });
    assert(school, 'no school drawn clear of the legend in central Birmingham at z14');
    await clickLngLat(p, school.lngLat);
    await p.click('.maplibregl-popup [data-action=catchment-around]');
    const id = await openedCatchment(p);
    const stored = await api(`/api/catchments/${id}`);
    const def = stored.properties.definition;
    assert(def.kind === 'radius' && def.metres === 1500, `definition ${JSON.stringify(def)}`);
    assert(Math.abs(def.lon - school.lngLat[0]) < 1e-5 && Math.abs(def.lat - school.lngLat[1]) < 1e-5, 'not centred on the school');
    assert(stored.properties.name.includes(school.name), `name ${stored.properties.name}`);
    const prof = await headlineMatchesApi(p, id);
    assert(prof.points.some((x) => x.layer === 'schools_register' && x.count >= 1), 'the school itself is not counted inside');
    await evidenceWorks(context, p, id, school.name);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('catchments: areas picked on the map make a catchment of exactly those areas', async () => {
    const { p, problems } = await openPage(context, 'catchment-pick', `#i=${INDICATOR}&map=14/${CENTRE[1]}/${CENTRE[0]}`);
    await p.click('#catchment-panel [data-action=pick]');
    const picks = [[-1.9, 52.479], [-1.89, 52.473]];
    const codes = [];
    for (const c of picks) {
      codes.push(await p.evaluate(([lon, lat]) => window.snamap.app.mapView.areaAt(window.snamap.map.project([lon, lat]))?.code, c));
      await clickLngLat(p, c);
    }
    assert(new Set(codes).size === 2, `the two clicks did not hit two areas: ${codes}`);
    await p.click('#catchment-panel [data-action=finish]');
    const id = await openedCatchment(p);
    const def = (await api(`/api/catchments/${id}`)).properties.definition;
    assert(def.kind === 'areas' && def.set === 'lsoa21' && [...def.codes].sort().join() === [...codes].sort().join(), `definition ${JSON.stringify(def)}`);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('gaps: high-need areas out of every service\'s reach are outlined on the map and listed, as the API says', async () => {
    const { p, problems } = await openPage(context, 'gaps', '#i=imd25_score&lyr=gaps');
    await p.waitForSelector('[data-testid=gaps-summary]', { timeout: 30000 });
    const res = await api('/api/gaps?indicator=imd25_score&rule=decile');
    const codes = res.areas.map((a) => a.code);
    assert(codes.length > 0, 'the API lists no gaps for the IMD 2025 score');
    const shown = await p.evaluate(() => {
      const map = window.snamap.map;
      const filter = map.getFilter('gap-lsoa21');
      const drawn = map.queryRenderedFeatures({ layers: ['gap-lsoa21'] }).map((f) => f.properties.code);
      return { listed: filter[2][1], drawn: [...new Set(drawn)] };
    });
    assert([...shown.listed].sort().join() === [...codes].sort().join(), `the map outlines ${shown.listed.length} areas, the API lists ${codes.length} gaps`);
    assert(shown.drawn.length > 0 && shown.drawn.every((c) => codes.includes(c)), `drawn gap outlines ${shown.drawn.slice(0, 5)} are not all API gaps`);
    const summary = await p.textContent('[data-testid=gaps-summary]');
    assert(summary.includes(String(codes.length)), `the summary "${summary}" does not give the ${codes.length} gaps`);
    const first = await p.textContent('[data-testid=gaps-table] tbody tr:first-child [data-action=gap-area]');
    assert(first.trim() === res.areas[0].name, `the table starts with ${first}, the API with ${res.areas[0].name}`);
    await p.screenshot({ path: join(artifacts, 'desktop-gaps.png') });
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });
}
