// A minimal Mapbox Vector Tile 2.1 decoder: enough to rebuild one feature's geometry for a
// GeoJSON download (MapLibre keeps its own decoder inside its worker, out of reach).

/** Reads protobuf wire format from a Uint8Array. */
class Reader {
  constructor(buf, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }
  varint() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  }
  svarint() {
    const n = this.varint();
    return n % 2 === 1 ? -(n + 1) / 2 : n / 2;
  }
  bytes() {
    const len = this.varint();
    const start = this.pos;
    this.pos += len;
    return [start, this.pos];
  }
  string() {
    const [s, e] = this.bytes();
    return new TextDecoder().decode(this.buf.subarray(s, e));
  }
  skip(wire) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.pos = this.bytes()[1];
    else if (wire === 5) this.pos += 4;
    else throw new Error(`mvt: unsupported wire type ${wire}`);
  }
  *fields() {
    while (this.pos < this.end) {
      const key = this.varint();
      yield [key >> 3, key & 7];
    }
  }
}

function decodeValue(buf, start, end) {
  const r = new Reader(buf, start, end);
  let value = null;
  for (const [tag, wire] of r.fields()) {
    if (tag === 1) value = r.string();
    else if (tag === 2) { value = new DataView(buf.buffer, buf.byteOffset + r.pos, 4).getFloat32(0, true); r.pos += 4; }
    else if (tag === 3) { value = new DataView(buf.buffer, buf.byteOffset + r.pos, 8).getFloat64(0, true); r.pos += 8; }
    else if (tag === 4 || tag === 5) value = r.varint();
    else if (tag === 6) value = r.svarint();
    else if (tag === 7) value = r.varint() === 1;
    else r.skip(wire);
  }
  return value;
}

function packed(r) {
  const [s, e] = r.bytes();
  const sub = new Reader(r.buf, s, e);
  const out = [];
  while (sub.pos < sub.end) out.push(sub.varint());
  return out;
}

/** Decodes the geometry commands into rings/lines/points in tile coordinates (MVT spec 4.3). */
function decodeGeometry(cmds) {
  const parts = [];
  let current = null;
  let x = 0;
  let y = 0;
  let i = 0;
  while (i < cmds.length) {
    const cmd = cmds[i] & 7;
    const count = cmds[i] >> 3;
    i++;
    if (cmd === 7) {
      if (current && current.length) current.push([current[0][0], current[0][1]]);
      continue;
    }
    for (let k = 0; k < count; k++) {
      const dx = cmds[i++];
      const dy = cmds[i++];
      x += dx % 2 === 1 ? -(dx + 1) / 2 : dx / 2;
      y += dy % 2 === 1 ? -(dy + 1) / 2 : dy / 2;
      if (cmd === 1) {
        current = [];
        parts.push(current);
      }
      current.push([x, y]);
    }
  }
  return parts;
}

function signedArea(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[i][1] + ring[j][1]);
  }
  return sum;
}

/**
 * Decodes a tile into {layerName: [{id, properties, type, parts, extent}]}.
 * @param {ArrayBuffer|Uint8Array} data the (already gunzipped) tile bytes
 */
export function decodeTile(data) {
  const buf = data instanceof Uint8Array ? data : new Uint8Array(data);
  const r = new Reader(buf);
  const layers = {};
  for (const [tag, wire] of r.fields()) {
    if (tag !== 3) { r.skip(wire); continue; }
    const [ls, le] = r.bytes();
    const lr = new Reader(buf, ls, le);
    let name = '';
    let extent = 4096;
    const keys = [];
    const values = [];
    const rawFeatures = [];
    for (const [lt, lw] of lr.fields()) {
      if (lt === 1) name = lr.string();
      else if (lt === 3) keys.push(lr.string());
      else if (lt === 4) { const [vs, ve] = lr.bytes(); values.push(decodeValue(buf, vs, ve)); }
      else if (lt === 5) extent = lr.varint();
      else if (lt === 2) rawFeatures.push(lr.bytes());
      else lr.skip(lw);
    }
    layers[name] = rawFeatures.map(([fs, fe]) => {
      const fr = new Reader(buf, fs, fe);
      const f = { id: undefined, properties: {}, type: 0, parts: [], extent };
      for (const [ft, fw] of fr.fields()) {
        if (ft === 1) f.id = fr.varint();
        else if (ft === 2) {
          const tags = packed(fr);
          for (let k = 0; k + 1 < tags.length; k += 2) f.properties[keys[tags[k]]] = values[tags[k + 1]];
        } else if (ft === 3) f.type = fr.varint();
        else if (ft === 4) f.parts = decodeGeometry(packed(fr));
        else fr.skip(fw);
      }
      return f;
    });
  }
  return layers;
}

