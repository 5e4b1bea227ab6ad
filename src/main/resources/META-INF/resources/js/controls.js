// The moderation controls on an annotation, shared by the reader's cards and the moderation queue:
// what a reader may do (helpful, flag) and what a moderator may do (hide with a reason, unhide,
// approve, reject, endorse, lock the thread, restore, review a source). Each control calls the API
// and then `done()`, which reloads what the page shows; errors go to `say()`.
import { api } from './api.js';
import { el, FLAG_REASONS, SOURCE_VERDICTS } from './render.js';

function failed(say, what) {
  return err => { if (err.status !== 401) say(what + ': ' + (err.errors.map(x => x.message).join(' ') || err.message)); };
}

function button(cls, text, label, onClick) {
  const b = el('button', { type: 'button', class: cls, text, 'aria-label': label || null });
  b.addEventListener('click', onClick);
  return b;
}

/** A small inline form: one select and/or one text input and a submit button. */
function inlineForm(cls, { select, placeholder, required, submit, label }, onSubmit) {
  const f = el('form', { class: 'inline-form ' + cls, novalidate: true, 'aria-label': label });
  let choice = null;
  if (select) {
    choice = el('select', { name: 'choice', 'aria-label': label + ': choose' },
      ...Object.entries(select).map(([v, t]) => el('option', { value: v, text: t })));
    f.append(choice);
  }
  const text = el('input', { name: 'text', maxlength: '1000', placeholder, 'aria-label': placeholder });
  const error = el('p', { class: 'field-error', role: 'alert' });
  f.append(text, el('button', { type: 'submit', text: submit }), button('cancel', 'Cancel', null, () => f.remove()), error);
  f.addEventListener('submit', async e => {
    e.preventDefault();
    if (required && !text.value.trim()) { error.textContent = required; text.focus(); return; }
    error.textContent = '';
    try {
      await onSubmit(choice ? choice.value : null, text.value.trim());
    } catch (err) {
      if (err.status !== 401) error.textContent = err.errors.map(x => x.message).join(' ') || err.message;
    }
  });
  return f;
}

/** "Helpful" and "Flag" for someone else's visible group annotation; the count for one's own. */
export function readerControls(a, { mine, done, say }) {
  const out = [];
  if (!a.group || a.deleted || a.moderationState !== 'visible') return out;
  if (mine) {
    if (a.upvotes) out.push(el('span', { class: 'upvotes', text: a.upvotes + ' found this helpful' }));
    return out;
  }
  const up = button('upvote', '👍 Helpful' + (a.upvotes ? ' (' + a.upvotes + ')' : ''),
    (a.upvotedByMe ? 'Withdraw your upvote' : 'Mark as helpful') + '; ' + a.upvotes + ' so far',
    () => api.upvote(a.id, !a.upvotedByMe).then(done, failed(say, 'Could not upvote')));
  up.setAttribute('aria-pressed', String(!!a.upvotedByMe));
  out.push(up);
  if (a.flaggedByMe) {
    out.push(el('span', { class: 'flagged', text: '⚑ You flagged this' }));
  } else {
    const flag = button('flag', '⚑ Flag', 'Flag this for the moderators', () => {
      const parent = flag.closest('.card-actions');
      if (parent.querySelector('.flag-form')) return;
      const f = inlineForm('flag-form', { select: FLAG_REASONS, placeholder: 'What is wrong? (needed for Other)', submit: 'Send flag',
        label: 'Flag for the moderators' }, async (reason, note) => {
        await api.flag(a.id, reason, note);
        say('Flagged. Only the moderators see who flagged.');
        await done();
      });
      parent.after(f);
      f.querySelector('select').focus();
    });
    out.push(flag);
  }
  return out;
}

/** A moderator's controls for one annotation (not for private notes). */
export function moderatorControls(a, { isRoot, done, say }) {
  const out = [];
  if (!a.group) return out;
  if (a.deleted) {
    out.push(button('restore', 'Restore', 'Restore this deleted annotation',
      () => api.restore(a.id).then(() => { say('Restored.'); return done(); }, failed(say, 'Could not restore'))));
    return out;
  }
  const hide = (label, cls) => button(cls, label, null, ev => {
    const parent = ev.target.closest('.card-actions, .queue-actions');
    if (parent.querySelector('.hide-form')) return;
    const f = inlineForm('hide-form', { placeholder: 'Why? The author is told.', required: 'Say why: the author is told.',
      submit: label, label: label + ' this annotation' }, async (_, reason) => {
      await api.moderate(a.id, 'hidden', reason);
      say(label === 'Reject' ? 'Rejected.' : 'Hidden.');
      await done();
    });
    parent.after(f);
    f.querySelector('input').focus();
  });
  const visible = (label, cls, message) => button(cls, label, null,
    () => api.moderate(a.id, 'visible').then(() => { say(message); return done(); }, failed(say, 'Could not ' + label.toLowerCase())));
  if (a.moderationState === 'pending') {
    out.push(visible('Approve', 'approve', 'Approved.'), hide('Reject', 'reject'));
  } else if (a.moderationState === 'hidden') {
    out.push(visible('Unhide', 'unhide', 'Visible again.'));
  } else {
    out.push(hide('Hide', 'hide'));
    if (a.flagCount) out.push(visible('Dismiss flags', 'dismiss', 'Flags dismissed.'));
    out.push(button('endorse', a.endorsed ? 'Withdraw endorsement' : '★ Endorse', null,
      () => api.endorse(a.id, !a.endorsed).then(() => { say(a.endorsed ? 'Endorsement withdrawn.' : 'Endorsed.'); return done(); },
        failed(say, 'Could not endorse'))));
  }
  if (isRoot) {
    out.push(button('lock', a.locked ? 'Unlock thread' : '🔒 Lock thread', null,
      () => api.lock(a.id, !a.locked).then(() => { say(a.locked ? 'Thread unlocked.' : 'Thread locked: no more replies.'); return done(); },
        failed(say, 'Could not lock'))));
  }
  return out;
}

/** A moderator's review control under one source of the annotation. */
export function reviewControl(a, source, { done, say }) {
  const f = inlineForm('review-form', { select: SOURCE_VERDICTS, placeholder: 'Note for the author and the group (optional)',
    submit: 'Review', label: 'Review this source' }, async (verdict, note) => {
    await api.review(a.id, source.id.replace(/^urn:uuid:/, ''), verdict, note);
    say('Source reviewed.');
    await done();
  });
  f.querySelector('.cancel').remove();
  if (source.review) f.querySelector('select').value = source.review.verdict;
  return f;
}
