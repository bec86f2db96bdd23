// Browser checks on their own pages: keyboard, axe, layers, optional routes, screenshots, mobile,
// the embed in a frame on another origin and a configured basemap.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, KNOWN_LSOA, KNOWN_WARD, artifacts, api, assert, check, log, near, ready, settle, clickLngLat, jumpTo, watch, startHttp, startServer, stopServer, injectAxe, partnerHeaders } from './lib.mjs';

/** A new page of the map with the given overlays switched on, and the problems it logs. */
async function pageWithLayers(context, base, label, layers) {
  const page = await context.newPage();
  const problems = watch(page, label);
  await page.goto(`${base}/`);
  await ready(page);
  for (const layer of layers) await page.check(`#layers input[value=${layer}]`);
  await settle(page);
  return { page, problems };
}

export async function pageChecks(ctx) {
  const { context, page, problems, tileRequests, lsoa, area, indicatorsDoc, metaById } = ctx;
  const { base } = env;
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
    const p4 = await context.newPage();
    await p4.goto(`${base}/#sel=lsoa21:${KNOWN_LSOA}`);
    await ready(p4);
    await p4.waitForSelector('#profile-title');
    await injectAxe(p4);
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
    const { page: p7, problems: problems7 } = await pageWithLayers(context, base, 'layers', ['schools', 'services']);
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

  await check('layers: the register of open schools is drawn by phase and its popup cites GIAS', async () => {
    const { page: p8, problems: problems8 } = await pageWithLayers(context, base, 'register', ['schools_register']);
    const drawn = await p8.evaluate(() => {
      const fs = window.snamap.map.queryRenderedFeatures({ layers: ['pt-schools_register'] });
      const secondary = fs.find((f) => f.properties.category === 'Secondary');
      return { urns: [...new Set(fs.map((f) => f.properties.urn))].length, keys: Object.keys(fs[0]?.properties || {}), pt: secondary?.geometry.coordinates };
    });
    // 1,237 located establishments (SOURCES.md: 1,238 open, one without coordinates).
    assert(drawn.urns > 1000 && drawn.urns <= 1237, `${drawn.urns} register schools drawn`);
    assert(await p8.isVisible('#key-schools_register'), 'the register key is not shown');
    await p8.screenshot({ path: join(artifacts, 'desktop-register.png') });
    const keyText = await p8.textContent('#key-schools_register');
    assert(/Secondary/.test(keyText) && /Primary/.test(keyText), `register key: ${keyText}`);
    assert(drawn.pt, `no Secondary school drawn (properties: ${drawn.keys.join(', ')})`);
    const pt = drawn.pt;
    await jumpTo(p8, pt, 15);
    await clickLngLat(p8, pt);
    await p8.waitForSelector('.maplibregl-popup', { timeout: 10000 });
    const text = await p8.textContent('.maplibregl-popup');
    assert(text.includes('Get Information about Schools') && text.includes('Secondary'), `register popup: ${text}`);
    const hash = await p8.evaluate(() => window.location.hash);
    assert(/lyr=[^&]*schools_register/.test(hash), `the register layer is not in the permalink: ${hash}`);
    await p8.close();
    assert(!problems8.length, problems8.join('\n'));
  });

  await check('statistical extras are used when the server has them, and degrade when it does not', async () => {
    const status = async (path) => (await fetch(`${base}${path}`, { headers: partnerHeaders() })).status;
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
    // Borough names arrive once the boroughs are known (after the first idle).
    await p5.waitForFunction(() => window.snamap.map.queryRenderedFeatures({ layers: ['label-lad'] }).length > 0, null, { timeout: 30000 });
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

  await check('security headers on pages and errors; the web root serves only the client', async () => {
    const secured = (r) => r.headers.get('x-content-type-options') === 'nosniff'
      && r.headers.get('referrer-policy') === 'strict-origin-when-cross-origin';
    for (const path of ['/', '/embed', `/report/${KNOWN_LSOA}`]) {
      const r = await fetch(`${base}${path}`);
      const csp = r.headers.get('content-security-policy') || '';
      assert(r.ok && secured(r) && /script-src 'self';/.test(csp) && /worker-src 'self' blob:/.test(csp),
        `${path}: HTTP ${r.status}, CSP ${csp}`);
    }
    for (const path of ['/README.md', '/tools/vendor.mjs', '/vendor/versions.json', '/api/nope']) {
      const r = await fetch(`${base}${path}`);
      assert(r.status === 404 && secured(r), `${path}: HTTP ${r.status}`);
    }
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

  await check('optional vector basemap: a style URL\'s layers under the choropleth, its labels over it', async () => {
    // A basemap server on another local port: a MapLibre style whose one vector source is the
    // main server's borough tiles, proxied, drawn as lines and labelled with the local font.
    let vectorRequests = 0;
    const basemap = await startHttp(async (req, res) => {
      const tileMatch = /^\/v\/(\d+)\/(\d+)\/(\d+)\.pbf$/.exec(req.url);
      const cors = { 'Access-Control-Allow-Origin': '*' };
      if (req.url === '/style.json') {
        res.writeHead(200, { 'Content-Type': 'application/json', ...cors });
        res.end(JSON.stringify({
          version: 8,
          sources: { streets: { type: 'vector', tiles: [`${basemap.base}/v/{z}/{x}/{y}.pbf`], maxzoom: 12, attribution: 'Test streets © snamap tests' } },
          layers: [
            { id: 'land', type: 'background', paint: { 'background-color': '#e4ecdf' } },
            { id: 'roads', type: 'line', source: 'streets', 'source-layer': 'lad', paint: { 'line-color': '#3355ff', 'line-width': 3 } },
            { id: 'places', type: 'symbol', source: 'streets', 'source-layer': 'lad', layout: { 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Regular'] } },
          ],
        }));
      } else if (tileMatch) {
        vectorRequests++;
        const upstream = await fetch(`${base}/tiles/lad/${tileMatch[1]}/${tileMatch[2]}/${tileMatch[3]}.mvt`);
        res.writeHead(upstream.status, { 'Content-Type': 'application/x-protobuf', ...cors });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      } else {
        res.writeHead(404, cors);
        res.end();
      }
    });
    const cfgDir = mkdtempSync(join(tmpdir(), 'snamap-vector-basemap-'));
    const cfg = join(cfgDir, 'server.json');
    writeFileSync(cfg, JSON.stringify({ basemap_url: `${basemap.base}/style.json` }));
    const second = await startServer(['--config', cfg]);
    const p11 = await context.newPage();
    const problems11 = watch(p11, 'vector basemap');
    try {
      const catalog = await (await fetch(`${second.base}/catalog`)).json();
      assert(catalog.basemap?.style === `${basemap.base}/style.json` && !catalog.basemap.tiles, `catalog basemap ${JSON.stringify(catalog.basemap)}`);
      await p11.goto(`${second.base}/`);
      await ready(p11);
      const info = await p11.evaluate(() => {
        const ids = window.snamap.map.getStyle().layers.map((l) => l.id);
        return { ids, attribution: document.querySelector('.maplibregl-ctrl-attrib').textContent };
      });
      const at = (id) => info.ids.indexOf(id);
      assert(at('basemap-land') === 0 && at('background') < 0, `the basemap's background is not the bottom layer: ${info.ids.slice(0, 4)}`);
      assert(at('basemap-roads') > 0 && at('basemap-roads') < at('fill-lsoa21'), `roads ${at('basemap-roads')} not under the fill ${at('fill-lsoa21')}`);
      assert(at('basemap-places') > at('lad-outline'), `the basemap's labels ${at('basemap-places')} are under the borough outlines ${at('lad-outline')}`);
      assert(vectorRequests > 0, 'no basemap vector tile was requested');
      assert(info.attribution.includes('Test streets © snamap tests'), `attribution "${info.attribution}" lacks the basemap's`);
      assert(/Open Government Licence/.test(info.attribution), `attribution "${info.attribution}" lost the data sources`);
    } finally {
      await p11.close();
      await stopServer(second.child);
      basemap.server.closeAllConnections();
      await new Promise((r) => basemap.server.close(r));
      rmSync(cfgDir, { recursive: true, force: true });
    }
    assert(!problems11.length, problems11.join('\n'));
  });

}
