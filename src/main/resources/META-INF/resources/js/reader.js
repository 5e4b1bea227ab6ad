// The reader: loads the document text and the annotations of the chosen group, paints the
// highlights, lays out the margin cards, and turns a mouse or keyboard selection into a new
// annotation. performance marks: 'highlights-rendered' and 'cards-rendered'.
// The page shows one revision (the current one unless ?revision=n): its annotations are those whose
// target.state names that revision; the signed-in user's orphans on the current text are listed in
// the orphans panel (orphans.js), selecting is selection.js and the margin's cards cards.js.
// The tools above the text (tools.js) are modules of their own, loaded on first use: search.js,
// exports.js, imports.js, reports.js (participation) and claimmap.js, whose passages are painted in
// the same pass as the highlights.
// /read/{slug}?annotation={id} opens on that annotation: its group chosen, its card and passage shown;
// ?group={id} opens in that group (an LTI launch names its course's).
import { api, ApiError, onSessionExpired } from './api.js';
import { resolve, paint } from './anchoring.js';
import { wireSelection } from './selection.js';
import { Orphans } from './orphans.js';
import { el, KINDS, VERDICTS, parts } from './render.js';
import { AnnotationForm } from './form.js';
import { changes } from './controls.js';
import { Live } from './live.js';
import { cards, uuidOf, who, describeAnno } from './cards.js';
import { Tools } from './tools.js';

const $ = id => document.getElementById(id);
const reader = $('reader');
const slug = reader.dataset.slug;
const docIri = reader.dataset.iri;
const me = $('signed-in-user').dataset.username;
const textRoot = $('text');
const margin = $('margin');
const toolbar = $('toolbar');
const GROUP_KEY = 'scholion.group';
const shownRevision = Number(reader.dataset.revision);
const currentRevision = Number(reader.dataset.current);
const revisionIri = docIri + '/revisions/' + shownRevision;
const pages = reader.dataset.pages ? reader.dataset.pages.split(' ').map(Number) : [];
const REPAINT_QUIET_MS = 400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const st = {
  chars: [], text: '', paintedAt: 0, group: 'private', items: [], byIri: new Map(), children: new Map(),
  anchors: new Map(), firstMark: new Map(), pending: null, groups: new Map(),
  // by annotation IRI: what changed since a moderator's refused action, shown while the card shows that version (etag)
  notices: new Map(),
};

function status(msg) { $('status').textContent = msg; }
function mine(a) { return a.creator && a.creator.nickname === me; }
/** The chosen group as the API described it to this user (role, settings), or null for "Only me". */
function currentGroup() { return st.groups.get(st.group) || null; }
function moderator() { const g = currentGroup(); return !!g && g.myRole === 'moderator'; }
const ctx = { done: () => load(), say: msg => status(msg), stale: (a, refusal) => reloadCard(a, refusal) };

/**
 * A moderator's action on a card was refused because the annotation changed since the card was
 * drawn: load it as it is now, draw it, and say what changed, so the moderator decides again.
 */
async function reloadCard(before, refusal) {
  const after = await api.current(before.id);
  const at = st.items.findIndex(x => x.id === before.id);
  if (!after) {
    if (at >= 0) st.items.splice(at, 1);
    status(refusal + ': this annotation changed since you saw it, and you can no longer see it.');
  } else {
    if (at >= 0) st.items[at] = after; else st.items.push(after);
    st.notices.set(after.id, { etag: after.etag, title: refusal + '.',
      lines: [...changes(before, after), 'Decide again on the card as it is now.'] });
    status(refusal + ': this annotation changed since you saw it. Its card shows it as it is now.');
  }
  index();
  fillFilters();
  render();
  if (after) focusCard(after.id);
}

