// The reader's search box (tools.js calls run() on a submit and says where it searches): GET
// /api/search over this text in the chosen group, or everything the reader may see. Results are annotations (kind, author, where, a snippet with the matched words
// marked) and readings found by their text; "More results" follows the answer's `next`. A result on
// this text shows its passage and card here; one elsewhere links to that reader, which opens on it
// (/read/{slug}?annotation={id}).
import { api } from './api.js';
import { el, snippet, KINDS, when } from './render.js';
import { panel } from './panels.js';
import { uuidOf } from './cards.js';

const $ = id => document.getElementById(id);

export class Search {
  /**
   * @param view what the reader lends: slug, group() ('private' or a group id), groupName(id),
   *   reveal(annotation) to show one of this text's annotations
   */
  constructor(view) {
    this.view = view;
    this.form = $('search-form');
    this.q = $('search-q');
    this.everywhere = $('search-everywhere');
    this.list = $('search-results');
    this.more = $('search-more');
    this.panel = panel($('search-panel'), null);
    this.next = null;
    this.titles = null;
    this.asked = 0;
    this.more.addEventListener('click', () => this.page(this.next));
  }

  say(text) { $('search-status').textContent = text; }

  /** Where it searches changed ("All my documents and groups"): results shown are searched again. */
  rescope() {
    if (this.panel.isOpen() && this.q.value.trim()) this.run();
  }

  params() {
    const p = { q: this.q.value.trim() };
    if (!this.everywhere.checked) {
      p.document = this.view.slug;
      if (this.view.group() !== 'private') p.group = this.view.group();
    }
    return p;
  }

  async run() {
    this.panel.open();
    if (!this.q.value.trim()) {
      this.say('Type a word to search for.');
      this.list.replaceChildren();
      this.more.hidden = true;
      this.q.focus();
      return;
    }
    this.list.replaceChildren();
    await this.page(this.params());
  }

  /** One page: the first (params) or the next (the `next` URL); only the latest search is drawn. */
  async page(what) {
    const asked = ++this.asked;
    this.say('Searching…');
    this.more.hidden = true;
    try {
      const r = await api.search(what);
      if (r.items.some(i => i.annotation && slugOf(i.annotation.id) !== this.view.slug)) await this.loadTitles();
      if (asked !== this.asked) return;
      this.list.append(...r.items.map(i => (i.document ? this.documentItem(i) : this.annotationItem(i))));
      this.next = r.next || null;
      this.more.hidden = !this.next;
      const shown = this.list.children.length;
      this.say(r.total === 0 ? 'Nothing found.'
        : `${r.total} result${r.total === 1 ? '' : 's'}` + (shown < r.total ? `, ${shown} shown.` : '.'));
    } catch (err) {
      if (asked === this.asked && err.status !== 401) this.say('The search failed: ' + (err.errors.map(x => x.message).join(' ') || err.message));
    }
  }

  async loadTitles() {
    if (this.titles) return;
    try {
      this.titles = new Map((await api.documents()).map(d => [d.slug, d.title]));
    } catch (e) {
      this.titles = new Map();
    }
  }

  documentItem(i) {
    const d = i.document;
    return el('li', { class: 'result result-document' },
      el('p', { class: 'result-head' }, el('span', { class: 'kind-label', text: 'Reading' }), ' · ',
        el('a', { href: '/read/' + encodeURIComponent(d.slug), text: d.title })),
      el('p', { class: 'result-snippet' }, snippet(i.snippet, i.highlights)));
  }

  annotationItem(i) {
    const a = i.annotation;
    const slug = slugOf(a.id);
    const here = slug === this.view.slug;
    const kind = (KINDS[a.motivation] || { label: 'Annotation' }).label;
    const c = a.creator || {};
    const by = c.name && c.nickname ? c.name + ' (@' + c.nickname + ')' : c.nickname ? '@' + c.nickname : c.name || 'someone';
    const link = el('a', { class: 'result-link', href: `/read/${encodeURIComponent(slug)}?annotation=${encodeURIComponent(uuidOf(a.id))}`,
      text: kind + ' by ' + by });
    if (here) {
      link.addEventListener('click', e => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // a new tab opens the page on it
        e.preventDefault();
        this.view.reveal(a);
      });
    }
    const where = here ? 'this text' : (this.titles && this.titles.get(slug)) || slug;
    return el('li', { class: 'result result-annotation', 'data-iri': a.id },
      el('p', { class: 'result-head' }, link, ' · on ', here ? where : el('cite', { text: where }),
        a.created ? ' · ' : null, a.created ? el('time', { datetime: a.created, text: when(a.created) }) : null,
        a.visibility === 'private' ? el('span', { class: 'private', text: ' · only me' }) : null),
      el('p', { class: 'result-snippet' }, snippet(i.snippet, i.highlights)));
  }
}

/** The document slug in an annotation's IRI (…/api/documents/{slug}/annotations/{id}). */
function slugOf(iri) {
  const m = /\/api\/documents\/([^/]+)\/annotations\//.exec(new URL(iri, window.location.href).pathname);
  return m ? decodeURIComponent(m[1]) : '';
}
