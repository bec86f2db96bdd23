#!/usr/bin/env node
// Reads an exported PMTiles archive with the `pmtiles` npm package (the reader MapLibre sites
// use) and compares tiles with what a running `snamap serve` answers over real HTTP.
// Usage: pmtiles_reader.mjs FILE LAYER MINZOOM MAXZOOM BASE_URL Z/X/Y...
// Exits non-zero with a message on the first mismatch.
import { openSync, readSync, closeSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { PMTiles } from 'pmtiles';

const [file, layer, minZoom, maxZoom, base, ...tiles] = process.argv.slice(2);

/** A pmtiles Source over a local file; remembers the last bytes read (a tile's, after getZxy). */
class FileBytes {
  constructor(path) { this.fd = openSync(path, 'r'); this.last = null; }
  getKey() { return file; }
  async getBytes(offset, length) {
    const buffer = Buffer.alloc(length);
    const n = readSync(this.fd, buffer, 0, length, offset);
    this.last = buffer.subarray(0, n);
    return { data: this.last.buffer.slice(this.last.byteOffset, this.last.byteOffset + n) };
  }
}

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function expect(condition, message) {
  if (!condition) fail(message);
  console.log(`ok  ${message}`);
}

/** The raw response body (no decompression) and status. */
function fetchRaw(url) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const source = new FileBytes(file);
const archive = new PMTiles(source);
const header = await archive.getHeader();
expect(header.specVersion === 3, 'spec version 3');
expect(header.tileType === 1, 'tile type MVT');
expect(header.tileCompression === 2, 'tiles gzip-compressed, as the server sends them');
expect(header.internalCompression === 2, 'directories gzip-compressed');
expect(header.clustered === true, 'clustered');
expect(header.minZoom === Number(minZoom) && header.maxZoom === Number(maxZoom), `zooms ${minZoom}-${maxZoom}`);
expect(header.numAddressedTiles > 0 && header.numTileContents <= header.numAddressedTiles, `${header.numAddressedTiles} tiles, ${header.numTileContents} distinct`);
expect(header.minLon < header.centerLon && header.centerLon < header.maxLon, 'centre inside the bounds');
const meta = await archive.getMetadata();
expect(meta.vector_layers?.[0]?.id === layer, `vector_layers[0].id is ${layer}`);
expect(Object.keys(meta.vector_layers[0].fields || {}).includes('code'), 'vector_layers fields name "code"');
expect(typeof meta.attribution === 'string' && meta.attribution.length > 0, 'attribution present');

for (const zxy of tiles) {
  const [z, x, y] = zxy.split('/').map(Number);
  const tile = await archive.getZxy(z, x, y);
  const raw = source.last;
  const served = await fetchRaw(`${base}/tiles/${layer}/${z}/${x}/${y}.mvt`);
  if (!tile) {
    expect(served.status === 204, `${zxy}: not in the archive, and the server answers 204`);
    continue;
  }
  expect(served.status === 200 && served.headers['content-encoding'] === 'gzip', `${zxy}: served gzip`);
  expect(Buffer.compare(raw, served.body) === 0, `${zxy}: archive bytes = served bytes (${raw.length} B gzip)`);
  const decoded = Buffer.from(tile.data);
  expect(Buffer.compare(decoded, gunzipSync(served.body)) === 0, `${zxy}: pmtiles' decompressed tile = served MVT (${decoded.length} B)`);
}
closeSync(source.fd);
console.log(`pmtiles reader: ${tiles.length} tiles checked`);