const form = new AnnotationForm(slug, submit, () => textRoot.focus());
const view = cards({ st, slug, pages, me, moderator, ctx, form, status, focusCard, focusMark, startEdit, remove, showWritten });
const selection = wireSelection({
  textRoot, toolbar, status, chars: () => st.chars, quiet: () => Date.now() - st.paintedAt < REPAINT_QUIET_MS,
  onMark: m => { if (m.dataset.ids) focusCard(idOfMark(m)); }, onChoose: motivation => start(motivation),
});
const orphans = new Orphans({ slug, docIri, status, toolbar, reload: () => load(), focusCard: iri => focusCard(iri) });
function groupName(id) {
  return (Array.from($('group-switcher').options).find(o => o.value === id) || { textContent: 'this group' }).textContent;
}
const live = new Live({
  slug, st, me, status, reload: () => load(), refresh: () => { index(); fillFilters(); render(); claimsStale(); }, revised, groupName,
});
const tools = new Tools({
  slug, group: () => st.group, groupName, moderator, current: shownRevision === currentRevision,
  reveal: a => reveal(a), imported: (done, into) => imported(done, into), repaint: () => render(),
});
function claimsStale() { const c = tools.claims(); if (c) c.stale(); }
onSessionExpired(() => {
  // what is being typed is already in sessionStorage (form.keep); keep the reply boxes too
  const box = document.activeElement && document.activeElement.closest && document.activeElement.closest('.reply-form');
  if (box && box.elements.text.value) form.keepReply(box.dataset.target, box.elements.text.value);
});

/** A new revision was published while this page was open: say so, then read it (api.js keeps a draft being typed). */
function revised() {
  const note = $('revised-notice') || el('p', { id: 'revised-notice', class: 'revised-notice', role: 'alert' });
  note.textContent = 'A new revision was published — reloading.';
  $('status').before(note);
  setTimeout(() => window.location.assign('/read/' + encodeURIComponent(slug)), 1500);
}

async function init() {
  const wantedId = new URLSearchParams(window.location.search).get('annotation');
  const [doc, groups, wanted] = await Promise.all([
    shownRevision === currentRevision ? api.document(slug) : api.revision(slug, shownRevision), api.groups(),
    wantedId && UUID.test(wantedId) ? api.current(docIri + '/annotations/' + wantedId).catch(() => null) : null]);
  st.text = doc.text;
  st.chars = Array.from(doc.text);
  const sw = $('group-switcher');
  for (const g of groups) {
    st.groups.set(g.id, g);
    sw.append(el('option', { value: g.id, text: g.name + (g.archived ? ' (archived)' : '') }));
  }
  const saved = localStorage.getItem(GROUP_KEY);
  const offered = g => Array.from(sw.options).some(o => o.value === g);
  st.group = saved && offered(saved) ? saved : (groups[0] ? groups[0].id : 'private');
  // ?group= chooses one of the reader's groups (an LTI launch opens the reading in its course's group)
  const wantedGroup = new URLSearchParams(window.location.search).get('group');
  if (wantedGroup && offered(wantedGroup)) st.group = wantedGroup;
  if (wanted && !wanted.deleted && offered(groupOf(wanted))) st.group = groupOf(wanted);
  sw.value = st.group;
  sw.addEventListener('change', () => chooseGroup(sw.value));
  for (const id of ['filter-tag', 'filter-author', 'filter-motivation']) $(id).addEventListener('change', render);
  const rs = $('revision-switcher');
  if (rs) rs.addEventListener('change', () => rs.form.requestSubmit());
  window.addEventListener('resize', layout);
  await load();
  if (wantedId) await openOn(wantedId, wanted);
  restoreDraft();
}

/** The group an annotation is in, or 'private' for a private note. */
function groupOf(a) { return a.visibility === 'private' || !a.group ? 'private' : a.group; }

/** Shows this group's annotations (or 'private': one's own notes), remembered in the browser. */
async function chooseGroup(g) {
  st.group = g;
  $('group-switcher').value = g;
  localStorage.setItem(GROUP_KEY, g);
  await load();
}

