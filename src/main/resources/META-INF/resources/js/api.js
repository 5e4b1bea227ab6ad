// The annotation API as the reader uses it: same-origin fetch with the session cookie, the CSRF
// header on every write, problem+json turned into ApiError, and 401 (session expired) turned
// into a fresh sign-in after the caller saved its draft.

export const ANNO_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
    this.body = problem;
  }
}

/** Called before the page reloads for a new sign-in, so unsaved text can be kept. */
let beforeSignIn = () => {};
export function onSessionExpired(fn) { beforeSignIn = fn; }

/**
 * One API call. body: JSON (JSON-LD unless json); form: FormData; file: a Blob sent as it is, with
 * Content-Type `type`; blob: answer the body as a Blob (a download) rather than parsed.
 */
async function request(method, url, { body, etag, accept = 'application/json', json = false, form, file, type, blob = false } = {}) {
  const headers = { Accept: accept };
  if (method !== 'GET') headers['X-Scholion-CSRF'] = '1';
  // FormData sets its own multipart Content-Type, with the boundary
  if (file) headers['Content-Type'] = type;
  else if (body !== undefined && !form) headers['Content-Type'] = json ? 'application/json' : ANNO_TYPE;
  if (etag) headers['If-Match'] = etag;
  let res;
  try {
    res = await fetch(url, {
      method, headers, credentials: 'same-origin', redirect: 'manual',
      body: file || form || (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch (e) {
    throw new ApiError(0, { detail: 'The server could not be reached. Your text is kept; try again.' });
  }
  // An expired session answers 401 (or a redirect to the login page, opaque here).
  if (res.status === 401 || res.type === 'opaqueredirect') {
    beforeSignIn();
    window.location.reload();
    throw new ApiError(401, { detail: 'Your session has expired; signing in again…' });
  }
  const answered = res.headers.get('Content-Type') || '';
  if (blob && res.ok) return { data: await res.blob(), status: res.status, filename: filename(res.headers.get('Content-Disposition')) };
  const data = res.status === 204 ? null : (answered.includes('json') ? await res.json() : await res.text());
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { detail: data });
  return { data, status: res.status, etag: res.headers.get('ETag'), location: res.headers.get('Location') };
}

/** The file name a Content-Disposition header gives, or null. */
function filename(disposition) {
  const m = /filename="([^"]+)"/.exec(disposition || '');
  return m ? m[1] : null;
}

const group = id => `/api/groups/${encodeURIComponent(id)}`;
const reading = (id, slug) => `${group(id)}/readings/${encodeURIComponent(slug)}`;

export const api = {
  document: slug => request('GET', `/api/documents/${encodeURIComponent(slug)}`).then(r => r.data),
  /** One revision of a document: text, rendition or pages. */
  revision: (slug, n) => request('GET', `/api/documents/${encodeURIComponent(slug)}/revisions/${encodeURIComponent(n)}`).then(r => r.data),
  /** A new document (multipart: file and details): { data, location }. */
  upload: formData => request('POST', '/api/documents', { form: formData }),
  /** A new revision (multipart), based on revision `n` (If-Match): 202 names the re-anchoring job in location. */
  revise: (slug, formData, n) => request('PUT', `/api/documents/${encodeURIComponent(slug)}`, { form: formData, etag: `"${n}"` }),
  /** A re-anchoring job's progress: state, total, done, exact, fuzzy, orphaned. */
  job: url => request('GET', path(url)).then(r => r.data),
  assign: (group, slug, terms) => request('PUT', `/api/groups/${encodeURIComponent(group)}/readings/${encodeURIComponent(slug)}`,
    { body: terms, json: true }).then(r => r.data),
  unassign: (group, slug) => request('DELETE', `/api/groups/${encodeURIComponent(group)}/readings/${encodeURIComponent(slug)}`),
  groups: () => request('GET', '/api/groups').then(r => r.data),
  // ---- LTI platforms and the tool's keys (admins) ----
  ltiPlatforms: () => request('GET', '/api/admin/lti/platforms').then(r => r.data),
  registerLtiPlatform: platform => request('POST', '/api/admin/lti/platforms', { body: platform, json: true }).then(r => r.data),
  removeLtiPlatform: id => request('DELETE', `/api/admin/lti/platforms/${encodeURIComponent(id)}`),
  ltiKeys: () => request('GET', '/api/admin/lti/keys').then(r => r.data),
  rotateLtiKey: () => request('POST', '/api/admin/lti/keys').then(r => r.data),
  // ---- personal API tokens ----
  tokens: () => request('GET', '/api/tokens').then(r => r.data),
  makeToken: terms => request('POST', '/api/tokens', { body: terms, json: true }).then(r => r.data),
  revokeToken: id => request('DELETE', `/api/tokens/${encodeURIComponent(id)}`),
  /** Every annotation visible with the filter, following the container's pages. */
  async annotations(slug, params) {
    const q = new URLSearchParams(params);
    q.set('page', '0');
    q.set('pageSize', '1000');
    let url = `/api/documents/${encodeURIComponent(slug)}/annotations/?${q}`;
    const items = [];
    while (url) {
      const { data } = await request('GET', url, { accept: ANNO_TYPE });
      items.push(...(data.items || []));
      url = data.next ? new URL(data.next).pathname + new URL(data.next).search : null;
    }
    return items;
  },
  get: iri => request('GET', path(iri), { accept: ANNO_TYPE }),
  /** A deleted annotation's tombstone (the API answers 410 with it), or null. */
  async tombstone(iri) {
    try {
      await request('GET', path(iri), { accept: ANNO_TYPE });
      return null;
    } catch (e) {
      return e.status === 410 && e.body && e.body.deleted ? e.body : null;
    }
  },
  create: (slug, anno) => request('POST', `/api/documents/${encodeURIComponent(slug)}/annotations/`, { body: anno, accept: ANNO_TYPE }),
  update: (iri, anno, etag) => request('PUT', path(iri), { body: anno, etag, accept: ANNO_TYPE }),
  remove: (iri, etag) => request('DELETE', path(iri), { etag }),

  // ---- moderation (JSON, not JSON-LD) ----
  flag: (iri, reason, note) => request('POST', path(iri) + '/flags', { body: note ? { reason, note } : { reason }, json: true }),
  upvote: (iri, on) => request(on ? 'PUT' : 'DELETE', path(iri) + '/upvote').then(r => r.data),
  // A moderator's action names the version it decides on: `etag` is the ETag of the card as it was
  // rendered (the annotation's `etag` in the listing, the queue or the live event that drew it),
  // never one fetched just before, so a card that changed meanwhile is refused (412), not overruled.
  /** Hide (with a reason) or make visible. */
  moderate: (iri, state, reason, etag) => request('PUT', path(iri) + '/moderation',
    { body: reason ? { state, reason } : { state }, json: true, etag }),
  endorse: (iri, on, etag) => request(on ? 'PUT' : 'DELETE', path(iri) + '/endorsement', { etag }),
  lock: (iri, on, etag) => request(on ? 'PUT' : 'DELETE', path(iri) + '/lock', { etag }),
  restore: (iri, etag) => request('POST', path(iri) + '/restore', { etag }),
  review: (iri, sourceId, verdict, note, etag) => request('PUT', path(iri) + '/sources/' + encodeURIComponent(sourceId) + '/review',
    { body: note ? { verdict, note } : { verdict }, json: true, etag }),
  unreview: (iri, sourceId, etag) => request('DELETE', path(iri) + '/sources/' + encodeURIComponent(sourceId) + '/review', { etag }),
  /** An annotation's moderation record (moderators): state, flags with who flagged, history. */
  record: iri => request('GET', path(iri) + '/moderation').then(r => r.data),
  /** The annotation as the caller may see it now, or its tombstone when it was deleted; null when it is gone for them. */
  async current(iri) {
    try {
      return (await request('GET', path(iri), { accept: ANNO_TYPE })).data;
    } catch (e) {
      if (e.status === 410 && e.body && e.body.deleted) return e.body;
      if (e.status === 404) return null;
      throw e;
    }
  },
  group: id => request('GET', `/api/groups/${encodeURIComponent(id)}`).then(r => r.data),
  settings: (id, settings) => request('PATCH', `/api/groups/${encodeURIComponent(id)}`, { body: { settings }, json: true }).then(r => r.data),
  queue: (id, filter, page = 0) => request('GET', `/api/groups/${encodeURIComponent(id)}/moderation/queue?filter=${encodeURIComponent(filter)}&page=${page}`)
    .then(r => r.data),
  log: (id, page = 0) => request('GET', `/api/groups/${encodeURIComponent(id)}/moderation/log?page=${page}`).then(r => r.data),

  // ---- search, exports, imports, reports (JSON) ----
  /** Every document the caller may read: slug, title, … */
  documents: () => request('GET', '/api/documents').then(r => r.data),
  /** A page of search results: params as in GET /api/search, or the `next` URL of the last page. */
  search: params => request('GET', typeof params === 'string' ? path(params) : '/api/search?' + new URLSearchParams(params))
    .then(r => r.data),
  /** A file from the API as { data: Blob, filename } (the session cookie authenticates it). */
  download: (url, accept) => request('GET', url, { accept, blob: true }),
  /** POSTs a file of annotations: into the group, or (group null) the caller's private notes. */
  importFile: (file, type, groupId) => request('POST', '/api/imports?' + (groupId ? 'group=' + encodeURIComponent(groupId) : 'private=true'),
    { file, type }).then(r => r.data),
  participation: (id, slug) => request('GET', `${group(id)}/reports/participation?document=${encodeURIComponent(slug)}`).then(r => r.data),
  /** The reading's rubric, or null when none is set. */
  rubric: (id, slug) => request('GET', reading(id, slug) + '/rubric').then(r => r.data, e => { if (e.status === 404) return null; throw e; }),
  setRubric: (id, slug, rubric) => request('PUT', reading(id, slug) + '/rubric', { body: rubric, json: true }).then(r => r.data),
  /** An instructor's score for a student (score null withdraws it), with the reason. */
  override: (id, slug, userId, score, reason) => request('PUT', reading(id, slug) + '/scores/' + encodeURIComponent(userId),
    { body: { score, reason }, json: true }),
  claimMap: (slug, id) => request('GET', `/api/documents/${encodeURIComponent(slug)}/claim-map?group=${encodeURIComponent(id)}`)
    .then(r => r.data),
};

/** The API path of an annotation IRI (the IRI's origin is the configured public URL). */
function path(iri) {
  const u = new URL(iri, window.location.href);
  return u.pathname + u.search;
}
