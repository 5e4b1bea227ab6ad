// A document's management page: publish a new revision (If-Match names the revision this page
// shows) and follow its re-anchoring job to the summary; put the document on a group's reading list
// with its terms, change them, or take it off.
import { api, ApiError } from './api.js';
import { clearErrors, showErrors } from './fields.js';

const POLL_MS = 500;
const $ = id => document.getElementById(id);
const page = $('manage');
const slug = page.dataset.slug;
let revision = Number(page.dataset.revision);

// ---- a new revision ------------------------------------------------------------------------------

const revise = $('revise-form');
if (revise) {
  revise.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(revise);
    const say = t => { $('revise-status').textContent = t; };
    if (!revise.elements.file.files.length) {
      showErrors(revise, new ApiError(400, { errors: [{ field: 'file', message: 'Choose the file of the new revision.' }] }));
      return;
    }
    const data = new FormData();
    data.append('file', revise.elements.file.files[0]);
    $('revise-submit').disabled = true;
    say('Publishing…');
    try {
      const r = await api.revise(slug, data, revision);
      revision = r.data.revision;
      $('current-revision').textContent = String(revision);
      if (r.status !== 200) {
        const link = document.createElement('a');
        link.href = `/read/${encodeURIComponent(slug)}?revision=${revision}`;
        link.textContent = String(revision);
        $('revisions').append(', ', link);
      }
      if (r.status === 202) {
        await follow(r.location, say);
      } else if (r.status === 201) {
        say(`Revision ${revision} is published. There were no annotations to re-anchor.`);
      } else {
        say('The file has the same text as the current revision: nothing new was published.');
      }
      revise.reset();
    } catch (err) {
      if (err.status === 401) return;
      say('');
      if (err.status === 412) {
        showErrors(revise, new ApiError(412, { detail: 'Someone published a revision since this page was loaded. Reload the page and try again.' }));
      } else {
        showErrors(revise, err);
      }
    } finally {
      $('revise-submit').disabled = false;
    }
  });
}

/** Polls the re-anchoring job until it is done, showing its progress, then the summary. */
async function follow(url, say) {
  const box = $('job');
  const bar = $('job-progress');
  box.hidden = false;
  for (;;) {
    const j = await api.job(url);
    bar.max = Math.max(1, j.total);
    bar.value = j.done;
    const counts = `${j.exact} exact, ${j.fuzzy} fuzzy, ${j.orphaned} orphaned`;
    if (j.state === 'done') {
      say(`Revision ${revision} is published. Re-anchoring finished: ${counts}.`);
      $('job').dataset.state = 'done';
      return;
    }
    say(`Re-anchoring ${j.done} of ${j.total} annotations… (${counts})`);
    await new Promise(r => setTimeout(r, POLL_MS));
  }
}

// ---- reading lists ------------------------------------------------------------------------------

const assign = $('assign-form');
if (assign) {
  const group = assign.elements.group;
  const say = t => { $('assign-status').textContent = t; };
  const fill = () => {
    const o = group.selectedOptions[0];
    const due = o.dataset.due;
    // the server's offset date-time, shown in the browser's local time for datetime-local
    assign.elements.due.value = due ? localInput(new Date(due)) : '';
    assign.elements.instructions.value = o.dataset.instructions || '';
    assign.elements.revealAfter.value = o.dataset.reveal || '';
    $('unassign').hidden = o.dataset.assigned !== 'true';
  };
  group.addEventListener('change', () => { clearErrors(assign); say(''); fill(); });
  fill();
  assign.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(assign);
    const terms = {};
    const due = assign.elements.due.value;
    if (due) {
      const d = new Date(due);
      if (isNaN(d)) return showErrors(assign, new ApiError(400, { errors: [{ field: 'due', message: 'Give a date and a time.' }] }));
      terms.due = d.toISOString();
    }
    const instructions = assign.elements.instructions.value.trim();
    if (instructions) terms.instructions = instructions;
    const reveal = assign.elements.revealAfter.value.trim();
    if (reveal) terms.revealAfter = Number(reveal);
    try {
      await api.assign(group.value, slug, terms);
      const o = group.selectedOptions[0];
      Object.assign(o.dataset, { assigned: 'true', due: terms.due || '', instructions: terms.instructions || '', reveal: reveal || '' });
      listed(o, true);
      $('unassign').hidden = false;
      say(`On the reading list of ${o.textContent}.`);
    } catch (err) {
      if (err.status !== 401) showErrors(assign, err);
    }
  });
  $('unassign').addEventListener('click', async () => {
    clearErrors(assign);
    const o = group.selectedOptions[0];
    try {
      await api.unassign(group.value, slug);
      o.dataset.assigned = 'false';
      listed(o, false);
      $('unassign').hidden = true;
      say(`Taken off the reading list of ${o.textContent}. The annotations made on it stay.`);
    } catch (err) {
      if (err.status !== 401) showErrors(assign, err);
    }
  });
}

/** Keeps the list of groups this document is assigned to in step. */
function listed(option, on) {
  const list = $('assigned');
  const there = list.querySelector(`[data-group="${CSS.escape(option.value)}"]`);
  if (on && !there) {
    const li = document.createElement('li');
    li.dataset.group = option.value;
    li.textContent = option.textContent;
    list.append(li);
  } else if (!on && there) {
    there.remove();
  }
}

function localInput(d) {
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