/** The page was opened on an annotation (?annotation=): on the revision it is on, its card and passage shown. */
async function openOn(id, a) {
  if (!a || a.deleted) {
    status('The annotation this link names is not here: it was deleted, or you may not see it.');
    return;
  }
  const cached = a.target && typeof a.target === 'object' && a.target.state && a.target.state.cached;
  const n = cached ? Number(cached.slice(cached.lastIndexOf('/') + 1)) : currentRevision;
  if (n && n !== shownRevision) {
    window.location.replace(`/read/${encodeURIComponent(slug)}?${n === currentRevision ? '' : 'revision=' + n + '&'}annotation=${encodeURIComponent(id)}`);
    return;
  }
  await reveal(a);
}

/**
 * Shows one of this text's annotations (a search result, a scored item, a link): switches to its
 * group if needed, clears filters that hide it, then marks its passage and card and brings them into view.
 */
async function reveal(a) {
  const g = groupOf(a.motivation ? a : (st.byIri.get(a.id) || a));
  if (a.motivation && g !== st.group) {
    if (!Array.from($('group-switcher').options).some(o => o.value === g)) {
      status('That annotation is in a group you are no longer in.');
      return false;
    }
    await chooseGroup(g);
  }
  if (!$('card-' + uuidOf(a.id)) && st.byIri.has(a.id)) {
    for (const id of ['filter-tag', 'filter-author', 'filter-motivation']) $(id).value = '';
    render();
  }
  if (!$('card-' + uuidOf(a.id))) {
    status('That annotation is not on the text shown here (it may be on another revision, or its passage was lost).');
    return false;
  }
  focusCard(a.id, true);
  return true;
}

/** A file was imported: if some of it is on this text, show where it went and the first of it. */
async function imported(done, into) {
  const here = done.items.map(i => i.to).filter(iri => iri.startsWith(docIri + '/annotations/'));
  if (into !== st.group && here.length) await chooseGroup(into);
  else await load();
  const first = here.find(iri => st.anchors.has(iri));
  if (first) focusCard(first, true);
  status(here.length ? `${here.length} of the imported annotations are on this text` + (into === 'private' ? ', under “Only me”.' : '.')
    : 'None of the imported annotations is on this text.');
}

// our own write, shown from the server's answer as a live event would show it (no container reload)
function showWritten(annotation, type) {
  live.apply([{ type, id: annotation.id, annotation }]);
}

async function load() {
  status('Loading annotations…');
  await live.follow(st.group); // subscribe first: what changes after the page was read arrives on the socket
  live.hold();
  try {
    const params = st.group === 'private' ? { visibility: 'private' } : { group: st.group };
    st.items = await api.annotations(slug, params);
    await addTombstones();
    if (tools.claims()) await tools.claims().refresh();
    index();
    fillFilters();
    render();
  } finally {
    live.release();
  }
  tools.groupChanged();
  const link = $('moderation-link');
  link.hidden = !moderator();
  if (moderator()) link.href = '/groups/' + encodeURIComponent(st.group) + '/moderation';
  const g = currentGroup();
  const notes = [];
  if (g && g.settings && !moderator()) {
    if (g.settings.hidePeersUntilPost) notes.push('Classmates\' annotations appear once you have posted your own on this text.');
    if (g.settings.preModeration) notes.push('New annotations wait for a moderator\'s approval.');
    if (g.settings.requireSources) notes.push('Comments need at least one source.');
  }
  status(`${st.roots.length} annotation${st.roots.length === 1 ? '' : 's'} shown.` + (notes.length ? ' ' + notes.join(' ') : ''));
}

/**
 * Deleted annotations leave the container, but their replies stay: fetch the tombstone of every
 * parent that is missing (and of its parent, up the thread), so the thread shows as "deleted".
 */
async function addTombstones() {
  const known = new Set(st.items.map(a => a.id));
  const missingParents = list => [...new Set(list
    .filter(a => a.motivation === 'replying' && typeof a.target === 'string' && !known.has(a.target))
    .map(a => a.target))];
  let missing = missingParents(st.items);
  while (missing.length) {
    const found = (await Promise.all(missing.map(iri => api.tombstone(iri)))).filter(Boolean);
    for (const t of found) { st.items.push(t); known.add(t.id); }
    missing = missingParents(found);
  }
}

