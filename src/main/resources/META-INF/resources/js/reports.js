// The participation report of this reading in the chosen group: one row per member (a student sees
// their own), sortable by any column (a button in its header; aria-sort says how), a CSV download,
// and per row the score's items — every point and why — on demand. Moderators also set the rubric
// and override a student's score with a reason (the group log keeps both).
import { api } from './api.js';
import { el, when } from './render.js';
import { panel } from './panels.js';
import { saveFile } from './exports.js';
import { clearErrors, showErrors } from './fields.js';

const $ = id => document.getElementById(id);
const name = r => r.user.name || r.user.nickname || '';
const COLUMNS = [
  { key: 'name', label: 'Name', get: name, text: true },
  { key: 'annotations', label: 'Annotations' },
  { key: 'replies', label: 'Replies' },
  { key: 'words', label: 'Words' },
  { key: 'sources', label: 'Sources' },
  { key: 'verifiedSources', label: 'Verified sources' },
  { key: 'passages', label: 'Passages' },
  { key: 'upvotes', label: 'Upvotes' },
  { key: 'first', label: 'First', time: true },
  { key: 'last', label: 'Last', time: true },
  { key: 'beforeDue', label: 'Before due' },
  { key: 'score', label: 'Score' },
  { key: 'override', label: 'Override', get: r => (r.override ? r.override.score : null) },
];
const RUBRIC = [
  ['perAnnotation', 'Points per annotation'], ['perReply', 'Points per reply'],
  ['perVerifiedSource', 'Points per source an instructor verified'], ['cap', 'At most (optional)'],
];

export class Reports {
  /**
   * @param view what the reader lends: slug, group() ('private' or an id), groupName(id),
   *   moderator(), reveal(annotation or {id}) to show one of this text's annotations
   */
  constructor(view) {
    this.view = view;
    this.report = null;
    this.sort = { key: 'name', dir: 1 };
    this.open = new Set();
    this.asked = 0;
    this.panel = panel($('report-panel'), $('tool-report'), () => this.load());
  }

  say(text) { $('report-status').textContent = text; }

  /** The group changed: an open report shows the new group's. */
  groupChanged() { if (this.panel.isOpen()) this.load(); }

  async load() {
    const g = this.view.group();
    const asked = ++this.asked;
    $('report-rubric').replaceChildren();
    $('report-body').replaceChildren();
    if (g === 'private') { this.say('Choose a group: a report is about a group\'s reading.'); return; }
    this.say('Loading the report…');
    try {
      const [report, rubric] = await Promise.all([api.participation(g, this.view.slug), api.rubric(g, this.view.slug)]);
      if (asked !== this.asked) return;
      this.report = report;
      this.rubric = rubric;
      this.say(`${this.view.groupName(g)}: ${report.students.length} ${report.students.length === 1 ? 'row' : 'rows'}`
        + (report.due ? ', due ' + when(report.due) : '') + '.');
      $('report-rubric').replaceChildren(this.view.moderator() ? this.rubricForm(rubric) : rubricText(rubric));
      this.draw();
    } catch (err) {
      if (asked !== this.asked || err.status === 401) return;
      this.say(err.status === 404 ? `This text is not on the reading list of ${this.view.groupName(g)}, so there is no report.`
        : 'Could not load the report: ' + err.message);
    }
  }

  draw() {
    const rows = this.sorted();
    const csv = el('button', { type: 'button', id: 'report-csv', text: 'Download as CSV' });
    csv.addEventListener('click', () => saveFile(
      `/api/groups/${encodeURIComponent(this.view.group())}/reports/participation?document=${encodeURIComponent(this.view.slug)}`,
      'text/csv', $('report-download')));
    const head = el('tr', {}, ...COLUMNS.map(c => this.header(c)), el('th', { scope: 'col', text: 'Details' }));
    const body = el('tbody');
    for (const r of rows) body.append(...this.row(r));
    $('report-body').replaceChildren(
      el('p', { class: 'actions' }, csv, el('span', { id: 'report-download', class: 'status', role: 'status', 'aria-live': 'polite' })),
      el('div', { class: 'table-scroll' }, el('table', { class: 'report', id: 'report-table' },
        el('caption', { text: 'Participation on this reading. Press a column\'s heading to sort by it.' }),
        el('thead', {}, head), body)));
  }

