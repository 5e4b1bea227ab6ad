// Exports from the reader: one's own annotations (in every group, and one's private notes) or, for
// the group's moderators, the group's; on this text or all of them. Annotations as W3C JSON-LD or
// CSV, the sources they cite as BibTeX, RIS or CSL-JSON. The API answers by the Accept header, so a
// file is fetched (the session cookie authenticates it), made a Blob and saved through <a download>.
import { api } from './api.js';
import { el } from './render.js';
import { panel } from './panels.js';

const $ = id => document.getElementById(id);

/**
 * Fetches url with this Accept and saves it as the file the server names; says so, with its size,
 * in the status element (whose data-bytes keeps the size). Returns the Blob, or null on failure.
 */
export async function saveFile(url, accept, statusElement) {
  const say = t => { statusElement.textContent = t; };
  say('Preparing the download…');
  delete statusElement.dataset.bytes;
  try {
    const { data, filename } = await api.download(url, accept);
    const name = filename || 'scholion-export';
    const href = URL.createObjectURL(data);
    const a = el('a', { href, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60000);
    statusElement.dataset.bytes = String(data.size);
    say(`Downloaded ${name} (${data.size.toLocaleString('en')} bytes).`);
    return data;
  } catch (err) {
    if (err.status !== 401) say('Could not download it: ' + (err.errors.map(x => x.message).join(' ') || err.message));
    return null;
  }
}

export class Exports {
  /** @param view what the reader lends: slug, group() ('private' or an id), groupName(id), moderator() */
  constructor(view) {
    this.view = view;
    this.panel = panel($('export-panel'), $('tool-export'));
    this.groupChanged();
    $('export-panel').querySelectorAll('button.export').forEach(b =>
      b.addEventListener('click', () => saveFile(this.url(b.dataset.what), b.dataset.accept, $('export-status'))));
  }

  /** The group changed: its moderators may export the group's annotations too. */
  groupChanged() {
    const may = this.view.moderator();
    $('export-group-choice').hidden = !may;
    $('export-group-name').textContent = may ? this.view.groupName(this.view.group()) : 'this group';
    const group = document.querySelector('input[name=export-scope][value=group]');
    if (!may && group.checked) document.querySelector('input[name=export-scope][value=mine]').checked = true;
  }

  url(what) {
    const q = new URLSearchParams();
    if (document.querySelector('input[name=export-scope]:checked').value === 'group' && this.view.moderator()) {
      q.set('group', this.view.group());
    } else {
      q.set('mine', 'true');
    }
    if ($('export-this-document').checked) q.set('document', this.view.slug);
    return `/api/exports/${what}?${q}`;
  }
}