/**
 * Whether an annotation's selectors hold for the revision shown: its target.state names it (an
 * annotation without a state predates revisions and holds for the current text). An orphan keeps
 * the state of the revision it was last anchored on, so it is painted there, never on the current text.
 */
function onShownRevision(a) {
  const cached = a.target && a.target.state && a.target.state.cached;
  return cached ? cached === revisionIri : shownRevision === currentRevision && a.anchoring !== 'orphaned';
}

function index() {
  st.byIri = new Map(st.items.map(a => [a.id, a]));
  st.children = new Map();
  st.anchors = new Map();
  st.roots = [];
  const lost = [];
  for (const a of st.items) {
    if (a.motivation === 'replying' && typeof a.target === 'string') {
      if (!st.children.has(a.target)) st.children.set(a.target, []);
      st.children.get(a.target).push(a);
    } else if (a.target && typeof a.target === 'object') {
      if (a.anchoring === 'orphaned' && mine(a) && !a.deleted && shownRevision === currentRevision) lost.push(a);
      if (!onShownRevision(a)) continue;
      const at = resolve(a.target, st.chars, st.text);
      if (at) st.anchors.set(a.id, at);
    }
  }
  for (const list of st.children.values()) list.sort((x, y) => x.created.localeCompare(y.created));
  orphans.show(lost);
}

function fillFilters() {
  const tags = new Set();
  const authors = new Map();
  for (const a of st.items) {
    parts(a).tags.forEach(t => tags.add(t));
    if (a.creator) authors.set(a.creator.nickname, who(a));
  }
  const refill = (select, entries) => {
    const keep = select.value;
    select.replaceChildren(el('option', { value: '', text: 'all' }), ...entries.map(([v, t]) => el('option', { value: v, text: t })));
    select.value = entries.some(([v]) => v === keep) ? keep : '';
  };
  refill($('filter-tag'), Array.from(tags).sort().map(t => [t, t]));
  refill($('filter-author'), Array.from(authors).sort((a, b) => a[1].localeCompare(b[1])));
}

function shown(a) {
  const tag = $('filter-tag').value;
  const author = $('filter-author').value;
  const motivation = $('filter-motivation').value;
  return (!tag || parts(a).tags.includes(tag)) && (!author || (a.creator && a.creator.nickname === author))
    && (!motivation || a.motivation === motivation);
}

function render() {
  st.roots = st.items.filter(a => st.anchors.has(a.id) && shown(a))
    .sort((x, y) => st.anchors.get(x.id).start - st.anchors.get(y.id).start || x.created.localeCompare(y.created));
  const spans = st.roots.map(a => ({ id: a.id, ...st.anchors.get(a.id), a }));
  st.firstMark = new Map();
  st.paintedAt = Date.now();
  const claims = tools.claims();
  if (claims) claims.startPaint();
  paint(textRoot, claims ? spans.concat(claims.spans()) : spans, decorate);
  performance.mark('highlights-rendered');
  renderCards();
  performance.mark('cards-rendered');
  reader.dataset.ready = String(Number(reader.dataset.ready || 0) + 1);
}

/**
 * A highlight stretch: its kind by colour and underline style, its verdict, and a spoken name; with
 * the claim map on, also its passage's shade and counts (a stretch only the map covers has no card).
 */
