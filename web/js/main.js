// Entry point for index.html and embed/index.html.
import { showAccount } from './account.js';
import { App } from './app.js';
import { formatValue } from './format.js';

const embed = document.body.dataset.embed === 'true';
const app = new App({ embed });
const account = embed ? Promise.resolve(null) : showAccount();

/** For tests and the console: the map, the live state and a few read-only helpers. */
window.snamap = {
  app,
  get map() { return app.map; },
  get state() { return app.state; },
  get current() { return app.current; },
  ready: app.ready,
  account,
  format: formatValue,
  featureState: (set, fid) => app.mapView.featureState(set, fid),
  idle: () => app.mapView.idle(),
};

// A flag outside the page's script, for tests driving an embedded frame: "1" while the map is idle
// (everything requested is drawn), "0" while it loads or moves.
app.start().then(() => {
  const flag = (v) => { document.body.dataset.mapIdle = v; };
  app.map.on('idle', () => flag('1'));
  app.map.on('dataloading', () => flag('0'));
  app.map.on('movestart', () => flag('0'));
  app.mapView.idle().then(() => flag('1'));
}).catch((err) => {
  console.error(err);
  const el = document.querySelector('#fatal');
  if (el) {
    el.hidden = false;
    el.textContent = `The map could not start: ${err.message}. Is the snamap server running?`;
  }
  window.snamap.error = String(err && err.message ? err.message : err);
});
