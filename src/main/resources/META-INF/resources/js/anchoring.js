// Conversions between DOM positions and W3C TextPositionSelector offsets. The server counts
// Unicode code points of the document text; JavaScript strings count UTF-16 units, so every
// offset crosses this module. Each rendered paragraph carries data-start, its first code point
// in the document text, so the blank lines between paragraphs need no guessing here.

/** Number of code points in s (an astral character such as an emoji counts once). */
export function cpLength(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The UTF-16 index of code point cp in s (s.length if cp is past the end). */
export function cpToUtf16(s, cp) {
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++) {
    const c = s.codePointAt(i);
    i += c > 0xffff ? 2 : 1;
  }
  return i;
}

/** Code points of s before UTF-16 index i; an index inside a surrogate pair rounds down. */
export function utf16ToCp(s, i) {
  return cpLength(s.slice(0, i));
}

/** The paragraphs of the text root, with their code-point starts and lengths. */
export function paragraphs(root) {
  return Array.from(root.querySelectorAll('p[data-start]'), el => {
    const text = el.textContent;
    const start = Number(el.dataset.start);
    return { el, text, start, end: start + cpLength(text) };
  });
}

/** The code-point offset in the document of a DOM point (node, offset) inside the text root. */
export function pointToCp(paras, node, offset) {
  for (const p of paras) {
    const r = document.createRange();
    r.selectNodeContents(p.el);
    const cmp = r.comparePoint(node, offset);
    if (cmp < 0) return p.start; // between paragraphs: snap forward
    if (cmp === 0) {
      r.setEnd(node, offset);
      return p.start + utf16ToCp(p.text, r.toString().length);
    }
  }
  return paras.length ? paras[paras.length - 1].end : 0;
}

const PREFIX = 32;

/**
 * The selectors for a DOM range: a TextPositionSelector and a TextQuoteSelector whose exact,
 * prefix and suffix are taken from the document text (so a selection across paragraphs quotes
 * the blank line between them exactly as the server stores it). Whitespace at either end is
 * dropped. Returns null for an empty or outside selection.
 */
export function describe(range, paras, docChars) {
  let start = pointToCp(paras, range.startContainer, range.startOffset);
  let end = pointToCp(paras, range.endContainer, range.endOffset);
  while (start < end && /\s/u.test(docChars[start])) start++;
  while (end > start && /\s/u.test(docChars[end - 1])) end--;
  if (start >= end) return null;
  return {
    start, end,
    exact: docChars.slice(start, end).join(''),
    prefix: docChars.slice(Math.max(0, start - PREFIX), start).join(''),
    suffix: docChars.slice(end, end + PREFIX).join(''),
  };
}

/**
 * Where an annotation's target is now: the TextPositionSelector if the text there still equals
 * the quote, otherwise the quote found with its prefix/suffix (the best-matching occurrence),
 * otherwise null (orphaned).
 */
export function resolve(target, docChars, docText) {
  const sel = Array.isArray(target.selector) ? target.selector : [target.selector];
  const quote = sel.find(s => s && s.type === 'TextQuoteSelector');
  const pos = sel.find(s => s && s.type === 'TextPositionSelector');
  if (pos && pos.start >= 0 && pos.end <= docChars.length && pos.start < pos.end) {
    if (!quote || docChars.slice(pos.start, pos.end).join('') === quote.exact) return { start: pos.start, end: pos.end };
  }
  if (!quote || !quote.exact) return null;
  let best = null;
  let bestScore = -1;
  for (let i = docText.indexOf(quote.exact); i >= 0; i = docText.indexOf(quote.exact, i + 1)) {
    const before = docText.slice(0, i);
    const after = docText.slice(i + quote.exact.length);
    const score = (quote.prefix && before.endsWith(quote.prefix) ? 2 : 0) + (quote.suffix && after.startsWith(quote.suffix) ? 2 : 0)
      - (pos ? Math.abs(utf16ToCp(docText, i) - pos.start) / 1e9 : 0);
    if (score > bestScore) { bestScore = score; best = i; }
  }
  if (best === null) return null;
  const start = utf16ToCp(docText, best);
  return { start, end: start + cpLength(quote.exact) };
}

/**
 * Renders highlights: every paragraph is cut at the boundaries of the annotations that touch it,
 * and each stretch covered by at least one annotation becomes one <mark> that names all of them
 * (data-ids, innermost first). One pass per paragraph, so a thousand overlapping annotations cost
 * one rebuild per paragraph, not a thousand DOM splits.
 *
 * spans: [{id, start, end}] in code points; decorate(mark, ids) sets classes and the label.
 */
export function paint(paras, spans, decorate) {
  for (const p of paras) {
    const mine = spans.filter(s => s.start < p.end && s.end > p.start);
    const el = p.el;
    if (!mine.length) {
      if (el.childNodes.length !== 1 || el.firstChild.nodeType !== Node.TEXT_NODE) el.textContent = p.text;
      continue;
    }
    const cuts = new Set([p.start, p.end]);
    for (const s of mine) {
      cuts.add(Math.max(s.start, p.start));
      cuts.add(Math.min(s.end, p.end));
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    let u = 0; // UTF-16 position in p.text
    let cpAt = p.start;
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      const ua = u + cpToUtf16(p.text.slice(u), a - cpAt);
      const ub = ua + cpToUtf16(p.text.slice(ua), b - a);
      u = ub;
      cpAt = b;
      const piece = p.text.slice(ua, ub);
      const covering = mine.filter(s => s.start <= a && s.end >= b);
      if (!covering.length) {
        frag.appendChild(document.createTextNode(piece));
        continue;
      }
      covering.sort((x, y) => (x.end - x.start) - (y.end - y.start));
      const mark = document.createElement('mark');
      mark.textContent = piece;
      decorate(mark, covering, a, b);
      frag.appendChild(mark);
    }
    el.replaceChildren(frag);
  }
}