function decorate(mark, spans, from, to) {
  const passage = spans.find(s => s.passage);
  const covering = spans.filter(s => s.a);
  mark.tabIndex = -1;
  if (!covering.length) {
    mark.className = 'claim-only';
    tools.claims().decorate(mark, passage);
    return;
  }
  const top = covering[0].a;
  mark.className = 'hl m-' + top.motivation + (covering.length > 1 ? ' overlap' + Math.min(covering.length, 3) : '');
  mark.dataset.ids = covering.map(s => uuidOf(s.id)).join(' ');
  const names = covering.map(s => describeAnno(s.a));
  mark.setAttribute('aria-label', names.join('; '));
  mark.title = names.join('\n');
  if (passage) tools.claims().decorate(mark, passage);
  for (const s of covering) {
    if (!st.firstMark.has(s.id)) st.firstMark.set(s.id, mark);
    if (s.end === to && s.a.motivation === 'assessing') {
      const v = parts(s.a).verdict;
      if (v) { mark.dataset.verdict = VERDICTS[v] || v; mark.classList.add('v-' + v); }
    }
  }
}

function renderCards() {
  // a re-render (a live event, a moderation action) keeps the focus on the card or reply it was on
  const focused = document.activeElement && margin.contains(document.activeElement) && document.activeElement.id;
  const frag = document.createDocumentFragment();
  for (const a of st.roots) frag.append(view.card(a));
  margin.replaceChildren(frag);
  layout();
  if (focused && focused.startsWith('card-') && $(focused)) $(focused).focus({ preventScroll: true });
}

/** Cards sit level with their passage and never overlap; reads first, then writes. */
function layout() {
  if (window.matchMedia('(max-width: 60rem)').matches) return;
  const base = margin.getBoundingClientRect().top;
  const cards = Array.from(margin.children);
  const tops = cards.map(c => { const m = st.firstMark.get(c.dataset.iri); return m ? m.getBoundingClientRect().top - base : 0; });
  const heights = cards.map(c => c.offsetHeight);
  let y = 0;
  cards.forEach((c, i) => {
    const top = Math.max(tops[i], y);
    c.style.top = top + 'px';
    y = top + heights[i] + 8;
  });
  margin.style.minHeight = y + 'px';
}

/** Marks a card (or reply) and its thread's passage as active and focuses it; center: the passage in the middle of the view first. */
function focusCard(iri, center = false) {
  const c = $('card-' + uuidOf(iri));
  if (!c) return;
  const root = rootOf(iri);
  margin.querySelectorAll('.active').forEach(x => x.classList.remove('active'));
  textRoot.querySelectorAll('mark.active').forEach(x => x.classList.remove('active'));
  c.classList.add('active');
  textRoot.querySelectorAll(`mark[data-ids~="${uuidOf(root)}"]`).forEach(m => m.classList.add('active'));
  const m = center && st.firstMark.get(root);
  if (m) m.scrollIntoView({ block: 'center' });
  c.scrollIntoView({ block: 'nearest' });
  c.focus({ preventScroll: true });
}

/** The top of a reply's thread (the annotation itself when it is not a reply). */
function rootOf(iri) {
  let a = st.byIri.get(iri);
  while (a && a.motivation === 'replying' && typeof a.target === 'string' && st.byIri.has(a.target)) a = st.byIri.get(a.target);
  return a ? a.id : iri;
}

function focusMark(iri) {
  const m = st.firstMark.get(iri);
  if (!m) return;
  textRoot.querySelectorAll('mark.active').forEach(x => x.classList.remove('active'));
  textRoot.querySelectorAll(`mark[data-ids~="${uuidOf(iri)}"]`).forEach(x => x.classList.add('active'));
  m.scrollIntoView({ block: 'center' });
  m.focus({ preventScroll: true });
  // leave a caret at the highlight so Enter goes back to the card
  getSelection().collapse(m.firstChild, 0);
}

// ---- selection (selection.js) and what to do with it -------------------------------------------

function idOfMark(m) {
  return docIri + '/annotations/' + m.dataset.ids.split(' ')[0];
}

function hideToolbar() { selection.hide(); }

/** A new annotation's target: selectors on the revision shown, which its state names (the server carries it forward). */
function target(anchor) {
  return {
    source: docIri,
    state: { type: 'TimeState', cached: revisionIri },
    selector: [
      { type: 'TextQuoteSelector', exact: anchor.exact, prefix: anchor.prefix, suffix: anchor.suffix },
      { type: 'TextPositionSelector', start: anchor.start, end: anchor.end },
    ],
  };
}

