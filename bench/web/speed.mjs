#!/usr/bin/env node
// Speed of the client as a person meets it (figures, not a test): two client+server pairs side
// by side, round after round with the order alternating. Each load is a fresh headless Chromium
// profile (empty cache) at 1440×900 that opens `/` and records, from navigation start:
//   first paint     — the first-contentful-paint entry;
//   app ready       — window.snamap.ready resolved (picker, legend and first indicator set up);
//   coloured map    — the first map 'idle' after that: the choropleth drawn, every tile in;
// then clicks central Birmingham on the map and records
//   profile open    — click → the area's profile showing its value (#profile [data-testid=
//                     profile-value], visible).
// Times are taken inside the page (performance.now(), a MutationObserver for the profile), so the
// driver's polling adds nothing. Both servers are started on 127.0.0.1:0 and stopped by PID.
//
//   node bench/web/speed.mjs NEW_BINARY NEW_DB NEW_WEB OLD_BINARY OLD_DB OLD_WEB [ROUNDS]
//
// An *old* client must expose window.snamap {ready, idle()} as this one does (it has since the
// client was split into modules). Prints one JSON line per load and a table of medians.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../../tests/web/lib.mjs';

const [newBinary, newDb, newWeb, oldBinary, oldDb, oldWeb, roundsArg] = process.argv.slice(2);
if (!oldWeb) {
  console.error('usage: node bench/web/speed.mjs NEW_BINARY NEW_DB NEW_WEB OLD_BINARY OLD_DB OLD_WEB [ROUNDS]');
  process.exit(2);
}
const rounds = Number(roundsArg || 5);

function serve(binary, db, web) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['serve', db, '--host', '127.0.0.1', '--port', '0', '--web', web], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGTERM'); reject(new Error(`${binary} did not start`)); }, 120000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && /serving/.test(out)) { clearTimeout(timer); resolve({ child, base: m[1] }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${binary} exited (${code})`)); });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

// Runs in the page before its own scripts: marks the moments measured.
function instrument() {
  const marks = (window.__speed = {});
  const poll = () => {
    if (window.snamap && window.snamap.ready && !marks.hooked) {
      marks.hooked = true;
      window.snamap.ready.then(() => {
        marks.ready = performance.now();
        return window.snamap.idle();
      }).then(() => { marks.coloured = performance.now(); });
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  document.addEventListener('click', () => { marks.click = performance.now(); delete marks.profile; }, true);
  new MutationObserver(() => {
    if (marks.click === undefined || marks.profile !== undefined) return;
    const panel = document.querySelector('#profile');
    if (panel && !panel.hidden && panel.querySelector('[data-testid=profile-value]')) marks.profile = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
}

async function load(base) {
  const dir = mkdtempSync(join(tmpdir(), 'snamap-speed-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1440, height: 900 },
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.addInitScript(instrument);
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.__speed.coloured !== undefined, null, { timeout: 120000 });
    // Central Birmingham (an LSOA in every vintage), wherever each client's first view puts it.
    const box = await page.locator('#map').boundingBox();
    const at = await page.evaluate(() => window.snamap.map.project([-1.8904, 52.4796]));
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForFunction(() => window.__speed.profile !== undefined, null, { timeout: 60000 });
    return await page.evaluate(() => {
      const m = window.__speed;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { first_paint_ms: fcp ? fcp.startTime : null, ready_ms: m.ready, coloured_ms: m.coloured, profile_ms: m.profile - m.click };
    });
  } finally {
    await context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const { readFileSync } = await import('node:fs');
const load1 = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const servers = {
  new: await serve(newBinary, newDb, newWeb),
  old: await serve(oldBinary, oldDb, oldWeb),
};
const results = { new: [], old: [] };
try {
  for (let round = 1; round <= rounds; round += 1) {
    const order = round % 2 ? ['new', 'old'] : ['old', 'new'];
    for (const which of order) {
      const r = await load(servers[which].base);
      results[which].push(r);
      console.log(JSON.stringify({ round, client: which, ...r, load: load1() }));
    }
  }
} finally {
  await stop(servers.new.child);
  await stop(servers.old.child);
}
const keys = ['first_paint_ms', 'ready_ms', 'coloured_ms', 'profile_ms'];
console.log(`median of ${rounds} loads   ${keys.map((k) => k.padStart(15)).join('')}`);
for (const which of ['old', 'new']) {
  console.log(`${which.padEnd(22)}${keys.map((k) => median(results[which].map((r) => r[k])).toFixed(0).padStart(15)).join('')}`);
}
