// The annotation form: Markdown with a live sanitised preview, tags, any number of sources,
// server validation messages next to the field they concern, and a draft in sessionStorage
// that survives a reload (such as the re-sign-in after a session expired) until it is saved.
import { markdown, KINDS } from './render.js';
import { ANNO_CONTEXT } from './api.js';

const $ = id => document.getElementById(id);
/** The inputs of a source fieldset, named as the W3C source body's terms (authors: separated by ";"). */
const SOURCE_FIELDS = ['id', 'source', 'title', 'authors', 'published', 'container', 'locator', 'excerpt'];

export class AnnotationForm {
  constructor(slug, onSubmit, onCancel) {
    this.form = $('annotation-form');
    this.key = 'scholion.draft.' + slug;
    this.onSubmit = onSubmit;
    this.onCancel = onCancel;
    this.state = null;
    this.form.addEventListener('input', () => { this.preview(); this.keep(); });
    $('add-source').addEventListener('click', () => { this.addSource({}).querySelector('input').focus(); this.keep(); });
    $('form-cancel').addEventListener('click', () => this.close(true));
    this.form.addEventListener('keydown', e => { if (e.key === 'Escape') this.close(true); });
    this.form.addEventListener('submit', e => { e.preventDefault(); this.onSubmit(this.state, this.values()); });
  }

  /** state: {motivation, anchor?, quote, editing?: {iri, etag, anno}, target?} */
  open(state, values = {}) {
    this.state = state;
    const kind = KINDS[state.motivation].label;
    $('form-title').textContent = (state.editing ? 'Edit ' : 'New ') + kind.toLowerCase();
    $('form-quote').textContent = state.quote || '';
    $('form-quote').hidden = !state.quote;
    $('verdict-field').hidden = state.motivation !== 'assessing';
    $('form-text').value = values.text || '';
    $('form-tags').value = (values.tags || []).join(', ');
    $('form-verdict').value = values.verdict || 'accurate';
    $('form-sources').replaceChildren();
    (values.sources || []).forEach(s => this.addSource(s));
    if (state.motivation === 'assessing' && !(values.sources || []).length) this.addSource({});
    this.clearErrors();
    this.preview();
    this.form.hidden = false;
    this.keep();
    $('form-text').focus();
  }

  /** s: a W3C source body (or a kept draft of the form's values); its id is kept so the source keeps its identity. */
  addSource(s) {
    const fs = $('source-template').content.firstElementChild.cloneNode(true);
    for (const f of SOURCE_FIELDS) {
      const v = s[f];
      fs.elements[f].value = Array.isArray(v) ? v.join('; ') : (v || '');
    }
    fs.querySelector('.remove-source').addEventListener('click', () => { fs.remove(); this.renumber(); this.keep(); $('add-source').focus(); });
    $('form-sources').append(fs);
    this.renumber();
    return fs;
  }

  renumber() {
    this.form.querySelectorAll('#form-sources fieldset').forEach((fs, i) => {
      fs.querySelector('legend').textContent = 'Source ' + (i + 1);
      fs.querySelector('.remove-source').setAttribute('aria-label', 'Remove source ' + (i + 1));
    });
  }

  values() {
    const sources = Array.from(this.form.querySelectorAll('#form-sources fieldset'), fs => {
      const s = {};
      for (const f of SOURCE_FIELDS) s[f] = fs.elements[f].value.trim();
      return s;
    });
    return {
      text: $('form-text').value,
      tags: $('form-tags').value.split(',').map(t => t.trim()).filter(Boolean),
      verdict: $('form-verdict').value,
      sources,
    };
  }

