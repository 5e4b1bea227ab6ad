// The LTI pages (lti/). No user text here.
// - The login page with the platform's client-side storage (1EdTech "LTI Client Side postMessages",
//   lti.put_data / lti.get_data): puts the login's state in the platform's storage frame, then goes to the
//   platform's authorization endpoint; where cookies are blocked in the platform's frame, that state is
//   what ties the launch to this browser.
// - The launch page posts its one-time handle back to Scholion from Scholion's own origin (the request
//   that carries the login's binding cookie), with the state read back from the platform's storage.
// - The deep-linking answer posts the signed response to the platform; the picker sends its due date
//   with the browser's offset.
// - A finished dynamic registration tells the platform's window (LTI Dynamic Registration:
//   {subject: 'org.imsglobal.lti.close'} to the opener of a popup or the parent of a frame).
const WAIT_MS = 2000;

/** The platform's storage frame named by lti_storage_target ("_parent" is the parent window itself). */
function storageFrame(target) {
  if (window.parent === window) return null;
  if (target === '_parent') return window.parent;
  try { return window.parent.frames[target] || null; } catch (e) { return null; }
}

/** Sends one lti.* message and resolves with the answer (or null after WAIT_MS). */
function ask(frame, origin, message) {
  return new Promise(resolve => {
    const id = (crypto.randomUUID && crypto.randomUUID()) || String(Math.random()).slice(2);
    const timer = setTimeout(() => { window.removeEventListener('message', listen); resolve(null); }, WAIT_MS);
    function listen(event) {
      if (event.origin !== origin || !event.data || event.data.message_id !== id) return;
      clearTimeout(timer);
      window.removeEventListener('message', listen);
      resolve(event.data.error ? null : event.data);
    }
    window.addEventListener('message', listen);
    frame.postMessage(Object.assign({ message_id: id }, message), origin);
  });
}

async function storing(el) {
  const frame = storageFrame(el.dataset.storageTarget);
  if (frame) {
    await ask(frame, el.dataset.platformOrigin, { subject: 'lti.put_data', key: el.dataset.stateKey, value: el.dataset.state });
  }
  window.location.assign(el.dataset.next);
}

async function complete(form) {
  if (form.dataset.storageTarget) {
    const frame = storageFrame(form.dataset.storageTarget);
    const got = frame ? await ask(frame, form.dataset.platformOrigin, { subject: 'lti.get_data', key: form.dataset.stateKey }) : null;
    if (got && typeof got.value === 'string') {
      const state = document.createElement('input');
      state.type = 'hidden';
      state.name = 'state';
      state.value = got.value;
      form.append(state);
    }
  }
  form.submit();
}

const store = document.getElementById('lti-storing');
if (store) storing(store);
const launched = document.getElementById('lti-complete');
if (launched) complete(launched);
const answer = document.getElementById('lti-answer');
if (answer) answer.submit();
const pick = document.getElementById('lti-pick');
if (pick) {
  pick.addEventListener('submit', () => {
    const due = document.getElementById('lti-due');
    if (due && due.value) {
      const hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = 'due';
      hidden.value = new Date(due.value).toISOString();
      due.disabled = true;
      pick.append(hidden);
    }
  });
}
if (document.getElementById('lti-registered')) {
  const platform = window.opener || (window.parent !== window ? window.parent : null);
  if (platform) platform.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
}
