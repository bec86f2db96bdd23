// The "embed and images" dialog: iframe code for /embed?… (the view's state, pinned to the data
// version), static PNG/SVG links to the server-rendered map (/api/map.png|svg) for the current
// indicator, geography, visible area and selection, and the oEmbed URL. A native <dialog>
// (modal: focus stays inside, Escape closes, focus returns to the opening button).
import { apiBase, apiUrl } from './api.js';
import { escapeHtml } from './format.js';
import { COMPOSITE, embedUrl, permalink } from './state.js';

const WIDTHS = [800, 1200, 1600, 2400];
const MAX_PX = 4000;

/** Query parameters of /api/map.png|svg for the app's current view; null when the server cannot draw it. */
export function mapImageParams(app, width) {
  const cur = app.current;
  const composite = app.state.indicator === COMPOSITE;
  if (!cur || (!composite && cur.kind !== 'indicator')) return null;
  const map = app.map;
  const el = map.getContainer();
  const aspect = el.clientHeight / Math.max(1, el.clientWidth);
  const w = Math.max(64, Math.min(MAX_PX, Math.round(width)));
  const h = Math.max(64, Math.min(MAX_PX, Math.round(w * aspect)));
  const b = map.getBounds();
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  const bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -85, 85), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -85, 85)]
    .map((v) => v.toFixed(5)).join(',');
  // The composite is drawn by the server from the same weights (/api/composite's computation).
  const weights = Object.entries(app.state.weights || {}).filter(([, w]) => w > 0)
    .map(([id, w]) => `${id}:${+w.toFixed(2)}`).join(',');
  const p = {
    indicator: composite ? COMPOSITE : cur.id,
    weights: composite && weights ? weights : undefined,
    set: cur.set,
    period: composite ? undefined : cur.period || undefined,
    classes: String(app.state.classes),
    method: app.state.method,
    bbox,
    highlight: app.state.selection?.code || undefined,
    width: String(w),
    height: String(h),
  };
  return p;
}

/** Like apiUrl(...).href but with ',' and ':' left readable (both legal in a query). */
function readableUrl(path, params) {
  return apiUrl(path, params).href.replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

export class ShareDialog {
  constructor(dialog, app) {
    this.dialog = dialog;
    this.app = app;
    this.width = 1200;
    dialog.addEventListener('click', (e) => this.onClick(e));
    dialog.addEventListener('change', (e) => {
      if (e.target.id === 'share-width') {
        this.width = Number(e.target.value);
        this.render();
      }
    });
    dialog.addEventListener('close', () => this.opener?.focus());
    // Tab wraps inside the dialog (a modal <dialog> otherwise lets focus leave for the browser UI).
    dialog.addEventListener('keydown', (e) => {
      if (e.key !== 'Tab') return;
      const items = [...dialog.querySelectorAll('button, a[href], input, select, textarea')].filter((el) => !el.disabled && el.offsetParent !== null);
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    });
  }

  /** Every link the dialog offers, for the current view. */
  links() {
    const app = this.app;
    const embed = embedUrl(app.state, apiBase);
    const iframe = app.embedCode();
    const img = mapImageParams(app, this.width);
    return {
      embed,
      iframe,
      png: img ? readableUrl('/api/map.png', img) : null,
      svg: img ? readableUrl('/api/map.svg', img) : null,
      size: img ? `${img.width} × ${img.height} px` : '',
      oembed: apiUrl('/oembed', { url: permalink(app.state), format: 'json' }).href,
    };
  }

  open(opener) {
    this.opener = opener || document.activeElement;
    // The links carry the map position even before the first pan (the URL only has it after a move).
    this.app.state.view = this.app.mapView.view();
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.querySelector('#share-iframe')?.focus();
  }

  close() {
    this.dialog.close();
  }

  render() {
    const l = this.links();
    this.current = l;
    const field = (id, label, value, rows, copyLabel, extra = '') => `
      <div class="share-field">
        <label for="${id}">${label}</label>
        ${rows > 1 ? `<textarea id="${id}" rows="${rows}" readonly>${escapeHtml(value)}</textarea>` : `<input id="${id}" type="text" readonly value="${escapeHtml(value)}">`}
        <div class="button-row">
          <button type="button" class="button-secondary" data-copy="${id}" aria-label="${escapeHtml(copyLabel)}">Copy</button>${extra}
        </div>
      </div>`;
    const images = l.png ? `
        <div class="field">
          <label for="share-width">Image width (height follows the map’s shape)</label>
          <select id="share-width">${WIDTHS.map((w) => `<option value="${w}"${w === this.width ? ' selected' : ''}>${w} px</option>`).join('')}</select>
        </div>
        ${field('share-png', `PNG image, ${escapeHtml(l.size)}`, l.png, 1, 'Copy the PNG image link', ` <a class="button-secondary" href="${escapeHtml(l.png)}" target="_blank" rel="noopener">Open PNG<span class="visually-hidden"> in a new tab</span></a>`)}
        ${field('share-svg', 'SVG image (scales without blurring)', l.svg, 1, 'Copy the SVG image link', ` <a class="button-secondary" href="${escapeHtml(l.svg)}" target="_blank" rel="noopener">Open SVG<span class="visually-hidden"> in a new tab</span></a>`)}
        <p class="note">Drawn by the server for the area in view${this.app.state.selection ? ', with the selected area outlined' : ''}: legend, title and the data sources are part of the image. Paste the link into Word (Insert → Pictures → From online / link) or a PDF tool, where an iframe does not work.</p>`
      : '<p class="note" role="note">No map is shown yet, so there is no image to link to.</p>';
    this.dialog.innerHTML = `
      <div class="dialog-head">
        <h2 id="share-title">Embed this map or use it as an image</h2>
        <button type="button" class="icon-button" data-action="close" aria-label="Close the embed dialog">✕</button>
      </div>
      <section aria-labelledby="share-embed-h">
        <h3 id="share-embed-h">Embed in a web page</h3>
        ${field('share-iframe', 'iframe code', l.iframe, 4, 'Copy the iframe code')}
        <p class="note">Shows this indicator, selection and map position, pinned to data version <code>${escapeHtml(this.app.dataVersion || '')}</code>.</p>
      </section>
      <section aria-labelledby="share-img-h">
        <h3 id="share-img-h">Static map image</h3>
        ${images}
      </section>
      <section aria-labelledby="share-oembed-h">
        <h3 id="share-oembed-h">oEmbed</h3>
        ${field('share-oembed', 'oEmbed URL (for sites that embed from a link)', l.oembed, 1, 'Copy the oEmbed URL')}
      </section>
      <p id="share-status" class="note" role="status" aria-live="polite"></p>`;
  }

  async onClick(e) {
    if (e.target === this.dialog) {
      // A click on the backdrop (outside the box) closes the dialog.
      const r = this.dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) this.close();
      return;
    }
    const btn = e.target.closest('button');
    if (!btn) return;
    if (btn.dataset.action === 'close') {
      this.close();
      return;
    }
    const id = btn.dataset.copy;
    if (!id) return;
    const field = this.dialog.querySelector(`#${id}`);
    const status = this.dialog.querySelector('#share-status');
    const label = this.dialog.querySelector(`label[for=${id}]`)?.textContent.trim() || 'Text';
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = `${label}: copied.`;
    } catch {
      field.focus();
      field.select();
      status.textContent = `${label}: selected; copy it with Ctrl+C.`;
    }
  }
}
