// Downloads: CSV and XLSX of the mapped indicator (the server's tidy export, with provenance on
// every row; the workbook adds Indicators and Sources sheets) for the boroughs in view or the
// selected area, and GeoJSON of the selected area with its values and citations. Geometry comes
// from the vector tiles (simplified for that zoom).
import { apiUrl, getJson, getText } from './api.js';
import { parseCsv, toCsv } from './csv.js';
import { decodeTile, featurePolygons, polygonsToGeometry, tileFor } from './mvt.js';
import { setPlural } from './format.js';
import { COMPOSITE, permalink } from './state.js';
import { isBoroughSet, isRegionSet } from './geography.js';

/** Longest /api/export.xlsx URL sent with an area list: the server refuses request heads over 8 KB. */
const MAX_EXPORT_URL = 6500;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function save(data, filename, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function slug(s) {
  return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

export class Downloads {
  constructor(app) {
    this.app = app;
  }

  exportParams(la) {
    const cur = this.app.current;
    return { set: cur.sourceSet || cur.set, indicators: cur.id, period: cur.period || undefined, la };
  }

  /** Concatenates per-borough exports under one header. */
  async fetchExport(las) {
    // fetch().text() drops the byte-order mark; put it back so spreadsheets read UTF-8.
    if (!las) return `\ufeff${(await getText('/api/export.csv', this.exportParams())).replace(/^\ufeff/, '')}`;
    const parts = await Promise.all(las.map((la) => getText('/api/export.csv', this.exportParams(la))));
    return parts.map((t, i) => {
      const body = t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
      if (i === 0) return `\ufeff${body}`;
      return body.slice(body.indexOf('\n') + 1);
    }).join('');
  }

  /** CSV of the mapped indicator: the borough filter, else the boroughs with areas in view. */
  async csvCurrent() {
    const app = this.app;
    const cur = app.current;
    if (!cur) return null;
    if (app.state.indicator === COMPOSITE) return this.csvComposite();
    if (cur.aggregated) return this.csvAggregated();
    const las = app.state.la ? [app.state.la] : app.visibleBoroughs();
    const text = await this.fetchExport(las);
    const scope = las ? las.map((c) => app.boroughName(c)).join('-') : 'all';
    const filename = `snamap-${cur.id}-${cur.set}-${slug(scope)}-${cur.period || 'default'}.csv`;
    save(text, filename, 'text/csv;charset=utf-8');
    app.announce(`Downloaded ${filename}${las ? ` (${las.length} borough${las.length === 1 ? '' : 's'} in view)` : ''}.`);
    return { filename, text, las };
  }

  /** CSV of the mapped indicator for the selected area (or the LSOAs inside a selected ward/borough). */
  async csvForSelection() {
    const app = this.app;
    const area = app.profile.area;
    const cur = app.current;
    if (!area || !cur) return null;
    if (app.state.indicator === COMPOSITE) return this.csvComposite([area.code]);
    if (cur.aggregated && cur.set === area.set) return this.csvAggregated([area.code]);
    let codes;
    if (area.set === (cur.sourceSet || cur.set)) codes = new Set([area.code]);
    else {
      const agg = await app.data.aggregateWithin(area);
      codes = new Set((agg?.rows || []).map((r) => r.code));
    }
    const borough = area.borough?.code || (isBoroughSet(area.set) ? area.code : undefined);
    const text = await getText('/api/export.csv', this.exportParams(isRegionSet(cur.set) ? undefined : borough));
    const rows = parseCsv(text);
    const header = rows[0];
    const col = header.indexOf('area_code');
    const kept = rows.slice(1).filter((r) => codes.has(r[col]));
    const out = toCsv([header, ...kept]);
    const filename = `snamap-${cur.id}-${slug(area.name)}-${cur.period || 'default'}.csv`;
    save(out, filename, 'text/csv;charset=utf-8');
    app.announce(`Downloaded ${filename} (${kept.length} row${kept.length === 1 ? '' : 's'}).`);
    return { filename, text: out };
  }

  /** An indicator aggregated to wards/boroughs by /api/aggregate, as a tidy CSV with provenance. */
  async csvAggregated(onlyCodes) {
    const app = this.app;
    const cur = app.current;
    const c = cur.meta.citation || {};
    const header = ['area_code', 'area_name', 'area_set', 'indicator_id', 'indicator', 'period', 'value', 'unit', 'method',
      'areas', 'source_set', 'dataset', 'publisher', 'licence', 'attribution', 'data_version'];
    const rows = [...cur.byCode.entries()].filter(([code]) => !onlyCodes || onlyCodes.includes(code))
      .map(([code, r]) => [code, r.name || '', cur.set, cur.id, cur.meta.title, cur.period || '', r.v ?? '', cur.meta.unit,
        r.method || '', r.areas ?? '', cur.sourceSet, c.dataset || '', c.publisher || '', c.licence || '', c.attribution || '', app.dataVersion]);
    const filename = `snamap-${cur.id}-${cur.set}${onlyCodes ? `-${slug(onlyCodes[0])}` : ''}-${cur.period || 'default'}.csv`;
    const text = toCsv([header, ...rows]);
    save(text, filename, 'text/csv;charset=utf-8');
    app.announce(`Downloaded ${filename}.`);
    return { filename, text };
  }

  /** The composite as a tidy CSV made in the browser, with the method and weights on every row. */
  async csvComposite(onlyCodes) {
    const app = this.app;
    const cur = app.current;
    const names = await app.data.namesFor(cur.set);
    const header = ['area_code', 'area_name', 'area_set', 'composite_score', 'rank', 'decile', ...cur.components.map((c) => `${c.id}_value`),
      'weights', 'method', 'source', 'data_version', 'permalink'];
    const link = permalink(app.state);
    const rows = [...cur.byCode.entries()]
      .filter(([code]) => !onlyCodes || onlyCodes.includes(code))
      .sort((a, b) => (a[1].r ?? 1e9) - (b[1].r ?? 1e9))
      .map(([code, r]) => [code, names.get(code) || '', cur.set, r.v, r.r ?? '', r.d ?? '',
        ...cur.components.map((c) => c.byCode.get(code)?.v ?? ''), cur.weightsSpec, cur.note, cur.source, app.dataVersion, link]);
    const filename = `snamap-composite-${cur.set}${onlyCodes ? `-${slug(onlyCodes[0])}` : ''}.csv`;
    const text = toCsv([header, ...rows]);
    save(text, filename, 'text/csv;charset=utf-8');
    app.announce(`Downloaded ${filename}.`);
    return { filename, text };
  }

  /**
   * What an XLSX export covers: the indicator(s) on their published geography (the components of
   * the composite; the published areas under a server aggregate) and the same areas as the CSV
   * download — the borough filter, the boroughs in view, or (onlySelection) the selected area.
   * @returns {{params: object, scope: string, note: string}}
   */
  async xlsxQuery({ onlySelection = false } = {}) {
    const app = this.app;
    const cur = app.current;
    const composite = app.state.indicator === COMPOSITE;
    const set = composite ? cur.set : cur.sourceSet || cur.set;
    const ids = composite ? cur.components.filter((c) => c.weight > 0).map((c) => c.id) : [cur.id];
    const params = { set, indicators: ids.join(','), period: composite ? undefined : cur.period || undefined };
    const notes = [];
    if (composite) notes.push('the composite’s component indicators (the index itself is in the CSV)');
    else if (cur.aggregated) notes.push(`the ${setPlural[set] || set} the ${setPlural[cur.set] || cur.set} are aggregated from`);
    if (onlySelection) {
      const area = app.profile.area;
      if (!area) return null;
      if (area.set === set) return { params: { ...params, areas: area.code }, scope: area.name, notes };
      if (isBoroughSet(area.set)) return { params: { ...params, la: area.code }, scope: area.name, notes };
      const agg = await app.data.aggregateWithin(area);
      const codes = (agg?.rows || []).map((r) => r.code);
      if (!codes.length) throw new Error(`no ${setPlural[set] || set} found inside ${area.name}; zoom to it and try again`);
      return this.withAreas(params, codes, area.name, notes);
    }
    if (isRegionSet(set)) return { params, scope: 'all', notes };
    const las = app.state.la ? [app.state.la] : app.visibleBoroughs();
    if (!las) return { params, scope: 'all', notes };
    const scope = las.map((c) => app.boroughName(c)).join('-');
    // The export takes a list of boroughs, so the boroughs in view make one short request.
    return { params: { ...params, la: las.join(',') }, scope, notes };
  }

  /** Whether an export URL listing these areas stays under the server's request-head limit. */
  fits(params, codes) {
    return apiUrl('/api/export.xlsx', { ...params, areas: codes.join(',') }).href.length <= MAX_EXPORT_URL;
  }

  withAreas(params, codes, scope, notes) {
    if (this.fits(params, codes)) return { params: { ...params, areas: codes.join(',') }, scope, notes };
    throw new Error(`${scope} holds ${codes.length} areas, too many for one request; filter by its borough instead`);
  }

  /** XLSX from /api/export.xlsx (sheets Data, Indicators, Sources) for the view or the selection. */
  async xlsx({ onlySelection = false } = {}) {
    const app = this.app;
    const cur = app.current;
    if (!cur) return null;
    const q = await this.xlsxQuery({ onlySelection });
    if (!q) return null;
    const url = apiUrl('/api/export.xlsx', q.params);
    const res = await fetch(url);
    if (!res.ok) {
      let detail = '';
      try { detail = (await res.json()).detail || ''; } catch { /* not JSON */ }
      throw new Error(`${res.status} from /api/export.xlsx${detail ? `: ${detail}` : ''}`);
    }
    const blob = await res.blob();
    const what = app.state.indicator === COMPOSITE ? 'composite' : cur.id;
    const filename = `snamap-${what}-${q.params.set}-${slug(q.scope)}-${cur.period || 'default'}-${app.dataVersion}.xlsx`;
    save(new Blob([blob], { type: XLSX_TYPE }), filename, XLSX_TYPE);
    app.announce(`Downloaded ${filename}${q.notes.length ? `: ${q.notes.join('; ')}` : ''}. Sheets: Data, Indicators, Sources.`);
    return { filename, url: url.href, notes: q.notes };
  }

  /** The area's polygon rebuilt from one vector tile (or clipped pieces of a few). */
  async areaGeometry(area) {
    const layer = this.app.catalog.layers.find((l) => l.id === area.set);
    const tj = await getJson(new URL(layer.tilejson).pathname);
    const [w, s, e, n] = area.bbox;
    const maxz = Math.min(tj.maxzoom ?? 14, 14);
    const minz = tj.minzoom ?? 0;
    const fetchTile = async (z, x, y) => {
      const url = tj.tiles[0].replace('{z}', z).replace('{x}', x).replace('{y}', y);
      const res = await fetch(url);
      if (res.status === 204) return [];
      if (!res.ok) throw new Error(`tile ${z}/${x}/${y}: ${res.status}`);
      const layers = decodeTile(new Uint8Array(await res.arrayBuffer()));
      return (layers[area.set] || []).filter((f) => f.id === area.fid || f.properties.code === area.code);
    };
    // The highest zoom (≤ 14) at which the whole area sits in one tile: an exact, unclipped polygon.
    for (let z = maxz; z >= minz; z--) {
      const [x0, y0] = tileFor(w, n, z);
      const [x1, y1] = tileFor(e, s, z);
      if (x0 === x1 && y0 === y1) {
        const fs = await fetchTile(z, x0, y0);
        if (fs.length) return { geometry: polygonsToGeometry(featurePolygons(fs[0], z, x0, y0)), zoom: z, tiles: 1 };
      }
    }
    // Straddles a tile edge even at the layer's lowest zoom: clip pieces to their tiles.
    let z = minz;
    while (z < maxz) {
      const [x0, y0] = tileFor(w, n, z + 1);
      const [x1, y1] = tileFor(e, s, z + 1);
      if ((x1 - x0 + 1) * (y1 - y0 + 1) > 4) break;
      z++;
    }
    const [x0, y0] = tileFor(w, n, z);
    const [x1, y1] = tileFor(e, s, z);
    const polygons = [];
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        for (const f of await fetchTile(z, x, y)) polygons.push(...featurePolygons(f, z, x, y, { clip: true }));
      }
    }
    if (!polygons.length) throw new Error(`no geometry for ${area.code} in the ${area.set} tiles`);
    return { geometry: polygonsToGeometry(polygons), zoom: z, tiles: (x1 - x0 + 1) * (y1 - y0 + 1) };
  }

  citationsFor(ids) {
    const out = new Map();
    for (const id of ids) {
      const c = this.app.indicators.get(id)?.citation;
      if (c && !out.has(c.dataset || c.title)) out.set(c.dataset || c.title, c);
    }
    return [...out.values()];
  }

  /** GeoJSON FeatureCollection of the selected area with values, comparators and citations. */
  async geojsonForSelection() {
    const app = this.app;
    const area = app.profile.area;
    if (!area) return null;
    const { geometry, zoom, tiles } = await this.areaGeometry(area);
    const cur = app.current;
    const indicators = (area.indicators || []).map((i) => ({
      id: i.id, title: i.title, value: i.value, unit: i.unit, period: i.period, flag: i.flag || null,
      national_rank: i.national_rank, national_decile: i.national_decile,
      borough_value: i.borough?.value ?? null, borough_method: i.borough?.method ?? null,
      region_value: i.region?.value ?? null, region_method: i.region?.method ?? null,
      dataset: i.dataset,
    }));
    const mapped = cur && cur.set === area.set ? {
      id: cur.id, title: cur.meta.title, period: cur.period, value: cur.byCode.get(area.code)?.v ?? null,
      ...(cur.kind === 'composite' ? { weights: cur.weightsSpec, method: cur.note } : {}),
    } : null;
    const ids = indicators.map((i) => i.id);
    if (cur?.kind === 'composite') ids.push(...cur.components.map((c) => c.id));
    else if (cur) ids.push(cur.id);
    const citations = this.citationsFor(ids);
    const feature = {
      type: 'Feature',
      id: area.fid,
      geometry,
      properties: {
        code: area.code, name: area.name, set: area.set,
        borough_code: area.borough?.code ?? null, borough_name: area.borough?.name ?? null,
        population: area.population ?? null, area_km2: area.area_km2 ?? null,
        mapped_indicator: mapped,
        indicators,
        citations,
        data_version: app.dataVersion,
      },
    };
    const fc = {
      type: 'FeatureCollection',
      metadata: {
        generator: 'snamap web client',
        generated_at: new Date().toISOString(),
        data_version: app.dataVersion,
        permalink: permalink(app.state),
        api: apiUrl(`/api/areas/${encodeURIComponent(area.code)}`, { set: area.set }).href,
        geometry_note: `Boundary rebuilt from the ${area.set} vector tiles at zoom ${zoom} (${tiles === 1 ? 'one tile' : `${tiles} tiles, pieces clipped at tile edges`}); simplified for display, not the authoritative boundary.`,
        citations,
      },
      features: [feature],
    };
    const text = `${JSON.stringify(fc, null, 2)}\n`;
    const filename = `snamap-${slug(area.code)}-${slug(area.name)}.geojson`;
    save(text, filename, 'application/geo+json');
    app.announce(`Downloaded ${filename}.`);
    return { filename, fc };
  }
}
