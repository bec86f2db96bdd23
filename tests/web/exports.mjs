// Browser checks of the downloads (CSV, GeoJSON, XLSX), the embed dialog and the table view.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvObjects } from '../../web/js/csv.js';
import { env, KNOWN_LSOA, artifacts, api, assert, check, near, settle, jumpTo, pointInGeometry, sameRows, pngSize, readXlsx } from './lib.mjs';

export async function exportChecks(ctx) {
  const { context, page, problems, tileRequests, lsoa, area, indicatorsDoc, metaById } = ctx;
  const { base } = env;
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

}
