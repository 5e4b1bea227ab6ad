// Conversions between DOM positions and W3C TextPositionSelector offsets. The server counts
// Unicode code points of the document text; JavaScript strings count UTF-16 units, so every
// offset crosses this module. The text root's textContent is exactly the document text, for a
// formatted revision's rendition and for a plain text's paragraphs alike: see segments().

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

/**
 * The text nodes of the text root that make the document text, each with its code-point start and
 * end. The root's textContent is exactly the document text: a formatted revision (HTML, Markdown,
 * PDF) is the server's rendition, and a plain text is its paragraphs with the separators between
 * them (the blank lines, as stored) as text nodes of the root itself, and no whitespace of the
 * template's. So every text node counts, in document order; a separator is marked gap, so that
 * paint() leaves it alone (a <mark> between two paragraphs would only show its verdict or outline
 * on a line of its own). Highlights split text nodes; they never add or drop a character, so this
 * holds after painting too.
 */
export function segments(root) {
  const out = [];
  const byParagraph = root.hasAttribute('data-paragraphs');
  const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let cp = 0;
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    const end = cp + cpLength(n.data);
    const gap = byParagraph && n.parentNode === root;
    out.push({ node: n, text: n.data, start: cp, end, gap });
    cp = end;
  }
  return out;
}

/** The code-point offset in the document of a DOM point (node, offset) inside the text root. */
export function pointToCp(segs, node, offset) {
  const r = document.createRange();
  for (const s of segs) {
    if (node === s.node) return s.start + utf16ToCp(s.text, offset);
    r.selectNodeContents(s.node);
    if (r.comparePoint(node, offset) < 0) return s.start; // between text nodes (an element boundary): snap forward
  }
  return segs.length ? segs[segs.length - 1].end : 0;
}

const PREFIX = 32;

/**
 * The selectors for a DOM range: a TextPositionSelector and a TextQuoteSelector whose exact,
 * prefix and suffix are taken from the document text (so a selection across paragraphs quotes
 * the blank line between them exactly as the server stores it). Whitespace at either end is
 * dropped. Returns null for an empty or outside selection.
 */
export function describe(range, segs, docChars) {
  let start = pointToCp(segs, range.startContainer, range.startOffset);
  let end = pointToCp(segs, range.endContainer, range.endOffset);
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

/** The <mark>s the last paint() made, so the next one can take them out again. */
let painted = [];

/**
 * Renders highlights: first the marks of the last paint are taken out (their text merged back),
 * then every text node of the document text is cut at the boundaries of the annotations that touch
 * it, and each stretch covered by at least one annotation becomes one <mark> that names all of them
 * (decorate sets data-ids, classes and the label). A passage over several text nodes (across
 * paragraphs, emphasis or PDF pages) gets one mark per node. One rebuild per touched text node, so a
 * thousand overlapping annotations cost no more than a thousand DOM splits would.
 *
 * spans: [{id, start, end}] in code points; decorate(mark, covering, from, to). Returns the segments after painting.
 */
export function paint(root, spans, decorate) {
  const parents = new Set();
  for (const m of painted) {
    if (!m.parentNode) continue;
    parents.add(m.parentNode);
    m.replaceWith(document.createTextNode(m.textContent));
  }
  painted = [];
  parents.forEach(p => p.normalize());
  const sorted = spans.slice().sort((x, y) => x.start - y.start);
  for (const seg of segments(root)) {
    const mine = [];
    for (const s of sorted) {
      if (s.start >= seg.end) break;
      if (s.end > seg.start) mine.push(s);
    }
    if (seg.gap || !mine.length || seg.start === seg.end) continue;
    const cuts = new Set([seg.start, seg.end]);
    for (const s of mine) {
      cuts.add(Math.max(s.start, seg.start));
      cuts.add(Math.min(s.end, seg.end));
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    let u = 0; // UTF-16 position in seg.text
    let cpAt = seg.start;
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      const ua = u + cpToUtf16(seg.text.slice(u), a - cpAt);
      const ub = ua + cpToUtf16(seg.text.slice(ua), b - a);
      u = ub;
      cpAt = b;
      const piece = seg.text.slice(ua, ub);
      const covering = mine.filter(s => s.start <= a && s.end >= b);
      if (!covering.length) {
        frag.appendChild(document.createTextNode(piece));
        continue;
      }
      covering.sort((x, y) => (x.end - x.start) - (y.end - y.start));
      const mark = document.createElement('mark');
      mark.textContent = piece;
      decorate(mark, covering, a, b);
      painted.push(mark);
      frag.appendChild(mark);
    }
    seg.node.replaceWith(frag);
  }
  return segments(root);
}

/** The page (1-based) of a PDF revision where code point `at` is: the last page starting at or before it. */
export function pageOf(pages, at) {
  let page = 0;
  for (let i = 0; i < pages.length; i++) if (pages[i] <= at) page = i + 1;
  return page || 1;
}
