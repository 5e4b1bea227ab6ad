// The moderation controls on an annotation, shared by the reader's cards and the moderation queue:
// what a reader may do (helpful, flag) and what a moderator may do (hide with a reason, unhide,
// approve, reject, endorse, lock the thread, restore, review a source). Each control calls the API
// and then `done()`, which reloads what the page shows; errors go to `say()`. A moderator's action
// sends the `etag` of the card as it was rendered; when the annotation changed since (412), the
// page's `stale(a, refusal)` reloads that card and says what changed, so the moderator decides again.
import { api } from './api.js';
import { el, parts, FLAG_REASONS, SOURCE_VERDICTS } from './render.js';

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

/** A moderator's call failed: refused as stale (the card is older than the annotation), or another error. */
function refused(a, refusal, { say, stale }) {
  return err => {
    if (err.status === 412 && stale) return stale(a, refusal);
    if (err.status !== 401) say(refusal + ': ' + (err.errors.map(x => x.message).join(' ') || err.message));
  };
}

/** A moderator's controls for one annotation (not for private notes). */
export function moderatorControls(a, { isRoot, done, say, stale }) {
  const out = [];
  if (!a.group) return out;
  const act = (call, ok, refusal) => call().then(() => { say(ok); return done(a); }, refused(a, refusal, { say, stale }));
  if (a.deleted) {
    out.push(button('restore', 'Restore', 'Restore this deleted annotation',
      () => act(() => api.restore(a.id, a.etag), 'Restored.', 'Not restored')));
    return out;
  }
  const hide = (label, cls, refusal) => button(cls, label, null, ev => {
    const parent = ev.target.closest('.card-actions, .queue-actions');
    if (parent.querySelector('.hide-form')) return;
    const f = inlineForm('hide-form', { placeholder: 'Why? The author is told.', required: 'Say why: the author is told.',
      submit: label, label: label + ' this annotation' }, async (_, reason) => {
      try {
        await api.moderate(a.id, 'hidden', reason, a.etag);
      } catch (err) {
        if (err.status !== 412 || !stale) throw err;
        f.remove();
        return stale(a, refusal);
      }
      say(label === 'Reject' ? 'Rejected.' : 'Hidden.');
      await done(a);
    });
    parent.after(f);
    f.querySelector('input').focus();
  });
  const visible = (label, cls, message, refusal) => button(cls, label, null,
    () => act(() => api.moderate(a.id, 'visible', null, a.etag), message, refusal));
  if (a.moderationState === 'pending') {
    out.push(visible('Approve', 'approve', 'Approved.', 'Not approved'), hide('Reject', 'reject', 'Not rejected'));
  } else if (a.moderationState === 'hidden') {
    out.push(visible('Unhide', 'unhide', 'Visible again.', 'Not made visible'));
  } else {
    out.push(hide('Hide', 'hide', 'Not hidden'));
    if (a.flagCount) out.push(visible('Dismiss flags', 'dismiss', 'Flags dismissed.', 'Flags not dismissed'));
    out.push(button('endorse', a.endorsed ? 'Withdraw endorsement' : '★ Endorse', null,
      () => act(() => api.endorse(a.id, !a.endorsed, a.etag), a.endorsed ? 'Endorsement withdrawn.' : 'Endorsed.',
        a.endorsed ? 'Endorsement not withdrawn' : 'Not endorsed')));
  }
  if (isRoot) {
    out.push(button('lock', a.locked ? 'Unlock thread' : '🔒 Lock thread', null,
      () => act(() => api.lock(a.id, !a.locked, a.etag), a.locked ? 'Thread unlocked.' : 'Thread locked: no more replies.',
        a.locked ? 'Not unlocked' : 'Not locked')));
  }
  return out;
}

/** A moderator's review control under one source of the annotation. */
export function reviewControl(a, source, { done, say, stale }) {
  const f = inlineForm('review-form', { select: SOURCE_VERDICTS, placeholder: 'Note for the author and the group (optional)',
    submit: 'Review', label: 'Review this source' }, async (verdict, note) => {
    try {
      await api.review(a.id, source.id.replace(/^urn:uuid:/, ''), verdict, note, a.etag);
    } catch (err) {
      if (err.status !== 412 || !stale) throw err;
      return stale(a, 'Review not saved');
    }
    say('Source reviewed.');
    await done(a);
  });
  f.querySelector('.cancel').remove();
  if (source.review) f.querySelector('select').value = source.review.verdict;
  return f;
}

/**
 * What changed between two versions of an annotation as a moderator is shown them, in sentences
 * (plain text: the page shows them as text). Empty when nothing they are shown changed.
 */
export function changes(before, after) {
  const out = [];
  if (!before || !after) return out;
  if (after.deleted && !before.deleted) return ['Its author deleted it.'];
  if (before.deleted && !after.deleted) out.push('It was restored.');
  const b = parts(before);
  const p = parts(after);
  if (!after.deleted && b.text !== p.text) {
    out.push('This annotation was edited since you saw it. It now reads: “' + (p.text.length > 300 ? p.text.slice(0, 297) + '…' : p.text) + '”');
  }
  if (b.verdict !== p.verdict) out.push('Its verdict is now ' + (p.verdict || 'none') + ' (it was ' + (b.verdict || 'none') + ').');
  if (b.tags.join('\n') !== p.tags.join('\n')) out.push('Its tags are now ' + (p.tags.map(t => '#' + t).join(', ') || 'none') + '.');
  const cited = s => [s.id, s.source, s.title, s.locator, s.excerpt].join('\n');
  if (b.sources.map(cited).join('\n\n') !== p.sources.map(cited).join('\n\n')) {
    out.push('Its sources changed; it now cites ' + (p.sources.map(s => s.title || s.source).join('; ') || 'none') + '.');
  } else if (b.sources.map(s => s.review ? s.review.verdict : '').join() !== p.sources.map(s => s.review ? s.review.verdict : '').join()) {
    out.push('A review of its sources changed.');
  }
  if (before.moderationState !== after.moderationState && after.moderationState) {
    out.push('It is now ' + after.moderationState + ' (it was ' + before.moderationState + ')'
      + (after.moderationReason ? ': “' + after.moderationReason + '”' : '') + '.');
  } else if (after.moderationReason && before.moderationReason !== after.moderationReason) {
    out.push('The reason it is hidden is now: “' + after.moderationReason + '”.');
  }
  if (!!before.endorsed !== !!after.endorsed) {
    const by = after.endorsedBy ? ' by ' + (after.endorsedBy.name || after.endorsedBy.nickname) : '';
    out.push(after.endorsed ? 'It was endorsed' + by + '.' : 'Its endorsement was withdrawn.');
  }
  if (!!before.locked !== !!after.locked) out.push(after.locked ? 'Its thread was locked.' : 'Its thread was unlocked.');
  if ((before.flagCount || 0) !== (after.flagCount || 0) && !after.deleted) {
    out.push('It has ' + (after.flagCount || 0) + ' open flag' + (after.flagCount === 1 ? '' : 's') + ' now (it had ' + (before.flagCount || 0) + ').');
  }
  if ((before.upvotes || 0) !== (after.upvotes || 0) && !after.deleted) {
    out.push('It has ' + (after.upvotes || 0) + ' upvote' + (after.upvotes === 1 ? '' : 's') + ' now (it had ' + (before.upvotes || 0) + ').');
  }
  if (!out.length && before.etag !== after.etag) out.push('Something else about it changed since you saw it, such as its flags.');
  return out;
}
