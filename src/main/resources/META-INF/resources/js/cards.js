// The margin's cards: an annotation with its passage, its content (Markdown, tags, sources), badges
// and actions, and its reply thread with a reply box; a deleted annotation's dashed card. All
// user-written text goes in through render.js (as text, or Markdown through DOMPurify).
import { api } from './api.js';
import { pageOf } from './anchoring.js';
import { markdown, el, KINDS, VERDICTS, when, parts, citation, badges, changeNotice } from './render.js';
import { AnnotationForm } from './form.js';
import { readerControls, moderatorControls, reviewControl } from './controls.js';

export function uuidOf(iri) { return iri.slice(iri.lastIndexOf('/') + 1); }

/**
 * The author as text: the display name with the username, which is unique and cannot be changed
 * ("Ines Alvarez (@ines)"), so a name alone cannot pass for someone else's.
 */
export function who(a) {
  const c = a.creator || {};
  if (c.name && c.nickname && c.name !== c.nickname) return c.name + ' (@' + c.nickname + ')';
  return c.nickname ? '@' + c.nickname : c.name || 'someone';
}

/** What an annotation is, by whom, its verdict and tags: a highlight's spoken name and a card's label. */
export function describeAnno(a) {
  if (a.deleted) return 'Deleted annotation';
  const p = parts(a);
  return `${KINDS[a.motivation].label} by ${who(a)}` + (p.verdict ? `: ${p.verdict}` : '')
    + (p.tags.length ? ` (tags: ${p.tags.join(', ')})` : '');
}

/**
 * The card builder of one reader page.
 * @param v what the reader lends: st (its state), slug, pages (PDF page starts), me (username),
 *   moderator(), ctx (the moderation controls' done/say/stale), form (the AnnotationForm),
 *   status(text), focusCard(iri), focusMark(iri), startEdit(a), remove(a), showWritten(a, type)
 */
