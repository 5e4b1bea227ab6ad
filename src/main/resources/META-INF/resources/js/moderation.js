// The moderation page of a group: its settings, the queue (flagged first, then pending, then
// newest) with each annotation, its flags and the moderator's controls, and the log.
//
// Each card keeps the annotation as it was rendered, with its `etag`; every decision sends that
// etag, so a card that changed since it was drawn is refused (412) instead of overruled. The card is
// then reloaded and says what changed. While the page is open, live updates redraw a card that
// changes (an author's edit, another moderator's decision) and say what changed too.
import { api } from './api.js';
import { el, markdown, parts, citation, badges, changeNotice, when, KINDS, FLAG_REASONS } from './render.js';
import { moderatorControls, reviewControl, changes } from './controls.js';
import { Live } from './live.js';

const $ = id => document.getElementById(id);
const root = $('moderation');
const group = root.dataset.group;
const me = $('signed-in-user') ? $('signed-in-user').dataset.username : null;
/** A live socket per document of the queue, up to this many: each is one of the user's sockets, which the server bounds. */
const MAX_FEEDS = 3;
/**
 * items: the queue items as drawn; notices: by annotation IRI, what changed, shown while the card
 * still shows that version (etag).
 */
const st = { filter: 'open', page: 0, items: [], notices: new Map(), asked: 0 };

function status(msg) { $('status').textContent = msg; }
const ctx = { done: a => refresh().then(() => forget(a)), say: status, stale: (a, refusal) => reloadItem(a.id, refusal) };

/** After one's own decision on a card: what changed before it no longer needs saying (its live event may have said it). */
function forget(a) {
  if (!a || !st.notices.delete(a.id)) return;
  const i = st.items.find(x => x.annotation.id === a.id);
  if (i) redraw(i);
}

async function refresh() {
  st.page = 0;
  await Promise.all([loadQueue(true), loadLog()]);
}

/** Reads a page of the queue: the first one again ({@code fresh}), or the next ("More"). */
async function loadQueue(fresh = false) {
  // live updates, decisions and the filter all read the queue again: only the latest read is drawn
  const asked = ++st.asked;
  const q = await api.queue(group, st.filter, st.page);
  if (asked !== st.asked) return;
  st.items = fresh ? q.items : [...st.items, ...q.items];
  $('queue').replaceChildren(...st.items.map(item));
  $('queue-more').hidden = (st.page + 1) * q.pageSize >= q.total;
  $('queue-title').textContent = `Queue (${q.total})`;
  drawn();
  follow(q.items.map(i => i.document.slug));
}

/** Tells whoever waits for the page (its tests) that the queue was drawn again. */
function drawn() {
  root.dataset.ready = String(Number(root.dataset.ready || 0) + 1);
}

function who(p) { return p ? (p.name || p.nickname || p.username) : 'someone'; }

function quoteOf(a) {
  if (typeof a.target === 'string') return null;
  const q = (a.target.selector || []).find(s => s.type === 'TextQuoteSelector');
  return q ? q.exact : null;
}

