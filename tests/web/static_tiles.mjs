// Static tiles in the browser: `snamap export-tiles` writes PMTiles archives of the LSOA 2021 and
// borough layers, Debian's nginx serves them (byte ranges) from a temporary folder on another
// 127.0.0.1 port, a second `snamap serve` names them in its config (`pmtiles_urls`), and the map
// draws the choropleth from the archives: coloured areas, the right colour at a known LSOA, and
// no tile of those layers asked of snamap. nginx is started and stopped by PID.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, artifacts, assert, check, expectChoropleth, log, ready, startServer, stopServer, watch } from './lib.mjs';

const NGINX = process.env.NGINX || '/usr/sbin/nginx';
const LAYERS = [['lsoa21', 8, 12], ['lad', 0, 12]];

/** A port free on 127.0.0.1 a moment ago. */
function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function nginxConfig(dir, port) {
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  types { application/vnd.pmtiles pmtiles; }
  log_format ranges '$request_method $uri $status "$http_range"';
  access_log ${dir}/access.log ranges;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    location / {
      add_header Access-Control-Allow-Origin * always;
      add_header Access-Control-Allow-Headers Range always;
      add_header Access-Control-Expose-Headers "ETag, Content-Range, Content-Length" always;
      if ($request_method = OPTIONS) { return 204; }
    }
  }
}
`;
}

/** Starts nginx in the foreground on `port`; resolves once it answers. */
async function startNginx(dir, port) {
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port));
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/lsoa21.pmtiles`, { headers: { Range: 'bytes=0-126' } });
      if (r.status === 206) return child;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`nginx did not answer on port ${port}: ${err}`);
}

function stopNginx(child) {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(timer); res(); });
    process.kill(child.pid, 'SIGTERM');
  });
}

export async function staticTileChecks(ctx) {
  const { context, lsoa, area } = ctx;
  await check('static tiles: the map draws LSOAs from PMTiles archives that nginx serves', async () => {
    assert(existsSync(NGINX), `${NGINX} is missing (apt-get install nginx-light)`);
    const dir = mkdtempSync(join(tmpdir(), 'snamap-static-'));
    let nginx = null;
    let second = null;
    const page = await context.newPage();
    try {
      mkdirSync(join(dir, 'www'));
      for (const [layer, minzoom, maxzoom] of LAYERS) {
        const r = spawnSync(env.binary, ['export-tiles', env.db, '--layer', layer, '--minzoom', String(minzoom),
          '--maxzoom', String(maxzoom), '--quiet', '-o', join(dir, 'www', `${layer}.pmtiles`)], { encoding: 'utf8' });
        assert(r.status === 0, `export-tiles ${layer}: ${r.stderr}`);
      }
      const port = await freePort();
      nginx = await startNginx(dir, port);
      log(`nginx pid ${nginx.pid} at http://127.0.0.1:${port}`);
      const urls = Object.fromEntries(LAYERS.map(([l]) => [l, `http://127.0.0.1:${port}/${l}.pmtiles`]));
      writeFileSync(join(dir, 'server.json'), JSON.stringify({ pmtiles_urls: urls }));
      second = await startServer(['--config', join(dir, 'server.json')]);
      const catalog = await (await fetch(`${second.base}/catalog`)).json();
      assert(catalog.layers.find((l) => l.id === 'lsoa21')?.pmtiles === urls.lsoa21, 'catalog lacks the lsoa21 archive');

      const problems = watch(page, 'static tiles');
      const fromSnamap = [];
      page.on('request', (r) => {
        if (/\/tiles\/(lsoa21|lad)\/\d+\/\d+\/\d+\.mvt/.test(r.url())) fromSnamap.push(r.url());
      });
      await page.goto(`${second.base}/`);
      await ready(page);
      // Zoom 13 is past the archive's z12: MapLibre overzooms the z12 tiles.
      await expectChoropleth(page, lsoa, area);
      const attribution = await page.evaluate(() => document.querySelector('.maplibregl-ctrl-attrib').textContent);
      assert(/Office for National Statistics/.test(attribution), `attribution "${attribution}" lacks the archive's`);
      await page.screenshot({ path: join(artifacts, 'static-tiles.png') });

      assert(fromSnamap.length === 0, `${fromSnamap.length} lsoa21/lad tiles were asked of snamap, e.g. ${fromSnamap[0]}`);
      const ranges = readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter((l) => /^GET \/lsoa21\.pmtiles 206 "bytes=\d+-\d+"$/.test(l));
      assert(ranges.length >= 3, `nginx served ${ranges.length} byte ranges of lsoa21.pmtiles`);
      assert(!problems.length, problems.join('\n'));
    } finally {
      await page.close();
      if (second) await stopServer(second.child);
      if (nginx) {
        await stopNginx(nginx);
        log(`stopped nginx pid ${nginx.pid}`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
