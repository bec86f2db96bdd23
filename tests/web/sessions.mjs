#!/usr/bin/env node
// Browser sessions in the web client (docs/access.md): on a fixture whose "services" point layer
// only partners may see, a signed-out visitor sees the "Sign in" link and no services layer;
// signing in through the server's real form with a token made by `snamap token add` shows
// "Signed in as NAME" and the layer (its points drawn from partner-only tiles); sign-out
// returns to anonymous. Builds the fixture, starts `snamap serve`, stops it by PID.
//
//   node tests/web/sessions.mjs SNAMAP_BINARY
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, artifacts, assert, check, chromiumPath, ensureVendor, env, injectAxe, log, ready, repo, runMain, settle, startServer, stopServer, watch } from './lib.mjs';

const fixture = join(repo, 'tests', 'data', 'session');
const NAME = 'Walsall CSP analyst';

function run(args) {
  const r = spawnSync(env.binary, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`snamap ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
}

/** Builds the fixture database and a partner token; returns the server's extra arguments. */
function prepare(dir) {
  env.db = join(dir, 'session.sqlite');
  run(['build', join(fixture, 'manifest.json'), '--sources', fixture, '-o', env.db]);
  const tokens = join(dir, 'tokens.jsonl');
  const token = run(['token', 'add', '--tokens', tokens, '--name', NAME, '--groups', 'partner']).trim().split('\n').pop();
  assert(token.startsWith('snamap_'), `token add printed ${token}`);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ tokens_file: tokens }));
  return { token, args: ['--config', join(dir, 'config.json')] };
}

/** What the header and the layer list show, and how many service points the map has drawn. */
function view(page) {
  return page.evaluate(() => {
    const shown = (sel) => { const el = document.querySelector(sel); return Boolean(el && el.checkVisibility()); };
    const map = window.snamap.map;
    return {
      signInLink: shown('#sign-in-link'),
      signedIn: shown('#signed-in') ? document.querySelector('#signed-in-name').textContent : null,
      servicesOffered: shown('#layers input[value=services]') && !document.querySelector('#layers input[value=services]').disabled,
      servicesSource: Boolean(map.getSource('services')),
      servicePoints: map.getLayer('pt-services') ? map.queryRenderedFeatures({ layers: ['pt-services'] }).length : 0,
    };
  });
}

async function openMap(page) {
  await page.goto(`${env.base}/`);
  await ready(page);
  await page.evaluate(() => window.snamap.account);
}

async function checks(page, token) {
  await check('signed out: the "Sign in" link and no partner layer', async () => {
    await openMap(page);
    const v = await view(page);
    assert(v.signInLink && v.signedIn === null, `header: ${JSON.stringify(v)}`);
    assert(!v.servicesOffered && !v.servicesSource, `the partner layer is offered: ${JSON.stringify(v)}`);
  });
  await check('sign in through the form: "Signed in as NAME" and the partner layer drawn', async () => {
    await page.click('#sign-in-link');
    await page.waitForURL(/\/signin$/);
    await page.screenshot({ path: join(artifacts, 'signin-page.png') });
    await injectAxe(page);
    const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.help}`));
    assert(!violations.length, `axe on the sign-in page: ${violations.join('; ')}`);
    await page.fill('#token', 'snamap_not-a-real-token');
    await page.click('.signin-form button[type=submit]');
    const refused = await page.textContent('#signin-error');
    assert(/not known/.test(refused), `a wrong token says: ${refused}`);
    await page.fill('#token', token);
    await Promise.all([page.waitForURL(`${env.base}/`), page.click('.signin-form button[type=submit]')]);
    await ready(page);
    await page.evaluate(() => window.snamap.account);
    const cookies = await page.context().cookies(env.base);
    const session = cookies.find((c) => c.name === 'snamap_session');
    assert(session && session.httpOnly && session.sameSite === 'Lax' && !session.value.includes(token.slice(7)), `cookie: ${JSON.stringify(session)}`);
    assert(await page.evaluate(() => !document.cookie.includes('snamap_session')), 'script can read the session cookie');
    let v = await view(page);
    assert(!v.signInLink && v.signedIn === NAME, `header: ${JSON.stringify(v)}`);
    assert(v.servicesOffered && v.servicesSource, `the partner layer is not offered: ${JSON.stringify(v)}`);
    await page.check('#layers input[value=services]');
    await settle(page);
    v = await view(page);
    assert(v.servicePoints >= 1, `no service points drawn: ${JSON.stringify(v)}`);
    await page.screenshot({ path: join(artifacts, 'signed-in-partner-layer.png') });
  });
  await check('sign out: back to anonymous, the partner layer gone', async () => {
    await Promise.all([page.waitForURL(`${env.base}/`), page.click('#sign-out')]);
    await ready(page);
    await page.evaluate(() => window.snamap.account);
    const cookies = await page.context().cookies(env.base);
    assert(!cookies.some((c) => c.name === 'snamap_session'), 'the cookie survived sign-out');
    const v = await view(page);
    assert(v.signInLink && v.signedIn === null && !v.servicesOffered && !v.servicesSource, `after sign-out: ${JSON.stringify(v)}`);
  });
}

/** The form alone, in a browser with script turned off: the cookie is set and the page says who. */
async function withoutScript(browser, token) {
  await check('without script: the form signs in and the page says who is signed in', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${env.base}/signin`);
      await page.fill('#token', token);
      await Promise.all([page.waitForURL(`${env.base}/`), page.click('.signin-form button[type=submit]')]);
      const cookies = await context.cookies(env.base);
      assert(cookies.some((c) => c.name === 'snamap_session' && c.httpOnly), `cookies: ${JSON.stringify(cookies)}`);
      await page.goto(`${env.base}/signin`);
      assert((await page.textContent('#signed-in-name')) === NAME, 'the sign-in page does not say who is signed in');
      await Promise.all([page.waitForURL(`${env.base}/`), page.click('button[type=submit]')]);
      assert(!(await context.cookies(env.base)).some((c) => c.name === 'snamap_session'), 'sign-out left the cookie');
    } finally {
      await context.close();
    }
  });
}

async function main() {
  ensureVendor();
  mkdirSync(artifacts, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'snamap-sessions-'));
  const { token, args } = prepare(dir);
  const { child, base } = await startServer(args);
  env.base = base;
  log(`snamap pid ${child.pid} at ${base}`);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // The wrong token's page is a 401 by design; every other failure counts.
    const problems = watch(page, 'sessions');
    await checks(page, token);
    await check('no page errors or failed requests (besides the refused token)', async () => {
      const real = problems.filter((p) => !/HTTP 401 .*\/signin$/.test(p));
      assert(!real.length, real.join('\n'));
    });
    await withoutScript(browser, token);
  } finally {
    if (browser) await browser.close().catch(() => {});
    await stopServer(child);
    log(`stopped snamap pid ${child.pid}`);
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