function item(i) {
  const a = i.annotation;
  a.deleted = i.deleted || null;
  const p = parts(a);
  const flagged = i.flags.some(f => !f.resolved);
  const li = el('li', { class: 'queue-item s-' + i.state + (flagged ? ' flagged-item' : ''), 'data-iri': a.id,
    'aria-label': (KINDS[a.motivation] ? KINDS[a.motivation].label : a.motivation) + ' by ' + who(a.creator) + ', ' + i.state });
  li.append(el('header', { class: 'card-head' },
    el('strong', { text: (KINDS[a.motivation] ? KINDS[a.motivation].label : a.motivation) + ' by ' + who(a.creator) }), ' · ',
    el('a', { href: '/read/' + encodeURIComponent(i.document.slug), text: i.document.title }), ' · ',
    el('time', { datetime: a.created, text: when(a.created) }), ' · ',
    el('span', { class: 'state', text: i.deleted ? 'deleted' : i.state }),
    badges(a)));
  const notice = st.notices.get(a.id);
  if (notice && notice.etag === a.etag) li.append(changeNotice(notice.title, notice.lines));
  const quote = quoteOf(a);
  if (quote) li.append(el('blockquote', { class: 'quote', text: quote.length > 200 ? quote.slice(0, 197) + '…' : quote }));
  if (typeof a.target === 'string') li.append(el('p', { class: 'help', text: 'A reply in a thread.' }));
  if (a.moderationReason) {
    li.append(el('p', { class: 'moderation-reason' }, el('strong', { text: 'Hidden: ' }), el('span', { text: a.moderationReason })));
  }
  if (i.recheck) {
    li.append(el('p', { class: 'recheck' }, el('strong', { text: 'To recheck: ' }), el('span', { text: i.recheck.reason })));
  }
  if (a.anchoring === 'orphaned') {
    const cached = a.target && a.target.state ? a.target.state.cached : '';
    const revision = cached ? cached.slice(cached.lastIndexOf('/') + 1) : '';
    li.append(el('p', { class: 'orphaned' }, el('strong', { text: 'Orphaned: ' }),
      el('span', { text: 'a new revision of the document lost its passage; it stays on revision ' + revision
        + ' until its author re-attaches it.' })));
  }
  if (p.text) {
    const body = el('div', { class: 'markdown' });
    body.innerHTML = markdown(p.text);
    li.append(body);
  }
  if (p.sources.length) {
    li.append(el('ol', { class: 'sources', 'aria-label': 'Sources' }, ...p.sources.map(s => {
      const c = citation(s);
      if (!i.deleted && s.id) c.append(reviewControl(a, s, ctx));
      return c;
    })));
  }
  if (i.flags.length) {
    li.append(el('ul', { class: 'flags', 'aria-label': 'Flags' }, ...i.flags.map(f => el('li', { class: f.resolved ? 'resolved' : 'open' },
      el('strong', { text: FLAG_REASONS[f.reason] ? FLAG_REASONS[f.reason].replace(' (say what)', '') : f.reason }),
      ' by ' + who(f.by) + ', ' + when(f.flagged) + (f.note ? ': ' : ''), f.note ? el('q', { text: f.note }) : null,
      f.resolved ? el('span', { class: 'help', text: ' (' + f.resolution + ')' }) : null))));
  }
  const actions = el('div', { class: 'queue-actions' }, ...moderatorControls(a, { isRoot: typeof a.target !== 'string', ...ctx }));
  li.append(actions);
  return li;
}

/** Draws one card again in place: the others keep what is being typed in them. */
function redraw(i) {
  const old = Array.from($('queue').children).find(li => li.dataset.iri === i.annotation.id);
  if (old) old.replaceWith(item(i));
  drawn();
}

/**
 * A decision on a card was refused because the annotation changed since the card was drawn: load
 * it as it is now (with its flags), draw it, and say what changed, so the moderator decides again.
 */
async function reloadItem(iri, refusal) {
  const at = st.items.findIndex(i => i.annotation.id === iri);
  const before = at < 0 ? null : st.items[at];
  const [annotation, record] = await Promise.all([api.current(iri), api.record(iri).catch(() => null)]);
  if (!before || !annotation || !record) {
    status(refusal + ': this annotation changed since you saw it, and is no longer yours to moderate here.');
    return refresh();
  }
  const after = { annotation, document: before.document, state: record.state, deleted: record.deleted || null, flags: record.flags,
    recheck: before.recheck };
  if (annotation.deleted && !annotation.body) {
    // a tombstone has no text: keep showing what was deleted (restoring brings back exactly that)
    after.annotation = { ...before.annotation, deleted: annotation.deleted, etag: annotation.etag };
  }
  st.items[at] = after;
  const lines = changes(before.annotation, after.annotation);
  st.notices.set(iri, { etag: after.annotation.etag, title: refusal + '.', lines: [...lines, 'Decide again on the card as it is now.'] });
  redraw(after);
  status(refusal + ': this annotation changed since you saw it. Its card shows it as it is now.');
}

// ---- live updates ------------------------------------------------------------------------------

