// Browser checks of the access tiers (docs/access.md): what an anonymous visitor sees of the
// partner-only layers and analyses (data/westmids.json reserves street-level incidents, services
// and school exclusion counts to partners), and the notice on a partner's view. The main context
// is a partner's (run.mjs); these checks stop sending its token for the anonymous part.
import { env, apiAnonymous, assert, check, ready, watch } from './lib.mjs';

async function openAs(context, label, hash) {
  const p = await context.newPage();
  const problems = watch(p, label);
  await p.goto(`${env.base}/${hash}`);
  await ready(p);
  return { p, problems };
}

export async function tierChecks({ context }) {
  await check('anonymous visitor: partner-only layers are marked, no panel breaks', async () => {
    env.anonymous = true;
    try {
      const catalog = await apiAnonymous('/catalog');
      const ids = catalog.layers.map((l) => l.id);
      assert(catalog.withheld === true && !ids.includes('services') && !ids.includes('incidents_2011') && ids.includes('schools'),
        `anonymous catalog: withheld ${catalog.withheld}, layers ${ids}`);
      const { p, problems } = await openAs(context, 'anonymous', '#lyr=wards,schools,services,incidents_2011');
      for (const layer of ['services', 'incidents_2011']) {
        const box = p.locator(`#layers input[value=${layer}]`);
        assert(await box.isDisabled() && !(await box.isChecked()), `${layer}: the box is usable`);
        const note = await p.textContent(`.layer-absent[data-layer=${layer}]`);
        assert(/partner-only: sign in/i.test(note || ''), `${layer}: note "${note}"`);
      }
      assert(await p.locator('#layers input[value=schools]').isEnabled(), 'the public schools layer is disabled');
      const layers = await p.evaluate(() => window.snamap.state.layers);
      assert(!layers.includes('services') && !layers.includes('incidents_2011'), `state layers ${layers}`);
      await p.click('#schools-group summary');
      const note = await p.textContent('[data-testid=schools-reserved]', { timeout: 20000 });
      assert(/partner sign-in needed/i.test(note), `priority panel: "${note}"`);
      assert(await p.isHidden('#reserved-banner'), 'the partner-only banner shows on a public view');
      await p.close();
      assert(!problems.length, problems.join('\n'));

      const embed = await context.newPage();
      const res = await embed.goto(`${env.base}/embed?i=imd25_score&lyr=wards,services`);
      assert(res.status() === 403, `anonymous embed of the services layer: HTTP ${res.status()}`);
      const text = await embed.textContent('main');
      assert(/layer 'services'/.test(text) && /'partner'/.test(text) && /sign in/i.test(text), `refusal page: ${text}`);
      await embed.close();
    } finally {
      env.anonymous = false;
    }
  });

  await check('partner: the layers are on and the view says it includes partner-only data', async () => {
    const { p, problems } = await openAs(context, 'partner', '#lyr=wards,services');
    assert(await p.locator('#layers input[value=services]').isChecked(), 'the services layer is off');
    assert(await p.isVisible('#reserved-banner'), 'no partner-only banner on a view with the services layer');
    assert(/partner-only data/i.test(await p.textContent('#reserved-banner')), 'banner text');
    await p.close();
    const embed = await context.newPage();
    const embedProblems = watch(embed, 'partner embed');
    await embed.goto(`${env.base}/embed?i=imd25_score&lyr=wards,services`);
    await ready(embed);
    assert(await embed.isVisible('#reserved-banner'), 'no partner-only banner on the partner embed');
    await embed.close();
    assert(!problems.length && !embedProblems.length, [...problems, ...embedProblems].join('\n'));
  });
}