/** Tile coordinates → [lon, lat] for tile z/x/y. */
function toLonLat(z, x, y, extent) {
  const size = extent * 2 ** z;
  const x0 = extent * x;
  const y0 = extent * y;
  return ([px, py]) => {
    const lon = ((px + x0) * 360) / size - 180;
    const y2 = 180 - ((py + y0) * 360) / size;
    const lat = (360 / Math.PI) * Math.atan(Math.exp((y2 * Math.PI) / 180)) - 90;
    return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  };
}

/** Sutherland–Hodgman: clips a closed ring (tile coordinates) to the square [lo, hi]². */
export function clipRing(ring, lo, hi) {
  let out = ring.slice(0, -1);
  const edges = [
    [(p) => p[0] >= lo, (a, b) => [lo, a[1] + ((b[1] - a[1]) * (lo - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= hi, (a, b) => [hi, a[1] + ((b[1] - a[1]) * (hi - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= lo, (a, b) => [a[0] + ((b[0] - a[0]) * (lo - a[1])) / (b[1] - a[1]), lo]],
    [(p) => p[1] <= hi, (a, b) => [a[0] + ((b[0] - a[0]) * (hi - a[1])) / (b[1] - a[1]), hi]],
  ];
  for (const [inside, cut] of edges) {
    if (!out.length) break;
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) {
        out.push(cut(prev, cur));
      }
    }
  }
  if (out.length < 3) return null;
  out.push([out[0][0], out[0][1]]);
  return out;
}

/**
 * Polygons of a decoded polygon feature in WGS84: [[outer, ...holes], ...]. With `clip`, rings
 * are cut to the tile's own square (dropping the buffer), so pieces from neighbouring tiles
 * meet edge to edge instead of overlapping.
 */
export function featurePolygons(feature, z, x, y, { clip = false } = {}) {
  const project = toLonLat(z, x, y, feature.extent);
  const polygons = [];
  // Exterior rings are clockwise in tile space (y down): positive signed area with this formula.
  for (const raw of feature.parts) {
    const area = signedArea(raw);
    if (area === 0) continue;
    const ring = clip ? clipRing(raw, 0, feature.extent) : raw;
    if (!ring) continue;
    const lonlat = ring.map(project);
    if (area > 0 || polygons.length === 0) polygons.push([lonlat]);
    else polygons[polygons.length - 1].push(lonlat);
  }
  return polygons;
}

/** A decoded feature as a GeoJSON geometry in WGS84 (polygons grouped by winding, spec 4.3.4). */
export function featureToGeometry(feature, z, x, y) {
  const project = toLonLat(z, x, y, feature.extent);
  if (feature.type === 1) {
    const pts = feature.parts.flat().map(project);
    return pts.length === 1 ? { type: 'Point', coordinates: pts[0] } : { type: 'MultiPoint', coordinates: pts };
  }
  if (feature.type === 2) {
    const lines = feature.parts.map((p) => p.map(project));
    return lines.length === 1 ? { type: 'LineString', coordinates: lines[0] } : { type: 'MultiLineString', coordinates: lines };
  }
  return polygonsToGeometry(featurePolygons(feature, z, x, y));
}

export function polygonsToGeometry(polygons) {
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/** Tile x/y containing lon/lat at zoom z. */
export function tileFor(lon, lat, z) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}
