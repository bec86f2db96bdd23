// Frames the embedded map on a catchment (/embed?catchment=ID, docs/api.md): its outline, dashed
// violet on a white halo as /api/map.png draws it, and the view fitted to it unless the URL sets
// one (`map`). Only this page reads `catchment`; the app's state (web/js/state.js) does not.
const params = new URLSearchParams(window.location.search);
const id = params.get('catchment');

function bboxOf(geometry) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0]) {
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

async function appReady() {
  while (!window.snamap) await new Promise((r) => setTimeout(r, 20));
  await window.snamap.ready;
  return window.snamap;
}

async function frame() {
  const [response, snamap] = await Promise.all([
    fetch(`/api/catchments/${encodeURIComponent(id)}`), appReady()]);
  if (!response.ok) throw new Error(`catchment ${id}: HTTP ${response.status}`);
  const feature = await response.json();
  const { map } = snamap;
  map.addSource('catchment', { type: 'geojson', data: feature });
  map.addLayer({ id: 'catchment-halo', type: 'line', source: 'catchment', paint: { 'line-color': '#ffffff', 'line-width': 5.5 } });
  map.addLayer({ id: 'catchment-outline', type: 'line', source: 'catchment', paint: { 'line-color': '#6a3d9a', 'line-width': 3, 'line-dasharray': [3, 1.6] } });
  if (!params.get('map')) snamap.app.mapView.fitBbox(bboxOf(feature.geometry), { animate: false });
  const name = feature.properties?.name;
  if (name) document.title = `${name} — snamap map`;
  document.body.dataset.catchment = feature.id;
}

if (id) {
  frame().catch((err) => {
    console.error(err);
    const el = document.querySelector('#status');
    if (el) el.textContent = `The catchment could not be drawn: ${err.message}`;
  });
}