async function start(motivation) {
  const anchor = selection.take();
  if (!anchor) return;
  hideToolbar();
  // the quote goes with the form; a selection left over the text would offer the toolbar again after the repaint
  getSelection().removeAllRanges();
  if (motivation === 'reattach') return orphans.attach(anchor);
  if (motivation === 'highlighting') {
    try {
      const { data } = await api.create(slug, AnnotationForm.annotation('highlighting', [], target(anchor), st.group));
      showWritten(data, 'created');
      focusCard(data.id);
      status('Highlight saved.');
    } catch (err) {
      if (err.status !== 401) status('Could not save the highlight: ' + (err.errors.map(x => x.message).join(' ') || err.message));
    }
    return;
  }
  form.open({ motivation, anchor, quote: anchor.exact, group: st.group });
}

async function submit(state, values) {
  const { body, fields } = AnnotationForm.body(state.motivation, values);
  const save = $('form-save');
  save.disabled = true;
  try {
    let data;
    if (state.editing) {
      const old = state.editing.anno;
      const anno = AnnotationForm.annotation(old.motivation, body, old.target, old.motivation === 'replying' ? undefined : (old.group || 'private'));
      ({ data } = await api.update(old.id, anno, state.editing.etag));
    } else {
      ({ data } = await api.create(slug, AnnotationForm.annotation(state.motivation, body, target(state.anchor), state.group)));
    }
    form.close(false);
    showWritten(data, state.editing ? 'updated' : 'created');
    focusCard(data.id);
    status((state.editing ? 'Saved your changes.' : KINDS[state.motivation].label + ' saved.')
      + (data.moderationState === 'pending' ? ' It waits for a moderator\'s approval.' : ''));
  } catch (err) {
    if (err.status === 401) return;
    if (err.status === 412) return conflict();
    form.showErrors(err instanceof ApiError ? err : new ApiError(0, { detail: String(err) }), fields);
  } finally {
    save.disabled = false;
  }
}

async function conflict() {
  form.close(false);
  status('This annotation has changed since you loaded it. The latest version is shown; please try again.');
  await load();
}

async function startEdit(a) {
  try {
    const { data, etag } = await api.get(a.id);
    if (data.modified !== a.modified) return conflict();
    const p = parts(data);
    form.open({ motivation: data.motivation, quote: a.motivation === 'replying' ? '' : st.chars.slice(st.anchors.get(a.id).start, st.anchors.get(a.id).end).join(''),
      editing: { iri: a.id, etag, anno: data } }, p);
  } catch (err) {
    if (err.status === 404 || err.status === 410) return conflict();
    if (err.status !== 401) status(err.message);
  }
}

async function remove(a) {
  if (!window.confirm('Delete this ' + KINDS[a.motivation].label.toLowerCase() + '?')) return;
  try {
    const { etag, data } = await api.get(a.id);
    if (data.modified !== a.modified) return conflict();
    await api.remove(a.id, etag);
    await load();
    status('Deleted.');
    textRoot.focus();
  } catch (err) {
    if (err.status === 412 || err.status === 404 || err.status === 410) return conflict();
    if (err.status !== 401) status(err.message);
  }
}

function restoreDraft() {
  const d = form.draft();
  if (!d) return;
  if (d.kind === 'form' && d.state) {
    form.open(d.state, d.values);
    status('Your unsaved text was restored.');
  } else if (d.kind === 'reply') {
    const f = margin.querySelector(`.reply-form[data-target="${CSS.escape(d.target)}"]`);
    if (f) { f.elements.text.value = d.text; f.elements.text.focus(); status('Your unsaved reply was restored.'); }
  }
}

init().catch(err => { if (!(err instanceof ApiError && err.status === 401)) status('The reader could not start: ' + err.message); });
