// The documents page: the upload form of instructors, moderators and admins. The file and the
// details go as multipart/form-data; on 201 the browser goes to the new document's management page.
import { api, ApiError } from './api.js';
import { clearErrors, showErrors } from './fields.js';

const form = document.getElementById('upload-form');
const status = document.getElementById('upload-status');

form.addEventListener('submit', async e => {
  e.preventDefault();
  clearErrors(form);
  if (!form.elements.file.files.length) {
    showErrors(form, new ApiError(400, { errors: [{ field: 'file', message: 'Choose the file of the reading.' }] }));
    return;
  }
  const data = new FormData();
  data.append('file', form.elements.file.files[0]);
  for (const name of ['title', 'slug', 'authors', 'published', 'source', 'licence']) {
    const v = form.elements[name].value.trim();
    if (v) data.append(name, v);
  }
  data.append('public', form.elements.public.checked ? 'true' : 'false');
  const button = document.getElementById('upload-submit');
  button.disabled = true;
  status.textContent = 'Uploading…';
  try {
    const { data: doc } = await api.upload(data);
    status.textContent = `Uploaded “${doc.title}”.`;
    window.location.assign('/read/' + encodeURIComponent(doc.slug) + '/manage');
  } catch (err) {
    if (err.status === 401) return;
    status.textContent = '';
    showErrors(form, err);
  } finally {
    button.disabled = false;
  }
});
