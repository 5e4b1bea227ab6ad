// problem+json field errors next to the fields of a plain form (the upload, revision and reading-list
// forms): each error under the element with data-error-for="<field>", else under data-error-for="form".
// Messages are set as text.

export function clearErrors(form) {
  form.querySelectorAll('[data-error-for]').forEach(p => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
}

/** Shows the error's field messages; focuses the first field named. */
export function showErrors(form, err) {
  clearErrors(form);
  const list = err.errors && err.errors.length ? err.errors : [{ field: 'form', message: err.message }];
  let first = null;
  for (const e of list) {
    const field = (e.field || 'form').split(/[.[]/)[0];
    const p = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) || form.querySelector('[data-error-for="form"]');
    p.textContent = (p.textContent ? p.textContent + ' ' : '') + (e.message || err.message);
    const input = form.elements[field];
    if (input && input.setAttribute) {
      input.setAttribute('aria-invalid', 'true');
      first = first || input;
    }
  }
  if (first) first.focus();
}