  /** The W3C body array for these values, and which form field each item came from. */
  static body(motivation, v) {
    const body = [];
    const fields = [];
    if (v.text.trim()) {
      body.push({ type: 'TextualBody', purpose: 'commenting', value: v.text, format: 'text/markdown' });
      fields.push({ field: 'text' });
    }
    for (const t of v.tags || []) {
      body.push({ type: 'TextualBody', purpose: 'tagging', value: t });
      fields.push({ field: 'tags' });
    }
    if (motivation === 'assessing') {
      body.push({ type: 'TextualBody', purpose: 'assessing', value: v.verdict });
      fields.push({ field: 'verdict' });
    }
    (v.sources || []).forEach((s, i) => {
      const c = { type: 'SpecificResource', purpose: 'linking' };
      for (const [k, x] of Object.entries(s)) {
        if (!x) continue;
        c[k] = k === 'authors' ? x.split(';').map(a => a.trim()).filter(Boolean) : x;
      }
      if (Object.keys(c).some(k => k !== 'type' && k !== 'purpose' && k !== 'id')) {
        body.push(c);
        fields.push({ field: 'source', index: i });
      }
    });
    return { body, fields };
  }

  static annotation(motivation, body, target, group) {
    const a = { '@context': ANNO_CONTEXT, type: 'Annotation', motivation, body, target };
    if (group !== undefined) {
      if (group === 'private') a.visibility = 'private';
      else { a.visibility = 'group'; a.group = group; }
    }
    return a;
  }

  /** Shows each problem+json field error next to its field; returns the first field shown. */
  showErrors(err, fields) {
    this.clearErrors();
    let first = null;
    const put = (container, name, message) => {
      const p = container.querySelector(`[data-error-for="${name}"]`);
      if (!p) return false;
      p.textContent = (p.textContent ? p.textContent + ' ' : '') + message;
      const input = p.previousElementSibling && p.previousElementSibling.querySelector
        ? (p.previousElementSibling.matches('input,textarea,select') ? p.previousElementSibling : p.previousElementSibling.querySelector('input,textarea,select'))
        : null;
      if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
      return true;
    };
    const list = err.errors.length ? err.errors : [{ field: '', message: err.message }];
    for (const e of list) {
      const m = /^body\[(\d+)\](?:\.(\w+))?/.exec(e.field || '');
      const src = m && fields[Number(m[1])];
      let shown = false;
      if (src && src.field === 'source') {
        const fs = this.form.querySelectorAll('#form-sources fieldset')[src.index];
        shown = fs && put(fs, m[2] && m[2] !== 'type' && m[2] !== 'purpose' ? m[2] : 'source', e.message);
      } else if (src) {
        shown = put(this.form, src.field, e.message);
      } else if (e.field === 'body' && /source/i.test(e.message)) {
        shown = put(this.form, 'form', e.message);
      } else if (e.field === 'body' && /comment/i.test(e.message)) {
        shown = put(this.form, 'text', e.message);
      }
      if (!shown) put(this.form, 'form', e.message || err.message);
    }
    if (!first) first = this.form.querySelector('[data-error-for="form"]');
    if (first) { if (!first.hasAttribute('tabindex') && !first.matches('input,textarea,select')) first.setAttribute('tabindex', '-1'); first.focus(); }
  }

  clearErrors() {
    this.form.querySelectorAll('.field-error').forEach(p => { p.textContent = ''; });
    this.form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
  }

  preview() {
    $('form-preview').innerHTML = markdown($('form-text').value);
  }

  close(cancelled) {
    this.form.hidden = true;
    this.state = null;
    this.forget();
    if (cancelled) this.onCancel();
  }

  /** Keeps what is typed until it is saved or cancelled. */
  keep() {
    if (!this.state) return;
    const s = { ...this.state };
    if (s.editing) s.editing = { iri: s.editing.iri, etag: s.editing.etag, anno: s.editing.anno };
    sessionStorage.setItem(this.key, JSON.stringify({ kind: 'form', state: s, values: this.values() }));
  }

  keepReply(target, text) {
    if (text) sessionStorage.setItem(this.key, JSON.stringify({ kind: 'reply', target, text }));
    else this.forget();
  }

  forget() { sessionStorage.removeItem(this.key); }

  draft() {
    try { return JSON.parse(sessionStorage.getItem(this.key) || 'null'); } catch (e) { return null; }
  }
}
