#!/usr/bin/env node
// Copies the browser builds of the npm dependencies into web/vendor/ (git-ignored), so the
// client is served from our own origin with no CDN at run time. Run by `npm run vendor`
// after `npm ci`.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(webDir, '..');
const vendor = join(webDir, 'vendor');

const packages = [
  {
    name: 'maplibre-gl',
    // maplibre-gl.mjs loads maplibre-gl-worker.mjs from its own directory (import.meta.url).
    files: ['dist/maplibre-gl.mjs', 'dist/maplibre-gl-worker.mjs', 'dist/maplibre-gl-shared.mjs',
      'dist/maplibre-gl.css', 'LICENSE.txt'],
  },
  {
    // Map labels: MapLibre draws glyphs from these font files (the style's `font-faces`), so no
    // glyph PBFs are needed and nothing is fetched from elsewhere. SIL Open Font License 1.1.
    name: '@fontsource/noto-sans',
    to: 'fonts',
    files: ['files/noto-sans-latin-400-normal.woff2', 'files/noto-sans-latin-ext-400-normal.woff2',
      'files/noto-sans-latin-700-normal.woff2', 'files/noto-sans-latin-ext-700-normal.woff2', 'LICENSE'],
  },
  {
    // Static tile archives (server config `pmtiles_urls`): the PMTiles reader and its MapLibre
    // protocol. The package's ES build imports `fflate` by bare name, which a browser cannot
    // resolve without a bundler; its browser build is a classic script defining `pmtiles`, so
    // pmtiles.mjs is that script plus an export line. BSD-3-Clause.
    name: 'pmtiles',
    files: [],
    esmWrapper: { from: 'dist/pmtiles.js', to: 'pmtiles.mjs', exports: 'export const { Protocol, PMTiles } = pmtiles;' },
  },
];

rmSync(vendor, { recursive: true, force: true });
const manifest = {};
for (const pkg of packages) {
  const from = join(root, 'node_modules', pkg.name);
  if (!existsSync(from)) {
    console.error(`vendor: ${from} is missing; run 'npm ci' first`);
    process.exit(1);
  }
  const { version } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  const to = join(vendor, pkg.to || pkg.name);
  mkdirSync(to, { recursive: true });
  for (const file of pkg.files) {
    const src = join(from, file);
    if (!existsSync(src)) {
      console.error(`vendor: ${pkg.name}@${version} has no ${file}`);
      process.exit(1);
    }
    copyFileSync(src, join(to, file.split('/').pop()));
  }
  if (pkg.esmWrapper) {
    const { from: script, to: name, exports } = pkg.esmWrapper;
    const text = readFileSync(join(from, script), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
    writeFileSync(join(to, name), `${text}\n${exports}\n`);
  }
  manifest[pkg.name] = version;
  console.log(`vendor: ${pkg.name}@${version} → ${to}`);
}
writeFileSync(join(vendor, 'versions.json'), `${JSON.stringify(manifest, null, 2)}\n`);
