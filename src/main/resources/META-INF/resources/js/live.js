// Live updates for the reader: one WebSocket per page on /api/documents/{slug}/live?group=…,
// authenticated by the session cookie. What classmates write appears without a reload (with a
// brief "new" marker, announced to screen readers), edits and deletions update in place, what the
// reader may no longer see vanishes, and a presence line says how many people read here now.
// A dropped socket reconnects with back-off and resumes from its cursor (?since=), so nothing is
// missed and nothing is shown twice (the server sends a socket each event once, in order; a cursor
// is an opaque string, kept only to resume with); an expired session is renewed by reconnecting,
// and if the session is gone for good the page signs in again (api.js keeps the draft).
// A refused upgrade (too many tabs, too many at once) or a close 1013 is retried with back-off.
import { api } from './api.js';
import { KINDS } from './render.js';

const NEW_FOR_MS = 6000;
const READY_WAIT_MS = 4000;
const CLOSE = { REAUTHENTICATE: 4401, REVOKED: 4403, EXPIRED_BY_QUARKUS: 1008 };

export class Live {
  /**
   * @param view what the reader lends: slug, st (its state), me (username), refresh() to re-index
   *   and re-render, reload() to fetch the annotations again, groupName(id), status(text), revised()
   *   when a new revision of the document was published (optional); and
   *   presence: false on a page that shows no presence line (the moderation queue)
   */
  constructor(view) {
    this.view = view;
    this.group = null;
    this.ws = null;
    this.cursor = null;
    this.ready = false;
    this.held = null;
    this.attempt = 0;
    this.timer = null;
    this.waiters = [];
    this.presence = element('p', 'presence', { id: 'presence', 'aria-live': 'polite' });
    this.announcer = element('p', 'visually-hidden', { id: 'live-announce', 'aria-live': 'polite', role: 'log' });
    const status = document.getElementById('status');
    // kept even when not shown, so the rest of this class need not ask
    if (view.presence !== false) status.after(this.presence, this.announcer);
    window.addEventListener('pagehide', () => this.stop());
  }

  /**
   * Follows the group (a fresh socket when it changed). Resolves once the server said "ready",
   * so that the annotations loaded next and the events after that cursor meet without a hole.
   */
  follow(group) {
    if (group === this.group && this.ws) return this.ready ? Promise.resolve() : this.untilReady();
    this.stop();
    this.group = group;
    this.cursor = null;
    this.presence.textContent = '';
    if (!group || group === 'private') return Promise.resolve();
    this.connect();
    return this.untilReady();
  }

  /** Events that arrive while the reader loads are kept, then applied on top (in order). */
  hold() { this.held = this.held || []; }

  release() {
    const events = this.held || [];
    this.held = null;
    if (events.length) this.apply(events);
  }

  stop() {
    clearTimeout(this.timer);
    if (this.ws) {
      this.ws.onclose = null;
      this.ws.close(1000, 'bye');
    }
    this.ws = null;
    this.ready = false;
  }

  untilReady() {
    return new Promise(resolve => {
      const t = setTimeout(resolve, READY_WAIT_MS);
      this.waiters.push(() => { clearTimeout(t); resolve(); });
    });
  }

