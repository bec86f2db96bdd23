// Narrow screens (≤ 800 px): the map fills the screen; the controls open in a bottom sheet from
// the "Map controls" button, and an area's profile opens in its own sheet over the map instead of
// far down the page. On wider screens both stay side panels and this does nothing.
const NARROW = '(max-width: 800px)';

export class Sheets {
  constructor(app) {
    this.app = app;
    this.toggle = document.querySelector('#toggle-controls');
    this.controls = document.querySelector('#controls');
    this.toggle?.addEventListener('click', () => this.setControls(!this.controlsOpen));
    document.querySelector('#close-controls')?.addEventListener('click', () => {
      this.setControls(false);
      this.toggle?.focus();
    });
    this.controls?.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.controlsOpen && this.narrow()) {
        this.setControls(false);
        this.toggle?.focus();
      }
    });
    window.matchMedia(NARROW).addEventListener('change', () => this.setControls(false));
    this.setControls(false);
  }

  narrow() {
    return window.matchMedia(NARROW).matches;
  }

  get controlsOpen() {
    return document.body.classList.contains('controls-open');
  }

  /** Opens or closes the controls sheet (closed sheets are inert, so Tab skips them). */
  setControls(open) {
    const on = open && this.narrow();
    document.body.classList.toggle('controls-open', on);
    this.toggle?.setAttribute('aria-expanded', String(on));
    if (this.controls) this.controls.inert = this.narrow() && !on;
    if (on) this.controls?.focus();
  }

  /** A newly selected area: its profile sheet starts at the top, the controls sheet makes way. */
  showProfile() {
    if (!this.narrow()) return;
    this.setControls(false);
    this.app.profile.el.scrollTop = 0;
  }
}
