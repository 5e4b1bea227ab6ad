// The admin's LTI page (/admin/lti): the learning platforms Scholion is registered in (register one by hand,
// remove one), Scholion's own URLs to give a platform, and the tool's signing keys (rotate). Everything a
// user or a platform typed reaches the page through el() as text.
import { api, ApiError } from './api.js';
import { el, when } from './render.js';
import { clearErrors, showErrors } from './fields.js';

const $ = id => document.getElementById(id);

function platformRow(p) {
  const remove = el('button', { type: 'button', class: 'lti-remove', 'data-id': p.id }, 'Remove');
  remove.addEventListener('click', async () => {
    if (!window.confirm(`Remove "${p.name}"? Its launches are refused from now on; its courses and their work stay.`)) return;
    remove.disabled = true;
    try {
      await api.removeLtiPlatform(p.id);
      await refresh();
    } catch (e) {
      remove.disabled = false;
      window.alert(e.message);
    }
  });
  return el('tr', { 'data-id': p.id },
    el('td', {}, p.name), el('td', {}, el('code', {}, p.issuer)), el('td', {}, el('code', {}, p.clientId)),
    el('td', {}, p.deploymentIds.join(', ')), el('td', {}, p.registration), el('td', {}, when(p.registered)), el('td', {}, remove));
}

function keyRow(k) {
  return el('tr', {}, el('td', {}, el('code', {}, k.kid)), el('td', {}, when(k.created)),
    el('td', {}, k.signing ? 'signs' : 'published until the overlap ends (retired ' + when(k.retired) + ')'));
}

async function refresh() {
  const [platforms, keys] = await Promise.all([api.ltiPlatforms(), api.ltiKeys()]);
  $('lti-platforms').tBodies[0].replaceChildren(...platforms.map(platformRow));
  $('lti-platforms-empty').hidden = platforms.length > 0;
  $('lti-keys').tBodies[0].replaceChildren(...keys.map(keyRow));
}

async function register(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  const value = name => form.elements[name].value.trim();
  const platform = {
    name: value('name'), issuer: value('issuer'), clientId: value('clientId'),
    deploymentIds: value('deploymentIds').split(/[\s,]+/).filter(Boolean),
    authorizationUrl: value('authorizationUrl'), tokenUrl: value('tokenUrl'), jwksUrl: value('jwksUrl'),
  };
  $('lti-register').disabled = true;
  try {
    await api.registerLtiPlatform(platform);
    form.reset();
    await refresh();
  } catch (e) {
    showErrors(form, e instanceof ApiError ? e : new ApiError(0, { detail: String(e) }));
  } finally {
    $('lti-register').disabled = false;
  }
}

$('lti-platform-form').addEventListener('submit', register);
$('lti-rotate').addEventListener('click', async () => {
  if (!window.confirm('Make a new signing key? The current one stays published for the overlap.')) return;
  await api.rotateLtiKey();
  await refresh();
});
refresh();
