// The orphans panel of the reader: the signed-in user's annotations that a new revision could not
// place (their passage was rewritten beyond recognition or deleted). Each shows its old quote and a
// link to the revision it was written on, and can be re-attached: the user presses Re-attach,
// selects the passage on the current text and confirms with "Re-attach here" in the toolbar; the
// annotation is PUT with selectors on the current text (and no state, which means the current
// revision), so the server anchors it there as exact.
import { api } from './api.js';
import { el, KINDS, parts } from './render.js';

export class Orphans {
  /** @param o slug, docIri, status(text), toolbar, reload() (fetch and draw again), focusCard(iri) */
  constructor(o) {
    this.o = o;
    this.panel = document.getElementById('orphans');
    this.list = document.getElementById('orphan-list');
    this.button = o.toolbar.querySelector('[data-motivation="reattach"]');
    this.active = null;
  }

  /** Draws the panel for these annotations (the user's orphans on this document); hidden when there are none. */
  show(items) {
    this.panel.hidden = !items.length;
    if (this.active && !items.some(a => a.id === this.active.id)) this.cancel();
    this.list.replaceChildren(...items.map(a => this.item(a)));
  }

  item(a) {
    const quote = ((Array.isArray(a.target.selector) ? a.target.selector : [a.target.selector])
      .find(s => s && s.type === 'TextQuoteSelector') || {}).exact || '';
    const cached = a.target.state && a.target.state.cached;
    const n = cached ? cached.slice(cached.lastIndexOf('/') + 1) : null;
    const p = parts(a);
    const kind = (KINDS[a.motivation] || { label: 'Annotation' }).label;
    const pressed = this.active && this.active.id === a.id;
    const li = el('li', { class: 'orphan', 'data-iri': a.id },
      el('p', { class: 'orphan-head' }, el('strong', { text: kind }),
        n ? el('span', {}, ' · written on ', el('a', { href: `/read/${encodeURIComponent(this.o.slug)}?revision=${encodeURIComponent(n)}`,
          text: 'revision ' + n })) : null),
      el('blockquote', { class: 'quote', text: quote.length > 160 ? quote.slice(0, 157) + '…' : quote }),
      p.text ? el('p', { class: 'orphan-text', text: p.text.length > 200 ? p.text.slice(0, 197) + '…' : p.text }) : null);
    const go = el('button', { type: 'button', class: 'reattach', 'aria-pressed': pressed ? 'true' : 'false',
      text: pressed ? 'Cancel re-attaching' : 'Re-attach', 'aria-label': (pressed ? 'Cancel re-attaching' : 'Re-attach') + ' your ' + kind.toLowerCase() });
    go.addEventListener('click', () => (this.active && this.active.id === a.id ? this.cancel() : this.begin(a)));
    li.append(el('div', { class: 'card-actions' }, go));
    return li;
  }

  begin(a) {
    this.active = a;
    this.button.hidden = false;
    this.redraw();
    this.o.status('Select the passage for this annotation in the text, then press “Re-attach here” in the toolbar.');
  }

  cancel() {
    this.active = null;
    this.button.hidden = true;
    this.redraw();
  }

  redraw() {
    for (const li of this.list.children) {
      const b = li.querySelector('button.reattach');
      const on = !!this.active && li.dataset.iri === this.active.id;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.textContent = on ? 'Cancel re-attaching' : 'Re-attach';
    }
  }

  /** Moves the chosen orphan onto the selection (selectors from anchoring.describe) on the current text. */
  async attach(anchor) {
    const a = this.active;
    if (!a || !anchor) return;
    try {
      const { data, etag } = await api.get(a.id);
      const anno = { ...data, target: { source: this.o.docIri, selector: [
        { type: 'TextQuoteSelector', exact: anchor.exact, prefix: anchor.prefix, suffix: anchor.suffix },
        { type: 'TextPositionSelector', start: anchor.start, end: anchor.end },
      ] } };
      await api.update(a.id, anno, etag);
      this.cancel();
      await this.o.reload();
      this.o.focusCard(a.id);
      this.o.status('Re-attached: your annotation is on the current text again.');
    } catch (err) {
      if (err.status === 401) return;
      this.o.status('Could not re-attach it: ' + ((err.errors || []).map(x => x.message).join(' ') || err.message));
    }
  }
}