export function cards(v) {
  const { st, slug, pages, moderator, ctx, form, status } = v;
  const mine = a => !!a.creator && a.creator.nickname === v.me;

  /** The notice of what changed on this card, if it still shows the version the notice is about. */
  function notice(a) {
    const n = st.notices.get(a.id);
    return n && n.etag === a.etag ? changeNotice(n.title, n.lines) : null;
  }

  function card(a) {
    if (a.deleted) return deletedCard(a);
    const p = parts(a);
    const c = el('article', {
      class: 'card m-' + a.motivation, id: 'card-' + uuidOf(a.id), tabindex: '-1', 'data-iri': a.id,
      'aria-label': describeAnno(a) + ' on “' + (st.chars.slice(st.anchors.get(a.id).start, st.anchors.get(a.id).end).join('').slice(0, 80)) + '”',
    });
    c.append(head(a));
    const n = notice(a);
    if (n) c.append(n);
    const at = st.anchors.get(a.id);
    const quote = st.chars.slice(at.start, at.end).join('');
    c.append(el('blockquote', { class: 'quote' }, pages.length ? el('span', { class: 'page-ref', text: 'p. ' + pageOf(pages, at.start) + ' ' }) : null,
      quote.length > 160 ? quote.slice(0, 157) + '…' : quote));
    if (a.anchoring === 'fuzzy' && a.originalQuote && a.originalQuote !== quote) {
      c.append(el('p', { class: 'moved-note', role: 'note' }, 'The passage was edited in a new revision; this was written on “',
        el('span', { text: a.originalQuote.length > 160 ? a.originalQuote.slice(0, 157) + '…' : a.originalQuote }), '”.'));
    }
    content(c, a, p);
    const actions = el('div', { class: 'card-actions' });
    const show = el('button', { type: 'button', class: 'show', text: 'Show in text' });
    show.addEventListener('click', () => v.focusMark(a.id));
    actions.append(show);
    ownActions(actions, a);
    actions.append(...readerControls(a, { mine: mine(a), ...ctx }));
    if (moderator()) actions.append(...moderatorControls(a, { isRoot: true, ...ctx }));
    c.append(actions);
    const thread = el('ol', { class: 'replies', 'aria-label': 'Replies' });
    replies(thread, a.id);
    if (thread.children.length) c.append(thread);
    if (a.locked && !moderator()) c.append(el('p', { class: 'locked-note', text: '🔒 A moderator locked this thread: no more replies.' }));
    else if (a.moderationState === 'visible') c.append(replyBox(a));
    return c;
  }

  /** What is left of a deleted annotation: its passage and the replies under it. */
  function deletedCard(a) {
    const at = st.anchors.get(a.id);
    const quote = st.chars.slice(at.start, at.end).join('');
    const c = el('article', { class: 'card deleted', id: 'card-' + uuidOf(a.id), tabindex: '-1', 'data-iri': a.id,
      'aria-label': 'Deleted annotation on “' + quote.slice(0, 80) + '”' });
    c.append(el('header', { class: 'card-head' }, el('span', { class: 'kind-label', text: 'Deleted annotation' })));
    const n = notice(a);
    if (n) c.append(n);
    c.append(el('blockquote', { class: 'quote', text: quote.length > 160 ? quote.slice(0, 157) + '…' : quote }));
    if (moderator()) c.append(el('div', { class: 'card-actions' }, ...moderatorControls(a, { isRoot: true, ...ctx })));
    const thread = el('ol', { class: 'replies', 'aria-label': 'Replies' });
    replies(thread, a.id);
    if (thread.children.length) c.append(thread);
    return c;
  }

  function head(a) {
    return el('header', { class: 'card-head' },
      el('span', { class: 'kind', 'aria-hidden': 'true', text: KINDS[a.motivation].icon + ' ' }),
      el('span', { class: 'kind-label', text: KINDS[a.motivation].label }), ' · ',
      ...author(a), ' · ',
      el('time', { datetime: a.created, text: when(a.created) }),
      a.modified && a.modified !== a.created ? el('span', { class: 'edited', text: ' (edited)' }) : null,
      a.visibility === 'private' ? el('span', { class: 'private', text: ' · only me' }) : null,
      badges(a));
  }

  /** The name, then the username set apart, on cards and replies. */
  function author(a) {
    const c = a.creator || {};
    if (!c.nickname) return [el('strong', { class: 'author', text: c.name || 'someone' })];
    return [el('strong', { class: 'author', text: c.name || c.nickname }), ' ', el('span', { class: 'username', text: '@' + c.nickname })];
  }

  function content(c, a, p) {
    if (a.moderationState === 'hidden' && a.moderationReason) {
      c.append(el('p', { class: 'moderation-reason', role: 'note' }, el('strong', { text: 'Hidden by a moderator: ' }),
        el('span', { text: a.moderationReason })));
    }
    if (p.verdict) c.append(el('p', { class: 'verdict v-' + p.verdict, text: 'Verdict: ' + (VERDICTS[p.verdict] || p.verdict) }));
    if (p.text) {
      const body = el('div', { class: 'markdown' });
      body.innerHTML = markdown(p.text);
      c.append(body);
    }
    if (p.tags.length) c.append(el('ul', { class: 'tags', 'aria-label': 'Tags' }, ...p.tags.map(t => el('li', { text: '#' + t }))));
    if (p.sources.length) {
      c.append(el('ol', { class: 'sources', 'aria-label': 'Sources' }, ...p.sources.map(s => {
        const li = citation(s);
        if (moderator() && s.id && !a.deleted) li.append(reviewControl(a, s, ctx));
        return li;
      })));
    }
  }

  function ownActions(actions, a) {
    if (!mine(a)) return;
    const edit = el('button', { type: 'button', class: 'edit', text: 'Edit', 'aria-label': 'Edit your ' + KINDS[a.motivation].label.toLowerCase() });
    edit.addEventListener('click', () => v.startEdit(a));
    const del = el('button', { type: 'button', class: 'delete', text: 'Delete', 'aria-label': 'Delete your ' + KINDS[a.motivation].label.toLowerCase() });
    del.addEventListener('click', () => v.remove(a));
    actions.append(edit, del);
  }

  function replies(list, iri) {
    for (const r of st.children.get(iri) || []) {
      const li = el('li', { class: 'reply' + (r.deleted ? ' deleted' : ''), id: 'card-' + uuidOf(r.id), tabindex: '-1', 'data-iri': r.id,
        'aria-label': r.deleted ? 'Deleted reply' : 'Reply by ' + who(r) });
      if (r.deleted) {
        li.append(el('p', { class: 'card-head', text: 'Deleted reply' }));
      } else {
        li.append(head(r));
      }
      const n = notice(r);
      if (n) li.append(n);
      if (!r.deleted) content(li, r, parts(r));
      const actions = el('div', { class: 'card-actions' });
      ownActions(actions, r);
      if (!r.deleted) actions.append(...readerControls(r, { mine: mine(r), ...ctx }));
      if (moderator()) actions.append(...moderatorControls(r, { isRoot: false, ...ctx }));
      if (actions.children.length) li.append(actions);
      const sub = el('ol', { class: 'replies' });
      replies(sub, r.id);
      if (sub.children.length) li.append(sub);
      list.append(li);
    }
  }

  function replyBox(a) {
    const id = 'reply-' + uuidOf(a.id);
    const f = el('form', { class: 'reply-form', 'data-target': a.id, novalidate: true });
    const ta = el('textarea', { id, name: 'text', rows: '1' });
    f.append(el('label', { for: id, text: 'Reply to ' + who(a) }), ta, el('button', { type: 'submit', text: 'Reply' }),
      el('p', { class: 'field-error', 'data-error-for': 'text', role: 'alert' }));
    ta.addEventListener('input', () => form.keepReply(a.id, ta.value));
    f.addEventListener('submit', async e => {
      e.preventDefault();
      const { body } = AnnotationForm.body('replying', { text: ta.value });
      f.querySelector('.field-error').textContent = '';
      if (!body.length) { f.querySelector('.field-error').textContent = 'Write a reply first.'; ta.focus(); return; }
      try {
        const { data } = await api.create(slug, AnnotationForm.annotation('replying', body, a.id));
        form.forget();
        v.showWritten(data, 'created');
        v.focusCard(data.id);
        status(data.moderationState === 'pending' ? 'Reply saved. It waits for a moderator\'s approval.' : 'Reply posted.');
      } catch (err) {
        if (err.status === 401) return;
        f.querySelector('.field-error').textContent = err.errors.map(x => x.message).join(' ') || err.message;
        ta.focus();
      }
    });
    return f;
  }

  return { card };
}
