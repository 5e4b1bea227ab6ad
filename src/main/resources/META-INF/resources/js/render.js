// Everything user-written reaches the page through here: Markdown through marked and then
// DOMPurify, and every other value as text. Links keep only http(s) targets.
import { marked } from '/vendor/marked/marked.esm.js';
import DOMPurify from '/vendor/dompurify/purify.es.js';

DOMPurify.addHook('afterSanitizeAttributes', node => {
  if (node.tagName === 'A') {
    if (!safeHref(node.getAttribute('href'))) node.removeAttribute('href');
    node.setAttribute('rel', 'noopener noreferrer');
    node.setAttribute('target', '_blank');
  }
});

/**
 * What Markdown may become, and nothing else: an explicit allowlist rather than DOMPurify's
 * default HTML profile, which keeps elements and attributes a comment has no use for and that can
 * dress it up as part of the page (dialog, popover, marquee, font, role, data-*, aria-*).
 */
export const ALLOWED_TAGS = ['p', 'br', 'hr', 'strong', 'b', 'em', 'i', 'del', 's', 'sub', 'sup', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
/** href on links (http/https only, see the hook above), title, start on ordered lists, align on table cells. */
export const ALLOWED_ATTR = ['href', 'title', 'start', 'align'];

/** Markdown as sanitised HTML: only the allowlisted elements and attributes; no images, scripts, styles, forms or event handlers. */
export function markdown(md) {
  const html = marked.parse(md || '', { async: false, gfm: true, breaks: true });
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS, ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false, ALLOW_UNKNOWN_PROTOCOLS: false,
  });
}

/** The URL if it is http or https, else null. */
export function safeHref(url) {
  if (!url) return null;
  try {
    const u = new URL(url, window.location.href);
    return (u.protocol === 'http:' || u.protocol === 'https:') && /^https?:/i.test(url.trim()) ? u.href : null;
  } catch (e) {
    return null;
  }
}

/** document.createElement with text content and attributes; never parses HTML. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c);
  }
  return e;
}

/**
 * A search snippet: plain text from the server with the [start, end) ranges (Unicode code points)
 * of the matched words, as text nodes and <mark>s. Out-of-range or overlapping ranges are skipped.
 */
export function snippet(text, ranges) {
  const cps = Array.from(text || '');
  const out = el('span', { class: 'snippet' });
  let at = 0;
  const sorted = (Array.isArray(ranges) ? ranges : []).filter(r => Array.isArray(r) && r.length === 2)
    .map(([s, e]) => [Math.max(0, Number(s)), Math.min(cps.length, Number(e))]).sort((a, b) => a[0] - b[0]);
  for (const [s, e] of sorted) {
    if (!(s >= at && e > s)) continue;
    if (s > at) out.append(cps.slice(at, s).join(''));
    out.append(el('mark', { class: 'hit', text: cps.slice(s, e).join('') }));
    at = e;
  }
  if (at < cps.length) out.append(cps.slice(at).join(''));
  return out;
}

export const KINDS = {
  highlighting: { label: 'Highlight', icon: '▍' },
  commenting: { label: 'Comment', icon: '💬' },
  questioning: { label: 'Question', icon: '?' },
  assessing: { label: 'Assessment', icon: '⚖' },
  tagging: { label: 'Tags', icon: '#' },
  replying: { label: 'Reply', icon: '↳' },
};

export const VERDICTS = {
  accurate: '✓ accurate', inaccurate: '✗ inaccurate', misleading: '⚠ misleading', unsupported: '∅ unsupported',
};

export function when(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The parts of a W3C body array the reader shows. */
export function parts(anno) {
  const body = Array.isArray(anno.body) ? anno.body : anno.body ? [anno.body] : [];
  const out = { text: '', tags: [], verdict: null, sources: [] };
  for (const b of body) {
    if (b.type === 'SpecificResource') out.sources.push(b);
    else if (b.purpose === 'tagging') out.tags.push(b.value);
    else if (b.purpose === 'assessing') out.verdict = b.value;
    else if (b.purpose === 'commenting' || !b.purpose) out.text = b.value || '';
  }
  return out;
}

/**
 * One source (a W3C SpecificResource whose `source` is the cited work) as a citation: linked title
 * (http/https only; a work without a URL has a urn: and no link), authors, year, container, locator, excerpt.
 */
export function citation(s) {
  const href = safeHref(s.source);
  const title = s.title || (href ? s.source : 'Source');
  const li = el('li', { class: 'source' });
  if (s.id) li.dataset.source = s.id;
  li.append(href ? el('a', { href, rel: 'noopener noreferrer', target: '_blank', text: title }) : el('span', { text: title }));
  const authors = Array.isArray(s.authors) ? s.authors.join(', ') : '';
  const meta = [authors, s.published ? '(' + s.published + ')' : null, s.container ? 'in ' + s.container : null, s.locator]
    .filter(Boolean).join(' ');
  if (meta) li.append(' — ' + meta);
  if (href && s.title) li.append(el('span', { class: 'url', text: ' ' + href }));
  if (s.excerpt) li.append(el('q', { class: 'excerpt', text: s.excerpt }));
  if (s.review) li.append(review(s.review));
  return li;
}

export const SOURCE_VERDICTS = {
  verified: '✓ verified', 'does-not-support': '✗ does not support the claim', unreliable: '⚠ unreliable source',
};

/** A moderator's review of a source: the verdict, its note and who reviewed. */
export function review(r) {
  const by = r.reviewer ? (r.reviewer.name || r.reviewer.nickname) : 'a moderator';
  return el('span', { class: 'review r-' + r.verdict, 'data-verdict': r.verdict },
    el('strong', { text: SOURCE_VERDICTS[r.verdict] || r.verdict }), ' — reviewed by ' + by + (r.note ? ': ' : ''),
    r.note ? el('span', { class: 'review-note', text: r.note }) : null);
}

export const FLAG_REASONS = {
  spam: 'Spam', offensive: 'Offensive', 'off-topic': 'Off-topic', misinformation: 'Misinformation', other: 'Other (say what)',
};

/** The badges of an annotation's moderation: endorsed, pending, hidden (with the reason), locked, open flags. */
export function badges(a) {
  const out = el('span', { class: 'badges' });
  if (a.endorsed) {
    const by = a.endorsedBy ? (a.endorsedBy.name || a.endorsedBy.nickname) : 'a moderator';
    out.append(el('span', { class: 'badge endorsed', text: '★ Endorsed by ' + by }));
  }
  if (a.moderationState === 'pending') out.append(el('span', { class: 'badge pending', text: '⏳ Waiting for approval' }));
  if (a.moderationState === 'hidden') out.append(el('span', { class: 'badge hidden-badge', text: '⦸ Hidden by a moderator' }));
  if (a.locked) out.append(el('span', { class: 'badge locked', text: '🔒 Thread locked' }));
  if (a.flagCount) out.append(el('span', { class: 'badge flags', text: '⚑ ' + a.flagCount + (a.flagCount === 1 ? ' open flag' : ' open flags') }));
  return out.children.length ? out : null;
}

/**
 * What changed in an annotation since a moderator saw it — after an action refused as stale, or
 * live while the card is open: a title and sentences, all shown as text (they quote user text).
 */
export function changeNotice(title, lines) {
  return el('div', { class: 'change-notice', role: 'note' }, el('strong', { text: title }), ...lines.map(l => el('p', { text: l })));
}
