// Importing a file of annotations from the reader: a Hypothesis export or a W3C collection, into
// one's private notes or (the group's moderators) the group. The file goes as it is, as
// application/json when it is a Hypothesis export (an object with `annotations` and no JSON-LD
// context) and as application/ld+json otherwise; api.js sends the CSRF header as on every write.
// All or nothing: a refused file (422) lists every problem, each at its place in the file.
import { api } from './api.js';
import { el } from './render.js';
import { panel } from './panels.js';
import { clearErrors, showErrors } from './fields.js';

const $ = id => document.getElementById(id);

export class Imports {
  /**
   * @param view what the reader lends: group() ('private' or an id), groupName(id), moderator(),
   *   imported(result, into) once a file was imported (into: a group id or 'private')
   */
  constructor(view) {
    this.view = view;
    this.form = $('import-form');
    this.problems = $('import-problems');
    this.panel = panel($('import-panel'), $('tool-import'));
    this.groupChanged();
    this.form.addEventListener('submit', e => { e.preventDefault(); this.submit(); });
  }

  say(text) { $('import-status').textContent = text; }

  /** The group changed: its moderators may import into it. */
  groupChanged() {
    const may = this.view.moderator();
    $('import-group-choice').hidden = !may;
    $('import-group-name').textContent = may ? this.view.groupName(this.view.group()) : 'this group';
    const group = this.form.querySelector('input[name=into][value=group]');
    if (!may && group.checked) this.form.querySelector('input[name=into][value=private]').checked = true;
  }

  async submit() {
    clearErrors(this.form);
    this.problems.hidden = true;
    this.problems.replaceChildren();
    const file = this.form.elements.file.files[0];
    if (!file) {
      showErrors(this.form, { errors: [{ field: 'file', message: 'Choose the file to import.' }] });
      return;
    }
    const into = this.form.elements.into.value === 'group' && this.view.moderator() ? this.view.group() : 'private';
    const button = $('import-submit');
    button.disabled = true;
    this.say('Importing…');
    try {
      const type = await typeOf(file);
      const done = await api.importFile(file, type, into === 'private' ? null : into);
      this.say(`Imported ${count(done.annotations, 'annotation')} and ${count(done.replies, 'reply', 'replies')}`
        + (into === 'private' ? ' into your private notes.' : ' into ' + this.view.groupName(into) + '.'));
      this.form.reset();
      await this.view.imported(done, into);
    } catch (err) {
      if (err.status === 401) return;
      if (err.status === 422) {
        this.say(`Nothing was imported: the file has ${count(err.errors.length, 'problem')}.`);
        this.problems.append(...err.errors.map(p => el('li', {},
          p.field ? el('code', { class: 'pointer', text: p.field }) : null, p.field ? ': ' : null, el('span', { text: p.message }))));
        this.problems.hidden = false;
      } else {
        this.say('');
        showErrors(this.form, { errors: [{ field: 'form', message: err.message }] });
      }
    } finally {
      button.disabled = false;
    }
  }
}

function count(n, one, many = one + 's') { return n + ' ' + (n === 1 ? one : many); }

/** Hypothesis' export is plain JSON with `annotations`; anything else goes as JSON-LD, for the server to read or refuse. */
async function typeOf(file) {
  try {
    const json = JSON.parse(await file.text());
    if (json && !Array.isArray(json) && Array.isArray(json.annotations) && !('@context' in json)) return 'application/json';
  } catch (e) {
    // not JSON: the server says so, in its own words
  }
  return 'application/ld+json';
}