  connect() {
    const q = new URLSearchParams({ group: this.group });
    if (this.cursor !== null) q.set('since', String(this.cursor));
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/api/documents/${encodeURIComponent(this.view.slug)}/live?${q}`);
    this.ws = ws;
    this.ready = false;
    let opened = false;
    ws.onopen = () => { opened = true; };
    ws.onmessage = e => this.receive(JSON.parse(e.data));
    ws.onclose = e => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.ready = false;
      if (e.code === CLOSE.REVOKED) {
        this.presence.textContent = '';
        this.view.status('You no longer belong to this group; live updates stopped.');
        return;
      }
      if (!opened) return this.checkSession();
      const renew = e.code === CLOSE.REAUTHENTICATE || e.code === CLOSE.EXPIRED_BY_QUARKUS;
      this.retry(renew ? 0 : undefined);
    };
  }

  /** The upgrade was refused: find out whether the session is gone (api.js then signs in again). */
  async checkSession() {
    try {
      await api.groups();
      this.retry();
    } catch (e) {
      if (e.status !== 401) this.retry();
    }
  }

  retry(delay) {
    const wait = delay !== undefined ? delay
      : Math.min(30000, 500 * 2 ** Math.min(this.attempt, 6)) * (0.75 + Math.random() / 2);
    this.attempt++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { if (!this.ws && this.group) this.connect(); }, wait);
  }

  receive(m) {
    switch (m.type) {
      case 'ready': {
        const first = this.cursor === null;
        this.cursor = m.cursor;
        this.ready = true;
        this.attempt = 0;
        // a first subscription nobody waited for (it came late): the page may predate its cursor
        if (first && !this.waiters.length) this.view.reload();
        this.waiters.splice(0).forEach(w => w());
        return;
      }
      case 'reload':
        this.cursor = m.cursor;
        this.ready = true;
        this.attempt = 0;
        if (this.waiters.length) { this.waiters.splice(0).forEach(w => w()); return; }
        this.view.reload();
        return;
      case 'presence':
        this.showPresence(m.readers);
        return;
      case 'revised':
        // a new revision of the document: the reader says so and reloads onto it
        if (m.cursor !== undefined) this.cursor = m.cursor;
        if (this.view.revised) this.view.revised(m);
        return;
      case 'created': case 'updated': case 'deleted': case 'removed':
        this.cursor = m.cursor;
        if (this.held) this.held.push(m); else this.apply([m]);
        return;
      default:
        // pong, error, and types a newer server may add: nothing to show
    }
  }

  showPresence(n) {
    const name = this.view.groupName(this.group);
    this.presence.textContent = n <= 1 ? `Only you are reading in ${name} now.`
      : `${n} people reading in ${name}`;
  }

  /** Applies events to the reader's state, re-renders once, keeps what the reader was typing. */
  apply(events) {
    const st = this.view.st;
    const fresh = [];
    for (const m of events) {
      const i = st.items.findIndex(a => a.id === m.id);
      if (m.type === 'created' || m.type === 'updated') {
        const a = m.annotation;
        if (i < 0) {
          st.items.push(a);
          if (!(a.creator && a.creator.nickname === this.view.me)) fresh.push(a);
        } else if (!st.items[i].modified || (a.modified || '') >= st.items[i].modified) {
          st.items[i] = a;
        }
      } else if (m.type === 'deleted' && i >= 0) {
        const hasReplies = st.items.some(r => r.target === m.id && !r.deleted);
        if (hasReplies && m.tombstone) st.items[i] = m.tombstone; else st.items.splice(i, 1);
      } else if (m.type === 'removed' && i >= 0) {
        st.items.splice(i, 1);
      }
    }
    const kept = keepTyping();
    this.view.refresh();
    kept();
    for (const a of fresh) this.markNew(a);
  }

  markNew(a) {
    const card = document.getElementById('card-' + a.id.slice(a.id.lastIndexOf('/') + 1));
    const kind = (KINDS[a.motivation] || { label: 'Annotation' }).label;
    const who = (a.creator && (a.creator.name || a.creator.nickname)) || 'someone';
    this.announcer.textContent = `New ${kind.toLowerCase()} by ${who}.`;
    if (!card) return;
    card.classList.add('live-new');
    const badge = element('span', 'new-badge', { text: 'new' });
    (card.querySelector('.card-head') || card).append(badge);
    setTimeout(() => { card.classList.remove('live-new'); badge.remove(); }, NEW_FOR_MS);
  }
}

/** Remembers the reply boxes' text and the focused field across a re-render; returns the restorer. */
function keepTyping() {
  const drafts = new Map();
  document.querySelectorAll('.reply-form').forEach(f => {
    if (f.elements.text.value) drafts.set(f.dataset.target, f.elements.text.value);
  });
  const active = document.activeElement;
  const form = active && active.closest ? active.closest('.reply-form') : null;
  const focused = form ? { target: form.dataset.target, start: active.selectionStart, end: active.selectionEnd } : null;
  return () => {
    document.querySelectorAll('.reply-form').forEach(f => {
      if (drafts.has(f.dataset.target)) f.elements.text.value = drafts.get(f.dataset.target);
      if (focused && f.dataset.target === focused.target) {
        f.elements.text.focus({ preventScroll: true });
        f.elements.text.setSelectionRange(focused.start, focused.end);
      }
    });
  };
}

function element(tag, cls, attrs) {
  const e = document.createElement(tag);
  e.className = cls;
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  return e;
}
