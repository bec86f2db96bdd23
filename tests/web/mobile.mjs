// Browser checks of the phone layout (390×844: map first, controls and profile in sheets, tap
// targets) and of axe-core on every page kind at desktop and phone sizes.
import { join } from 'node:path';
import { env, KNOWN_LSOA, api, artifacts, assert, check, clickLngLat, jumpTo, injectAxe, ready, settle, watch } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

const overlaps = (a, b) => a && b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Visible controls smaller than 24×24 CSS px (WCAG 2.2 target size), leaving out links inside running text. */
function smallTargets(page) {
  return page.evaluate(() => [...document.querySelectorAll('button, input, select, summary, a[href], [role=option]')].filter((el) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden' || el.closest('[inert]')) return false;
    if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) return false;
    const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline';
    return !inline && (r.width < 24 || r.height < 24);
  }).map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} ${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`));
}

export async function mobileChecks({ context }) {
  await check('mobile 390×844: map first, controls in a sheet, a tap opens the profile sheet without scrolling, tools clear of the zoom', async () => {
    const p = await context.newPage();
    const problems = watch(p, 'phone');
    await p.setViewportSize(PHONE);
    await p.goto(`${env.base}/`);
    await ready(p);
    const first = await p.evaluate(() => {
      const map = document.querySelector('#map').getBoundingClientRect();
      const controls = document.querySelector('#controls');
      return { mapTop: map.top, mapH: map.height, controlsShown: controls.checkVisibility({ visibilityProperty: true }) && controls.getBoundingClientRect().top < innerHeight };
    });
    assert(first.mapTop < 140 && first.mapH >= PHONE.height * 0.6, `map at ${first.mapTop}px, ${first.mapH}px tall`);
    assert(!first.controlsShown, 'the controls cover the map before they are asked for');
    await p.click('#toggle-controls');
    await p.waitForFunction(() => document.body.classList.contains('controls-open'));
    await p.waitForTimeout(300);
    const picker = await p.locator('#indicator').boundingBox();
    assert(picker && picker.y >= 0 && picker.y + picker.height <= PHONE.height, `the indicator picker is off screen in the sheet: ${JSON.stringify(picker)}`);
    await p.selectOption('#indicator', 'imd25_income_score');
    await p.waitForFunction(() => window.snamap.current?.id === 'imd25_income_score');
    await p.click('#close-controls');
    const lsoa = (await api(`/api/search?q=${KNOWN_LSOA}&limit=5`)).results.find((r) => r.set === 'lsoa21');
    await jumpTo(p, lsoa.label_point, 14);
    await clickLngLat(p, lsoa.label_point);
    await p.waitForSelector('#profile [data-testid=profile-value]');
    await p.waitForTimeout(400);
    const after = await p.evaluate(() => {
      const prof = document.querySelector('#profile').getBoundingClientRect();
      return { scrollY: window.scrollY, docH: document.documentElement.scrollHeight, top: prof.top, bottom: prof.bottom };
    });
    assert(after.scrollY === 0 && after.docH <= PHONE.height + 1, `the page scrolled (${after.scrollY}px of ${after.docH}px)`);
    assert(after.top > PHONE.height * 0.25 && after.bottom <= PHONE.height + 1, `the profile sheet spans ${after.top}–${after.bottom}px`);
    await p.screenshot({ path: join(artifacts, 'mobile-390-profile.png') });
    await p.click('#profile [data-action=close]');
    await p.click('#toggle-table');
    await p.waitForSelector('#table-view tbody tr');
    const [tool, zoom] = await Promise.all([p.locator('#toggle-table').boundingBox(), p.locator('.maplibregl-ctrl-zoom-in').boundingBox()]);
    assert(!overlaps(tool, zoom), `"Hide table" ${JSON.stringify(tool)} overlaps the zoom control ${JSON.stringify(zoom)}`);
    await p.click('#toggle-table');
    const small = await smallTargets(p);
    assert(!small.length, `${small.length} tap targets under 24 px: ${small.slice(0, 8).join('; ')}`);
    await p.screenshot({ path: join(artifacts, 'mobile-390.png') });
    await p.close();
    assert(!problems.length, problems.join('\n'));
  });

  const ward = (await api('/api/search?q=Lozells')).results[0];
  const pages = [['main page', `/#sel=lsoa21:${KNOWN_LSOA}`], ['embed', `/embed?i=imd25_score&sel=lsoa21:${KNOWN_LSOA}`],
    ['LSOA report', `/report/${KNOWN_LSOA}`], ['ward report', `/report/${ward.code}`]];
  for (const size of [DESKTOP, PHONE]) {
    await check(`axe: 0 violations on the main page, /embed and /report/* at ${size.width}×${size.height}`, async () => {
      const p = await context.newPage();
      await p.setViewportSize(size);
      const found = [];
      for (const [label, path] of pages) {
        await p.goto(`${env.base}${path}`);
        if (!path.startsWith('/report')) {
          await ready(p);
          await p.waitForSelector('#profile-title');
          await settle(p);
        }
        await injectAxe(p);
        const v = await p.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } });
          return r.violations.map((x) => `${x.id} (${x.impact}, ${x.nodes.length}): ${x.nodes.slice(0, 2).map((n) => n.target.join(' ')).join('; ')}`);
        });
        found.push(...v.map((x) => `${label}: ${x}`));
      }
      await p.close();
      assert(!found.length, found.join('\n'));
    });
  }
}
