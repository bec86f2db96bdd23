#!/usr/bin/env node
// Bytes of the client's first view (figures, not a test): starts `snamap serve` on 127.0.0.1:0,
// opens the map page in a fresh headless Chromium profile (empty cache), waits until the app is
// ready and the map idle, and adds up what crossed the network per kind of resource — bytes on
// the wire (Chromium's encodedDataLength: headers and the possibly compressed body) and bytes
// after decoding — from the DevTools protocol. Stops the server by PID.
//
//   node bench/web/first_view.mjs SNAMAP_BINARY DB
//
// Chromium sends Accept-Encoding: gzip, deflate, br, zstd, as users' browsers do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath, ensureVendor, env, ready, startServer, stopServer } from '../../tests/web/lib.mjs';

if (!env.binary || !env.db) {
  console.error('usage: node bench/web/first_view.mjs SNAMAP_BINARY DB');
  process.exit(2);
}

function kindOf(url, mime) {
  if (url.includes('/tiles/') && url.endsWith('.mvt')) return 'tiles';
  if (mime.includes('javascript')) return 'js';
  if (mime.includes('css')) return 'css';
  if (mime.includes('html')) return 'html';
  if (mime.includes('json')) return 'json';
  if (mime.includes('font')) return 'fonts';
  return 'other';
}

async function measure(base) {
  const profile = mkdtempSync(join(tmpdir(), 'snamap-firstview-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1440, height: 900 },
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const requests = new Map();
    cdp.on('Network.responseReceived', (e) => {
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      requests.set(e.requestId, { url: e.response.url, mime: e.response.mimeType || '', coding: h['content-encoding'] || 'identity', decoded: 0, wire: 0 });
    });
    cdp.on('Network.dataReceived', (e) => { const r = requests.get(e.requestId); if (r) r.decoded += e.dataLength; });
    cdp.on('Network.loadingFinished', (e) => { const r = requests.get(e.requestId); if (r) r.wire = e.encodedDataLength; });
    await page.goto(`${base}/`);
    await ready(page);
    await new Promise((r) => setTimeout(r, 500));
    const totals = {};
    for (const r of requests.values()) {
      if (!r.url.startsWith(base)) continue;
      const t = (totals[kindOf(r.url, r.mime)] ??= { requests: 0, wire: 0, decoded: 0, gzip: 0 });
      t.requests += 1;
      t.wire += r.wire;
      t.decoded += r.decoded;
      if (r.coding === 'gzip') t.gzip += 1;
    }
    return totals;
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

ensureVendor();
const { child, base } = await startServer();
try {
  const totals = await measure(base);
  const all = { requests: 0, wire: 0, decoded: 0, gzip: 0 };
  console.log('kind    requests  gzip  wire_bytes  decoded_bytes');
  for (const [kind, t] of Object.entries(totals).sort()) {
    console.log(`${kind.padEnd(8)}${String(t.requests).padStart(8)}${String(t.gzip).padStart(6)}${String(t.wire).padStart(12)}${String(t.decoded).padStart(15)}`);
    for (const k of Object.keys(all)) all[k] += t[k];
  }
  console.log(`${'total'.padEnd(8)}${String(all.requests).padStart(8)}${String(all.gzip).padStart(6)}${String(all.wire).padStart(12)}${String(all.decoded).padStart(15)}`);
  console.log(JSON.stringify({ binary: env.binary, totals, all }));
} finally {
  await stopServer(child);
}
