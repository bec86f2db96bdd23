// Browser checks of the map, picker, profile, search, composite and permalinks.
import { join } from 'node:path';
import { env, KNOWN_LSOA, KNOWN_WARD, SECOND_INDICATOR, COMPOSITE_SLIDER, artifacts, api, assert, check, compositeScore, near, ready, settle, pixelAt, expectedColour, colourClose, clickLngLat, jumpTo, watch, expectChoropleth } from './lib.mjs';

/** Checks run on the shared desktop page in order (each leaves the page as the next expects). */
export async function mapChecks(ctx) {
  const { context, page, problems, tileRequests, lsoa, area, indicatorsDoc, metaById } = ctx;
  const { base } = env;
  await check('app starts and exposes window.snamap', async () => {
    await ready(page);
    const s = await page.evaluate(() => ({ indicator: window.snamap.state.indicator, hasMap: Boolean(window.snamap.map) }));
    assert(s.hasMap, 'window.snamap.map is missing');
    assert(s.indicator === 'imd25_score', `default indicator is ${s.indicator}`);
  });

  await check('map renders the choropleth (pixels differ from the background, match the legend)', async () => {
    await expectChoropleth(page, lsoa, area);
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
      const res = await fetch(`api/map.png?${new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined))}`);
      return { params, status: res.status, type: res.headers.get('content-type'), body: res.ok ? '' : (await res.text()).slice(0, 200) };
    });
    assert(image.params?.indicator === 'composite', `composite image params ${JSON.stringify(image.params)}`);
    assert(image.params.weights?.includes(`${COMPOSITE_SLIDER}:2`), `image weights ${image.params.weights}`);
    assert(image.status === 200 && image.type === 'image/png', `composite image: ${image.status} ${image.type} ${image.body} (${JSON.stringify(image.params)})`);
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
  return { compositeLink };
}