/** The queue's live connection to one document: the reader's client, applying events to the queue's cards. */
class QueueFeed extends Live {
  constructor(slug) {
    super({ slug, st: { items: [] }, me, status, presence: false, reload: () => refreshSoon(), refresh: () => {},
      groupName: () => 'this group' });
  }

  apply(events) {
    events.forEach(live);
  }

  showPresence() {}

  markNew() {}
}

const feeds = new Map();

/**
 * Follows the documents of the cards shown (the first few): what changes there shows in the open
 * queue. The queue was read before these sockets' cursors, so it is read once more when they are
 * ready: nothing falls in between. {@code data-live} says when that is done.
 */
function follow(slugs) {
  const fresh = [...new Set(slugs)].filter(slug => !feeds.has(slug)).slice(0, Math.max(0, MAX_FEEDS - feeds.size));
  if (!fresh.length) return;
  root.dataset.live = 'connecting';
  Promise.all(fresh.map(slug => {
    const feed = new QueueFeed(slug);
    feeds.set(slug, feed);
    return feed.follow(group);
  })).then(() => refresh()).then(() => { root.dataset.live = 'ready'; }).catch(fail);
}

let pending = null;
/** Reads the queue again shortly (once for a burst of events): which annotations belong in it is the server's rule. */
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => refresh().catch(fail), 300);
}

function live(m) {
  const at = st.items.findIndex(i => i.annotation.id === m.id);
  if (at < 0) {
    // something not shown may belong in the queue now (new, back to pending, hidden, deleted): ask the server
    if (m.type === 'created' || m.type === 'deleted'
        || (m.type === 'updated' && (m.annotation.moderationState !== 'visible' || m.annotation.flagCount))) refreshSoon();
    return;
  }
  const before = st.items[at];
  if (m.type === 'removed') {
    st.items.splice(at, 1);
    const old = Array.from($('queue').children).find(li => li.dataset.iri === m.id);
    if (old) old.remove();
    drawn();
    status('An annotation left the queue: you can no longer see it.');
    return;
  }
  let after;
  if (m.type === 'deleted') {
    const t = m.tombstone || {};
    after = { ...before, deleted: t.deleted, annotation: { ...before.annotation, deleted: t.deleted, etag: t.etag } };
  } else if (m.type === 'updated' || m.type === 'created') {
    after = { ...before, annotation: m.annotation, state: m.annotation.moderationState, deleted: null };
  } else {
    return;
  }
  st.items[at] = after;
  const lines = changes(before.annotation, after.annotation);
  if (lines.length) st.notices.set(m.id, { etag: after.annotation.etag, title: 'Changed while you had it open.', lines });
  redraw(after);
}

async function loadLog() {
  const log = await api.log(group, 0);
  $('log').tBodies[0].replaceChildren(...log.items.map(e => el('tr', {},
    el('td', {}, el('time', { datetime: e.at, text: when(e.at) })),
    el('td', { text: who(e.actor) }),
    el('td', { text: e.action }),
    el('td', { text: (e.before || '—') + ' → ' + (e.after || '—') }),
    el('td', { text: e.reason || '' }))));
}

function wire() {
  $('queue-filter').addEventListener('change', () => { st.filter = $('queue-filter').value; refresh().catch(fail); });
  $('queue-more').addEventListener('click', () => { st.page++; loadQueue().catch(fail); });
  $('settings').addEventListener('submit', async e => {
    e.preventDefault();
    const f = $('settings');
    const error = f.querySelector('[data-error-for=settings]');
    error.textContent = '';
    try {
      await api.settings(group, {
        requireSources: f.elements.requireSources.checked,
        preModeration: f.elements.preModeration.checked,
        hidePeersUntilPost: f.elements.hidePeersUntilPost.checked,
      });
      status('Settings saved.');
      await loadLog();
    } catch (err) {
      if (err.status !== 401) error.textContent = err.errors.map(x => x.message).join(' ') || err.message;
    }
  });
}

function fail(err) {
  if (err.status !== 401) status('Could not load: ' + err.message);
}

wire();
refresh().catch(fail);
