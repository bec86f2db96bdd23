// Browser checks of the client as people use it (issue 16): vintages, legends, loading state,
// search, orientation labels, the smaller items and comparisons. Mobile and axe: mobile.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvObjects } from '../../web/js/csv.js';
import { mobileChecks } from './mobile.mjs';
import { env, KNOWN_LSOA, KNOWN_WARD, api, artifacts, assert, check, clickLngLat, jumpTo, near, ready, settle, watch } from './lib.mjs';

/** An LSOA 2011 code that is not an LSOA 2021 code (split or merged in 2021), from the values API. */
async function changedLsoa11() {
  const [v11, v21] = await Promise.all([api('/api/indicators/imd19_score/values?set=lsoa11'), api('/api/indicators/census21_population/values?set=lsoa21')]);
  return Object.keys(v11.values).sort().find((c) => !(c in v21.values));
}

/** The exact ONS lookup, when the shared data are at hand: lsoa11 code → lsoa21 codes. */
function onsLookup() {
  const file = join(process.env.SNAMAP_SHARED_DATA || '/work/shared/data', 'lookups', 'lsoa11_lsoa21_lad22_exact_wm.csv');
  if (!existsSync(file)) return null;
  const map = new Map();
  for (const r of parseCsvObjects(readFileSync(file, 'utf8'))) {
    if (!map.has(r.lsoa11_code)) map.set(r.lsoa11_code, new Set());
    map.get(r.lsoa11_code).add(r.lsoa21_code);
  }
  return map;
}

async function openPage(context, label, hash, viewport = { width: 1440, height: 900 }) {
  const p = await context.newPage();
  const problems = watch(p, label);
  await p.setViewportSize(viewport);
  await p.goto(`${env.base}/${hash}`);
  await ready(p);
  return { p, problems };
}

