// Indicator picker: a native <select> grouped by theme (keyboard and screen-reader friendly),
// a period select for monthly series, and a metadata popover (definition, source, licence…).
import { escapeHtml, monthLabel, polarityText, setLabels, unitLabel } from './format.js';
import { COMPOSITE } from './state.js';

export class IndicatorPicker {
  constructor({ select, info, popover, period, periodRow }, app) {
    this.select = select;
    this.info = info;
    this.popover = popover;
    this.period = period;
    this.periodRow = periodRow;
    this.app = app;
    const groups = app.themes.map((t) => `<optgroup label="${escapeHtml(t.theme)}">
      ${t.indicators.map((i) => `<option value="${escapeHtml(i.id)}">${escapeHtml(i.title)} — ${escapeHtml(setLabels[i.set] || i.set)}</option>`).join('')}
    </optgroup>`).join('');
    select.innerHTML = `${groups}<optgroup label="Combined"><option value="${COMPOSITE}">Composite risk index (your weights)</option></optgroup>`;
    // The mapped indicator from the start (a permalink's), never the first option meanwhile.
    select.value = app.state.indicator;
    select.addEventListener('change', () => app.setIndicator(select.value));
    period.addEventListener('change', () => app.setPeriod(period.value));
    info.addEventListener('click', () => this.togglePopover());
    popover.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        this.togglePopover(false);
        info.focus();
      }
    });
    popover.addEventListener('click', (e) => {
      if (e.target.closest('[data-action=close-info]')) {
        this.togglePopover(false);
        info.focus();
      }
    });
  }

  sync() {
    const app = this.app;
    this.select.value = app.state.indicator;
    const cur = app.current;
    const periods = cur?.periods || [];
    if (periods.length > 1) {
      this.periodRow.hidden = false;
      const label = this.periodRow.querySelector('label');
      if (label) label.textContent = periods.every((x) => /^\d{4}-\d{2}$/.test(x)) ? 'Month' : 'Period';
      this.period.innerHTML = periods.slice().reverse().map((p) => `<option value="${escapeHtml(p)}">${escapeHtml(monthLabel(p))}${app.data.flaggedPeriods.get(cur.id)?.has(p) ? ' (incomplete)' : ''}</option>`).join('');
      this.period.value = cur.period;
    } else {
      this.periodRow.hidden = true;
    }
    if (!this.popover.hidden) this.renderPopover();
  }

  togglePopover(force) {
    const open = force ?? this.popover.hidden;
    this.popover.hidden = !open;
    this.info.setAttribute('aria-expanded', String(open));
    if (open) {
      this.renderPopover();
      this.popover.querySelector('h3')?.focus();
    }
  }

  renderPopover() {
    const app = this.app;
    const id = app.state.indicator;
    if (id === COMPOSITE) {
      const cur = app.current;
      this.popover.innerHTML = `<h3 tabindex="-1">Composite risk index</h3>
        <p>${escapeHtml(cur?.note || 'Weighted sum of z-scores of the chosen indicators; higher = more risk.')}</p>
        <dl><dt>Components</dt><dd>${(cur?.components || []).map((c) => `${escapeHtml(c.meta.title)} × ${c.weight}`).join('<br>')}</dd>
        <dt>Polarity</dt><dd>Higher = more risk</dd></dl>
        <button type="button" class="button-secondary" data-action="close-info">Close</button>`;
      return;
    }
    const m = app.indicators.get(id);
    if (!m) return;
    const c = m.citation || {};
    this.popover.innerHTML = `<h3 tabindex="-1">${escapeHtml(m.title)}</h3>
      <p>${escapeHtml(m.description || '')}</p>
      <dl>
        <dt>Geography</dt><dd>${escapeHtml(setLabels[m.set] || m.set)}</dd>
        <dt>Unit</dt><dd>${escapeHtml(unitLabel(m) || m.unit)}</dd>
        <dt>Period</dt><dd>${escapeHtml(m.period)}${m.default_period && m.default_period !== m.period ? ` (default shown: ${escapeHtml(monthLabel(m.default_period))})` : ''}</dd>
        <dt>Polarity</dt><dd>${escapeHtml(polarityText(m.polarity))}</dd>
        ${m.method ? `<dt>Method</dt><dd>${escapeHtml(m.method)}</dd>` : ''}
        ${m.denominator ? `<dt>Denominator</dt><dd>${escapeHtml(m.denominator)}</dd>` : ''}
        <dt>Source</dt><dd>${escapeHtml(c.publisher || '')}${c.title ? `: ${escapeHtml(c.title)}` : ''}${c.url ? ` (<a href="${escapeHtml(c.url)}" target="_blank" rel="noopener">publisher’s page</a>)` : ''}</dd>
        <dt>Licence</dt><dd>${escapeHtml(c.licence || '')}</dd>
        ${c.attribution ? `<dt>Attribution</dt><dd>${escapeHtml(c.attribution)}</dd>` : ''}
        <dt>Data version</dt><dd><code>${escapeHtml(c.data_version || app.dataVersion)}</code>${c.build_date ? `, built ${escapeHtml(c.build_date)}` : ''}</dd>
      </dl>
      <button type="button" class="button-secondary" data-action="close-info">Close</button>`;
  }
}
