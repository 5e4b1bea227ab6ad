// The moderation page of a group: its settings, the queue (flagged first, then pending, then
// newest) with each annotation, its flags and the moderator's controls, and the log.
import { api } from './api.js';
import { el, markdown, parts, citation, badges, when, KINDS, FLAG_REASONS } from './render.js';
import { moderatorControls, reviewControl } from './controls.js';

const $ = id => document.getElementById(id);
const root = $('moderation');
const group = root.dataset.group;
const st = { filter: 'open', page: 0, items: [] };

function status(msg) { $('status').textContent = msg; }
const ctx = { done: () => refresh(), say: status };

async function refresh() {
  st.page = 0;
  st.items = [];
  await Promise.all([loadQueue(), loadLog()]);
}

async function loadQueue() {
  const q = await api.queue(group, st.filter, st.page);
  st.items.push(...q.items);
  $('queue').replaceChildren(...st.items.map(item));
  $('queue-more').hidden = (st.page + 1) * q.pageSize >= q.total;
  $('queue-title').textContent = `Queue (${q.total})`;
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
  const quote = quoteOf(a);
  if (quote) li.append(el('blockquote', { class: 'quote', text: quote.length > 200 ? quote.slice(0, 197) + '…' : quote }));
  if (typeof a.target === 'string') li.append(el('p', { class: 'help', text: 'A reply in a thread.' }));
  if (a.moderationReason) {
    li.append(el('p', { class: 'moderation-reason' }, el('strong', { text: 'Hidden: ' }), el('span', { text: a.moderationReason })));
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