export async function clientChecks(ctx) {
  const { context, metaById } = ctx;

  await check('vintages: an LSOA 2011 selection follows a 2021 indicator to the same code, says so, and the link carries the set', async () => {
    const { p, problems } = await openPage(context, 'vintage', `#i=imd19_score&sel=lsoa11:${KNOWN_LSOA}`);
    await p.waitForSelector('#profile [data-testid=profile-value]');
    await p.selectOption('#indicator', 'crime_all_rate');
    await p.waitForFunction((code) => window.snamap.state.selection?.set === 'lsoa21' && window.snamap.state.selection.code === code, KNOWN_LSOA, { timeout: 20000 });
    await p.waitForSelector('#profile [data-testid=vintage-note]');
    const note = await p.textContent('#profile [data-testid=vintage-note]');
    assert(note.includes(`${KNOWN_LSOA} (2011) is now ${KNOWN_LSOA} (2021)`), `vintage note "${note}"`);
    await p.waitForSelector('#profile [data-testid=profile-value]');
    assert(!/is published for/.test(await p.textContent('#profile .headline')), 'the profile still says the indicator is published for another geography');
    const prof = await api(`/api/areas/${KNOWN_LSOA}?set=lsoa21`);
    const shown = Number(await p.getAttribute('#profile [data-testid=profile-value]', 'data-value'));
    assert(near(shown, prof.indicators.find((i) => i.id === 'crime_all_rate').value), `headline ${shown} is not the 2021 area's crime rate`);
    assert((await p.evaluate(() => window.location.hash)).includes(`sel=lsoa21:${KNOWN_LSOA}`), 'the permalink does not carry the new set');
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('vintages: a split or merged LSOA 2011 opens its best-fit LSOA 2021 (checked against the ONS lookup when present)', async () => {
    const old = await changedLsoa11();
    assert(old, 'no LSOA 2011 code changed in 2021 in this build');
    const { p, problems } = await openPage(context, 'vintage-split', `#i=crime_all_rate&sel=lsoa11:${old}`);
    await p.waitForFunction(() => window.snamap.state.selection?.set === 'lsoa21', null, { timeout: 30000 });
    const note = await p.textContent('#profile [data-testid=vintage-note]');
    const now = await p.evaluate(() => window.snamap.state.selection.code);
    assert(new RegExp(`${old} \\(2011\\) is now .*${now}.* \\(2021\\)`).test(note), `note "${note}" for ${old} → ${now}`);
    const a11 = await api(`/api/areas/${old}?set=lsoa11`);
    const a21 = await api(`/api/areas/${now}?set=lsoa21`);
    const inside = (pt, [w, s, e, n]) => pt[0] >= w && pt[0] <= e && pt[1] >= s && pt[1] <= n;
    assert(inside(a21.label_point, a11.bbox) || inside(a11.label_point, a21.bbox), `${now} (2021) does not overlap ${old} (2011)`);
    const lookup = onsLookup();
    if (lookup) assert(lookup.get(old)?.has(now), `ONS lookup maps ${old} to ${[...(lookup.get(old) || [])]}, the client chose ${now}`);
    log16(`vintage: ${note}`);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('search: LSOA results name their vintage, "/" focuses the box, no match is shown on screen, a typo still finds the ward', async () => {
    const { p, problems } = await openPage(context, 'search', '');
    await p.keyboard.press('/');
    assert(await p.evaluate(() => document.activeElement?.id === 'search-input'), '"/" did not focus the search box');
    await p.keyboard.type(KNOWN_LSOA, { delay: 10 });
    // Results of a partial query (the debounce can fire mid-typing) may show first: wait for
    // options naming the whole code, then check them (a timeout leaves the assertion to fail).
    await p.waitForFunction((code) => [...document.querySelectorAll('#search-results li[role=option]')]
      .filter((li) => li.textContent.includes(code)).length >= 2, KNOWN_LSOA, { timeout: 5000 }).catch(() => {});
    const texts = await p.locator('#search-results li[role=option]').allTextContents();
    const norm = texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t.includes(KNOWN_LSOA));
    assert(norm.some((t) => /2011/.test(t)) && norm.some((t) => /2021/.test(t)), `results do not show the vintage: ${JSON.stringify(norm)}`);
    assert(new Set(norm).size === norm.length, `identical-looking results: ${JSON.stringify(norm)}`);
    await p.fill('#search-input', 'zzqqxxnomatch');
    await p.waitForSelector('[data-testid=search-empty]:not([hidden])', { timeout: 5000 });
    assert(/No area matches/.test(await p.textContent('[data-testid=search-empty]')), 'no visible "no results" text');
    // A typo still finds the ward (fuzzy, after any exact or prefix match), and says so.
    await p.fill('#search-input', 'lozels');
    await p.waitForFunction(() => document.querySelector('#search-results li[role=option] .opt-name')?.textContent === 'Lozells', null, { timeout: 5000 }).catch(() => {});
    const typo = (await p.locator('#search-results li[role=option]').first().textContent()).replace(/\s+/g, ' ');
    assert(/Lozells/.test(typo) && /close spelling/.test(typo), `"lozels" did not offer Lozells first: ${typo}`);
    await p.fill('#search-input', KNOWN_WARD);
    await p.keyboard.press('Enter');
    await p.waitForFunction((name) => document.querySelector('#profile-title')?.textContent === name, KNOWN_WARD, { timeout: 15000 });
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('loading: a loading state shows until the map is drawn; the picker never shows another indicator', async () => {
    const p = await context.newPage();
    const problems = watch(p, 'loading');
    await p.addInitScript(() => {
      window.__seen = { picker: new Set(), loading: false };
      const look = () => {
        const sel = document.querySelector('#indicator');
        if (sel && sel.options.length) window.__seen.picker.add(sel.value);
        const veil = document.querySelector('#map-loading');
        if (veil && !veil.hidden && veil.offsetParent !== null && document.body.dataset.mapIdle !== '1') window.__seen.loading = true;
        if (document.body?.dataset.mapIdle !== '1') requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
      new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await p.goto(`${env.base}/#i=imd25_income_score`);
    await ready(p);
    const seen = await p.evaluate(() => ({ picker: [...window.__seen.picker], loading: window.__seen.loading, hidden: document.querySelector('#map-loading')?.hidden }));
    assert(seen.loading, 'no loading state was visible while the map loaded');
    assert(seen.hidden === true, 'the loading state is still shown after the map is drawn');
    assert(seen.picker.length === 1 && seen.picker[0] === 'imd25_income_score', `the picker showed ${JSON.stringify(seen.picker)}`);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('legends: class bounds differ, the classes asked for (or why fewer), no "9 to 9", "No data" has a count', async () => {
    const { p, problems } = await openPage(context, 'legends', '');
    const bad = await p.evaluate(async (ids) => {
      const { classify, colorsForBreaks } = await import(new URL('js/classify.js', document.baseURI).href);
      const { renderLegend } = await import(new URL('js/legend.js', document.baseURI).href);
      const out = [];
      for (const id of ids) {
        const meta = window.snamap.app.indicators.get(id);
        const data = await window.snamap.app.data.valuesFor(id);
        const values = [...data.byCode.values()].map((r) => r.v);
        for (const method of ['quantiles', 'equal_interval', 'natural_breaks']) {
          for (const k of [5, 7]) {
            const c = classify(values, method, k);
            const el = document.createElement('div');
            renderLegend(el, { title: meta.title, meta, setLabel: '', method, ...c, colors: colorsForBreaks(meta.polarity, k, c.breaks), noData: 0 });
            const ranges = [...el.querySelectorAll('li[data-class] .range')].map((x) => x.textContent);
            const where = `${id} ${method} ${k}`;
            for (const r of ranges) {
              const m = /^(.*) to (?:under )?(.*)$/.exec(r);
              if (m && m[1] === m[2]) out.push(`${where}: "${r}"`);
            }
            const lows = ranges.map((r) => r.split(' to ')[0]);
            if (new Set(lows).size !== lows.length) out.push(`${where}: repeated lower bounds ${JSON.stringify(ranges)}`);
            if (ranges.length !== k && !el.querySelector('.legend-fewer')) out.push(`${where}: ${ranges.length} classes, not ${k}, without a reason`);
            if (!/^\d+$/.test(el.querySelector('li.nodata .count')?.textContent || '')) out.push(`${where}: "No data" without a count`);
          }
        }
      }
      return out;
    }, Object.keys(metaById));
    assert(!bad.length, `${bad.length} legend problems:\n${bad.slice(0, 12).join('\n')}`);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('labels: borough and ward names drawn from local fonts, at their zooms, once each, without overlaps allowed', async () => {
    const p = await context.newPage();
    const problems = watch(p, 'labels');
    const fonts = [];
    p.on('request', (r) => { if (/\.(woff2?|ttf|pbf)(\?|$)/.test(r.url())) fonts.push(r.url()); });
    await p.goto(`${env.base}/`);
    await ready(p);
    await p.waitForFunction(() => window.snamap.app.boroughs.size > 0, null, { timeout: 30000 });
    const boroughs = await p.evaluate(() => [...window.snamap.app.boroughs.values()].map((b) => b.name));
    await jumpTo(p, [-1.95, 52.5], 9.5);
    const lad = await p.evaluate(() => window.snamap.map.queryRenderedFeatures({ layers: ['label-lad'] }).map((f) => f.properties.name));
    assert(lad.length >= 4 && lad.every((n) => boroughs.includes(n)), `borough labels at z9.5: ${JSON.stringify(lad)}`);
    const ward = (await api(`/api/search?q=${KNOWN_WARD}`)).results[0];
    await jumpTo(p, ward.label_point, 13);
    // Ward name points are computed from the tiles once the map settles, then drawn.
    await p.waitForFunction(() => window.snamap.map.queryRenderedFeatures({ layers: ['label-ward22'] }).length > 0, null, { timeout: 15000 });
    const wards = await p.evaluate(() => window.snamap.map.queryRenderedFeatures({ layers: ['label-ward22'] }).map((f) => f.properties.name));
    assert(wards.includes(KNOWN_WARD), `ward labels at z13 lack ${KNOWN_WARD}: ${JSON.stringify(wards.slice(0, 10))}`);
    const codes = await p.evaluate(() => window.snamap.map.queryRenderedFeatures({ layers: ['label-ward22'] }).map((f) => f.properties.code));
    const repeated = codes.filter((n, i) => codes.indexOf(n) !== i);
    assert(!repeated.length, `wards named more than once: ${JSON.stringify(repeated)}`);
    const ladHere = await p.evaluate(() => window.snamap.map.queryRenderedFeatures({ layers: ['label-lad'] }).length);
    assert(ladHere === 0, 'borough labels still drawn at street zoom');
    const overlap = await p.evaluate(() => ['label-lad', 'label-ward22', 'label-lsoa21'].map((id) => window.snamap.map.getLayoutProperty(id, 'text-allow-overlap')));
    assert(overlap.every((v) => !v), `text-allow-overlap set: ${overlap}`);
    assert(fonts.length > 0 && fonts.every((u) => new URL(u).origin === env.base && u.includes('/vendor/fonts/')), `fonts from ${JSON.stringify(fonts)}`);
    await p.screenshot({ path: join(artifacts, 'desktop-labels.png') });
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await smallerChecks(ctx);
  await compareChecks(ctx);
  await mobileChecks(ctx);
}

function log16(msg) {
  process.stdout.write(`     ${msg}\n`);
}

async function smallerChecks({ context }) {
  await check('priority schools honour the borough filter; clicking a school rings it and marks its row', async () => {
    const coventry = 'E08000026';
    const { p, problems } = await openPage(context, 'schools', `#la=${coventry}`);
    await p.click('#schools-group summary');
    await p.waitForSelector('#priority-list tbody tr', { timeout: 30000 });
    const subs = await p.locator('#priority-list tbody th .sub').allTextContents();
    const all = (await api('/api/schools/priority?phase=secondary&radius=1000&limit=2000')).schools.filter((s) => s.borough === coventry);
    assert(subs.length === Math.min(25, all.length) && subs.every((t) => t === 'Coventry'), `rows ${subs.length} (API ${all.length} in Coventry): ${JSON.stringify([...new Set(subs)])}`);
    await p.click('#priority-list tbody tr:first-child th button');
    await p.waitForSelector('#priority-list tbody tr[aria-current]');
    const marked = await p.evaluate(() => window.snamap.app.mapView.marked?.lngLat);
    assert(marked && near(marked[0], all[0].lonlat[0], 1e-6) && near(marked[1], all[0].lonlat[1], 1e-6), `marked ${marked} vs ${all[0].lonlat}`);
    await settle(p);
    const rings = await p.evaluate(() => window.snamap.map.queryRenderedFeatures({ layers: ['marked-point'] }).length);
    assert(rings === 1, `${rings} rings drawn`);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('hover tooltip hides after a click; a service without a name gets a title', async () => {
    const { p, problems } = await openPage(context, 'tooltip', '');
    const lsoa = (await api(`/api/search?q=${KNOWN_LSOA}&limit=5`)).results.find((r) => r.set === 'lsoa21');
    await jumpTo(p, lsoa.label_point, 13);
    const pt = await p.evaluate(([lon, lat]) => {
      const q = window.snamap.map.project([lon, lat]);
      const r = window.snamap.map.getCanvas().getBoundingClientRect();
      return { x: r.left + q.x, y: r.top + q.y };
    }, lsoa.label_point);
    await p.mouse.move(pt.x - 3, pt.y - 3);
    await p.mouse.move(pt.x, pt.y);
    await p.waitForSelector('#tooltip:not([hidden])');
    await clickLngLat(p, lsoa.label_point);
    await p.waitForFunction((code) => window.snamap.state.selection?.code === code, KNOWN_LSOA);
    assert(await p.isHidden('#tooltip'), 'the tooltip is still shown after the click');
    const title = await p.evaluate(() => {
      window.snamap.app.overlays.showPointPopup({ layer: 'services', properties: { programme: 'Step Together', local_authority: 'Walsall' }, lngLat: window.snamap.map.getCenter().toArray() });
      return document.querySelector('.maplibregl-popup h3')?.textContent.trim();
    });
    assert(title === 'Step Together in Walsall', `service popup title "${title}"`);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('school circles keep a ≥ 3:1 outline on the darkest class; favicon; download labels name the borough', async () => {
    const { p, problems } = await openPage(context, 'small', '#la=E08000026&lyr=wards,schools');
    const stroke = await p.evaluate(() => window.snamap.map.getPaintProperty('pt-schools', 'circle-stroke-color'));
    const lum = (hex) => {
      const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    for (const crimson of ['#bd0026', '#b10026', '#08519c']) {
      assert(typeof stroke === 'string' && ratio(stroke, crimson) >= 3, `school outline ${stroke} on ${crimson}: ${typeof stroke === 'string' ? ratio(stroke, crimson).toFixed(2) : '?'}:1`);
    }
    const fav = await fetch(`${env.base}/favicon.ico`);
    assert(fav.ok && /image\//.test(fav.headers.get('content-type')), `/favicon.ico: ${fav.status} ${fav.headers.get('content-type')}`);
    assert(await p.getAttribute('link[rel=icon]', 'href'), 'no <link rel=icon>');
    await p.waitForFunction(() => window.snamap.app.boroughs.size > 0, null, { timeout: 30000 });
    const scope = await p.textContent('#csv-scope');
    assert(scope.includes('Coventry') && !scope.includes('E08000026'), `download label "${scope}"`);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });
}

async function compareChecks({ context }) {
  await check('compare: 2 chosen areas side by side for every indicator, judged against the region, with spine charts', async () => {
    const second = 'E01008882';
    const { p, problems } = await openPage(context, 'compare', `#sel=lsoa21:${KNOWN_LSOA}`);
    await p.waitForSelector('#profile [data-action=compare-add]');
    await p.click('#profile [data-action=compare-add]');
    await p.evaluate((code) => window.snamap.app.selectArea({ set: 'lsoa21', code }), second);
    await p.waitForFunction((code) => document.querySelector('#profile .profile-meta code')?.textContent === code, second);
    await p.click('#profile [data-action=compare-add]');
    await p.click('#profile [data-action=compare-open]');
    await p.waitForSelector('[data-testid=compare-table] tbody tr', { timeout: 60000 });
    const profiles = await Promise.all([KNOWN_LSOA, second].map((c) => api(`/api/areas/${c}/profile?set=lsoa21`)));
    const rows = await p.locator('[data-testid=compare-table] tbody tr').count();
    assert(rows === profiles[0].indicators.length, `${rows} rows, the profile has ${profiles[0].indicators.length} indicators`);
    const rate = profiles[0].indicators.find((i) => i.id === 'crime_all_rate') ? 'crime_all_rate' : profiles[0].indicators[0].id;
    const cells = await p.evaluate((id) => [...document.querySelectorAll(`[data-testid=compare-table] tr[data-indicator="${id}"] td[data-judgement]`)]
      .map((td) => ({ j: td.dataset.judgement, v: td.dataset.value })), rate);
    profiles.forEach((prof, i) => {
      const ind = prof.indicators.find((x) => x.id === rate);
      const want = ind.region?.significance_95?.judgement || 'not_compared';
      assert(cells[i] && near(Number(cells[i].v), ind.value) && cells[i].j === want, `${prof.code} ${rate}: ${JSON.stringify(cells[i])} vs value ${ind.value}, ${want}`);
    });
    const spine = await p.evaluate((id) => {
      const svg = document.querySelector(`[data-testid=compare-table] tr[data-indicator="${id}"] svg.spine`);
      return svg && { ...svg.dataset, marks: svg.querySelectorAll('circle, rect:not(.spine-range):not(.spine-iqr), path').length };
    }, 'imd25_score');
    const vals = Object.values((await api('/api/indicators/imd25_score/values?set=lsoa21')).values).map((r) => r.v).filter(Number.isFinite).sort((a, b) => a - b);
    const q = (f) => { const h = (vals.length - 1) * f; const lo = Math.floor(h); return vals[lo] + (h - lo) * (vals[Math.min(lo + 1, vals.length - 1)] - vals[lo]); };
    assert(spine && near(Number(spine.min), vals[0]) && near(Number(spine.max), vals[vals.length - 1]) && near(Number(spine.median), q(0.5), 1e-6)
      && near(Number(spine.q1), q(0.25), 1e-6) && near(Number(spine.q3), q(0.75), 1e-6), `spine ${JSON.stringify(spine)} vs quartiles ${q(0.25)}, ${q(0.5)}, ${q(0.75)}`);
    assert(spine.marks === 2, `${spine.marks} area markers on the spine`);
    assert((await p.evaluate(() => window.location.hash)).includes(`cmp=lsoa21:${KNOWN_LSOA},lsoa21:${second}`), 'the comparison is not in the permalink');
    await p.screenshot({ path: join(artifacts, 'desktop-compare.png') });
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  await check('the profile table fits its panel: "vs region" is not clipped, the judgement sits under each comparator value', async () => {
    const { p, problems } = await openPage(context, 'profile-table', `#i=crime_all_rate&sel=lsoa21:${KNOWN_LSOA}`);
    await p.waitForSelector('#profile .indicators-table');
    const fit = await p.evaluate(() => {
      const box = document.querySelector('#profile .indicators-table').closest('.table-scroll');
      const panel = document.querySelector('#profile').getBoundingClientRect();
      const last = document.querySelector('#profile .indicators-table thead th:last-child').getBoundingClientRect();
      const judged = document.querySelector('#profile .indicators-table td[data-judgement=worse], #profile .indicators-table td[data-judgement=better], #profile .indicators-table td[data-judgement=similar]');
      return { scroll: box.scrollWidth, client: box.clientWidth, lastRight: last.right, panelRight: panel.right, judged: judged?.innerText };
    });
    assert(fit.scroll <= fit.client, `the table scrolls sideways: ${fit.scroll} px in ${fit.client} px`);
    assert(fit.lastRight <= fit.panelRight, `"vs region" ends at ${fit.lastRight} px, past the panel's ${fit.panelRight} px`);
    assert(fit.judged && /\n/.test(fit.judged) && /(worse|better|similar)\*/.test(fit.judged), `judgement cell reads ${JSON.stringify(fit.judged)}`);
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });
}
