// The account page's personal API tokens: make one (its secret shown once), list them, revoke one.
// Everything a user typed reaches the page through el() as text.
import { api, ApiError } from './api.js';
import { el, when } from './render.js';
import { clearErrors, showErrors } from './fields.js';

const $ = id => document.getElementById(id);
const groupNames = new Map();

function row(t) {
  const revoke = el('button', { type: 'button', class: 'token-revoke', 'data-id': t.id }, 'Revoke');
  revoke.addEventListener('click', async () => {
    if (!window.confirm(`Revoke "${t.name}"? Whatever uses it stops working at once.`)) return;
    revoke.disabled = true;
    try {
      await api.revokeToken(t.id);
      await refresh();
    } catch (e) {
      revoke.disabled = false;
      window.alert(e.message);
    }
  });
  const groups = t.groups ? t.groups.map(g => groupNames.get(g) || g).join(', ') : 'all of yours';
  return el('tr', { 'data-id': t.id },
    el('td', {}, t.name), el('td', {}, el('code', {}, t.hint + '…')), el('td', {}, t.scopes.join(', ')),
    el('td', {}, groups), el('td', {}, when(t.expires)), el('td', {}, t.lastUsed ? when(t.lastUsed) : 'never'),
    el('td', {}, revoke));
}

async function refresh() {
  const tokens = await api.tokens();
  $('tokens').tBodies[0].replaceChildren(...tokens.map(row));
  $('tokens-empty').hidden = tokens.length > 0;
}

async function make(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  const checked = name => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map(i => i.value);
  const terms = { name: form.elements.name.value, scopes: checked('scopes') };
  if (form.elements.expires.value) terms.expires = form.elements.expires.value;
  const groups = checked('groups');
  if (groups.length) terms.groups = groups;
  $('token-make').disabled = true;
  try {
    const made = await api.makeToken(terms);
    $('token-secret-value').textContent = made.token;
    $('token-secret').hidden = false;
    form.reset();
    await refresh();
  } catch (e) {
    showErrors(form, e instanceof ApiError ? e : new ApiError(0, { detail: String(e) }));
  } finally {
    $('token-make').disabled = false;
  }
}

document.querySelectorAll('input[name="groups"]').forEach(i => groupNames.set(i.value, i.parentElement.textContent.trim()));
$('token-form').addEventListener('submit', make);
refresh();
