// The LTI pages (lti/): the launch page posts its one-time handle back to Scholion from Scholion's own
// origin (the request that carries the login's binding cookie); the deep-linking answer posts the signed
// response to the platform; the picker sends its due date with the browser's offset; a finished dynamic
// registration tells the platform's window (LTI Dynamic Registration: {subject: 'org.imsglobal.lti.close'}
// to the opener of a popup or the parent of a frame). No user text here.
for (const id of ['lti-complete', 'lti-answer']) {
  const form = document.getElementById(id);
  if (form) form.submit();
}
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