  header(c) {
    const on = this.sort.key === c.key;
    const b = el('button', { type: 'button', class: 'sort', 'data-key': c.key, text: c.label + (on ? (this.sort.dir > 0 ? ' ▲' : ' ▼') : '') });
    b.addEventListener('click', () => {
      this.sort = { key: c.key, dir: on ? -this.sort.dir : 1 };
      this.draw();
      const again = $('report-table').querySelector(`button.sort[data-key="${c.key}"]`);
      if (again) again.focus();
    });
    return el('th', { scope: 'col', 'aria-sort': on ? (this.sort.dir > 0 ? 'ascending' : 'descending') : 'none' }, b);
  }

  sorted() {
    const c = COLUMNS.find(x => x.key === this.sort.key);
    const get = c.get || (r => r[c.key]);
    const value = r => {
      const v = get(r);
      if (v === null || v === undefined || v === '') return null;
      return c.text ? String(v) : c.time ? Date.parse(v) : Number(v);
    };
    return this.report.students.slice().sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null || y === null) return x === y ? name(a).localeCompare(name(b)) : x === null ? 1 : -1; // empty last
      const d = c.text ? x.localeCompare(y) : x - y;
      return d * this.sort.dir || name(a).localeCompare(name(b));
    });
  }

  /** A student's row, and under it (when open) the score's items and the override form. */
  row(r) {
    const id = 'why-' + r.user.id;
    const cells = COLUMNS.slice(1).map(c => {
      const v = (c.get || (x => x[c.key]))(r);
      const text = v === null || v === undefined ? '—' : c.time ? short(v) : String(v);
      return el('td', { class: c.time ? 'time' : 'number', text });
    });
    const why = el('button', { type: 'button', class: 'why', 'aria-expanded': String(this.open.has(r.user.id)), 'aria-controls': id,
      text: 'Why', 'aria-label': 'Why this score: ' + name(r) });
    why.addEventListener('click', () => {
      if (this.open.has(r.user.id)) this.open.delete(r.user.id); else this.open.add(r.user.id);
      this.draw();
      const again = $('report-table').querySelector(`tr[data-user="${r.user.id}"] button.why`);
      if (again) again.focus();
    });
    const actions = el('td', { class: 'row-actions' }, why);
    const tr = el('tr', { 'data-user': r.user.id },
      el('th', { scope: 'row' }, el('span', { text: name(r) }), ' ', el('span', { class: 'username', text: '@' + r.user.nickname })),
      ...cells, actions);
    const details = el('tr', { class: 'why-row', id, hidden: !this.open.has(r.user.id) },
      el('td', { colspan: String(COLUMNS.length + 1) }, ...this.items(r)));
    if (this.view.moderator()) {
      const set = el('button', { type: 'button', class: 'override', text: 'Override', 'aria-label': 'Override the score of ' + name(r) });
      set.addEventListener('click', () => {
        const cell = details.firstChild;
        if (!cell.querySelector('.override-form')) cell.append(this.overrideForm(r));
        details.hidden = false;
        this.open.add(r.user.id);
        why.setAttribute('aria-expanded', 'true');
        cell.querySelector('.override-form input[name=score]').focus();
      });
      actions.append(' ', set);
    }
    return [tr, details];
  }

  items(r) {
    const out = [];
    if (!this.report.rubric) out.push(el('p', { class: 'muted', text: 'No rubric is set for this reading, so nothing is scored.' }));
    else if (!r.items.length) out.push(el('p', { class: 'muted', text: 'Nothing scored yet.' }));
    else {
      out.push(el('ol', { class: 'score-items', 'aria-label': 'How ' + name(r) + ' scored' }, ...r.items.map(i => {
        const go = el('a', { href: `/read/${encodeURIComponent(this.view.slug)}?annotation=${encodeURIComponent(i.annotation.slice(i.annotation.lastIndexOf('/') + 1))}`,
          text: 'show' });
        go.addEventListener('click', e => { if (e.button === 0 && !e.ctrlKey && !e.metaKey) { e.preventDefault(); this.view.reveal({ id: i.annotation }); } });
        return el('li', {}, el('strong', { text: signed(i.points) }), ' — ', el('span', { text: i.why }), ' (', go, ')');
      })));
    }
    if (r.override) {
      const o = r.override;
      out.push(el('p', { class: 'override-note' }, el('strong', { text: 'Instructor\'s score: ' + o.score }),
        ` (by ${o.by ? o.by.name || o.by.nickname : 'an instructor'}, ${when(o.at)}): `, el('span', { text: o.reason })));
    }
    return out;
  }

  overrideForm(r) {
    const f = el('form', { class: 'inline-form override-form', novalidate: true, 'aria-label': 'Override the score of ' + name(r) });
    const score = el('input', { name: 'score', type: 'number', min: '0', step: 'any', inputmode: 'decimal',
      'aria-label': 'Score (empty: withdraw the override)', placeholder: 'score', value: r.override ? String(r.override.score) : null });
    const reason = el('input', { name: 'reason', maxlength: '1000', 'aria-label': 'Reason (required)', placeholder: 'reason (required)' });
    const error = el('p', { class: 'field-error', role: 'alert' });
    const cancel = el('button', { type: 'button', text: 'Cancel' });
    cancel.addEventListener('click', () => f.remove());
    f.append(score, reason, el('button', { type: 'submit', text: 'Set the score' }), cancel, error);
    f.addEventListener('submit', async e => {
      e.preventDefault();
      if (!reason.value.trim()) { error.textContent = 'Say why: the reason is kept in the group log.'; reason.focus(); return; }
      error.textContent = '';
      try {
        await api.override(this.view.group(), this.view.slug, r.user.id, score.value === '' ? null : Number(score.value), reason.value.trim());
        await this.load();
        this.say(score.value === '' ? `Override withdrawn for ${name(r)}.` : `Score of ${name(r)} set to ${score.value}.`);
      } catch (err) {
        if (err.status !== 401) error.textContent = err.errors.map(x => x.message).join(' ') || err.message;
      }
    });
    return f;
  }

  rubricForm(rubric) {
    const f = el('form', { id: 'rubric-form', class: 'rubric-form', novalidate: true });
    const fs = el('fieldset', {}, el('legend', { text: 'Rubric' }));
    if (!rubric) fs.append(el('p', { class: 'help', text: 'No rubric yet: scores appear once you save one.' }));
    for (const [key, label] of RUBRIC) {
      const id = 'rubric-' + key;
      const value = rubric ? rubric[key] : (key === 'cap' ? null : 1);
      fs.append(el('label', { for: id, text: label }),
        el('input', { id, name: key, type: 'number', min: '0', step: 'any', inputmode: 'decimal', value: value === null ? null : String(value) }),
        el('p', { class: 'field-error', 'data-error-for': key, role: 'alert' }));
    }
    fs.append(el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'beforeDueOnly', checked: !!(rubric && rubric.beforeDueOnly) }),
      ' Only what was written by the due date counts'));
    fs.append(el('p', { class: 'field-error', 'data-error-for': 'form', role: 'alert' }), el('button', { type: 'submit', text: 'Save the rubric' }));
    f.append(fs);
    f.addEventListener('submit', async e => {
      e.preventDefault();
      clearErrors(f);
      const body = { beforeDueOnly: f.elements.beforeDueOnly.checked };
      for (const [key] of RUBRIC) {
        const v = f.elements[key].value.trim();
        body[key] = v === '' ? null : Number(v);
      }
      try {
        await api.setRubric(this.view.group(), this.view.slug, body);
        await this.load();
        this.say('Rubric saved; the scores follow it.');
      } catch (err) {
        if (err.status !== 401) showErrors(f, err);
      }
    });
    return f;
  }
}

/** The rubric as a student reads it. */
function rubricText(r) {
  if (!r) return el('p', { class: 'muted', text: 'No rubric is set for this reading.' });
  return el('p', { class: 'rubric' }, el('strong', { text: 'How it is scored: ' }),
    `${r.perAnnotation} per annotation, ${r.perReply} per reply, ${r.perVerifiedSource} per source an instructor verified`
    + (r.cap !== null && r.cap !== undefined ? `, at most ${r.cap}` : '') + (r.beforeDueOnly ? '; only what was written by the due date counts.' : '.'));
}

/** A date and time in a table cell: "4 Dec, 14:05". */
function short(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function signed(points) { return (Number(points) > 0 ? '+' : '') + points; }
