// The claim and confusion map over the text (a toggle, for the chosen group, on the current
// revision): GET /api/documents/{slug}/claim-map?group= gives the annotated passages with their
// counts. The reader paints them with its highlights, in the same pass (anchoring.paint: code points
// → text nodes → <mark>s); here each stretch of a passage gets its shade (how many annotations it
// draws), a dotted outline when questions were asked on it, and the counts in its title and spoken
// label. The legend lists the most discussed passages, each a button that goes to it.
import { api } from './api.js';
import { el } from './render.js';

const $ = id => document.getElementById(id);
/** Shades by the number of top-level annotations on a passage: 1, 2–3, 4–6, 7 or more. */
const LEVELS = [[7, 4], [4, 3], [2, 2], [1, 1]];
const LISTED = 8;
/** After a live change, the map is read again once things are quiet for this long. */
const QUIET_MS = 1500;

export function level(n) {
  for (const [min, l] of LEVELS) if (n >= min) return l;
  return 0;
}

/** A passage's counts in words, for its title, its spoken label and the legend. */
export function summary(p) {
  const n = (k, one, many = one + 's') => k + ' ' + (k === 1 ? one : many);
  const out = [n(p.annotations, 'annotation'), n(p.questions, 'question'), p.unanswered + ' unanswered'];
  const verdicts = Object.entries(p.verdicts || {}).map(([v, k]) => v + ' ' + k);
  if (verdicts.length) out.push('verdicts: ' + verdicts.join(', '));
  if (p.flags !== null && p.flags !== undefined) out.push(n(p.flags, 'open flag'));
  return out.join(', ');
}

export class ClaimMap {
  /**
   * @param view what the reader lends: slug, group() ('private' or an id), groupName(id),
   *   current (whether the page shows the current revision), repaint(); tools.js turns it on and
   *   off (toggle) and says when it may no longer be shown (groupChanged(false))
   */
  constructor(view) {
    this.view = view;
    this.on = false;
    this.passages = [];
    this.firsts = new Set();
    this.button = $('claim-toggle');
    this.legend = $('claim-legend');
    this.text = $('text');
  }

  say(text) { $('claim-status').textContent = text; }

  /** The group changed; when the map is not offered for it (tools.js decides), it goes off. */
  groupChanged(offered) {
    if (!offered && this.on) this.toggle();
  }

  async toggle() {
    this.on = !this.on;
    this.button.setAttribute('aria-pressed', String(this.on));
    this.legend.hidden = !this.on;
    this.text.classList.toggle('claim-on', this.on);
    if (this.on) await this.refresh();
    else this.passages = [];
    this.view.repaint();
    this.text.dataset.claimMap = this.on ? 'shown' : 'off';
  }

  /** Reads the map again (the reader calls it as it loads the annotations); does not repaint. */
  async refresh() {
    if (!this.on) return;
    const g = this.view.group();
    if (g === 'private' || !this.view.current) { this.passages = []; return; }
    try {
      this.passages = (await api.claimMap(this.view.slug, g)).passages;
      this.say(this.passages.length ? `${this.passages.length} annotated passage${this.passages.length === 1 ? '' : 's'} in ${this.view.groupName(g)}.`
        : `Nothing is annotated in ${this.view.groupName(g)} yet.`);
      this.list();
    } catch (err) {
      this.passages = [];
      if (err.status !== 401) this.say('Could not load the claim map: ' + err.message);
    }
  }

  /** Something changed live (a classmate wrote, a moderator hid): read the map again soon, then repaint. */
  stale() {
    if (!this.on) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh().then(() => { if (this.on) this.view.repaint(); }), QUIET_MS);
  }

  /** The passages as spans for anchoring.paint, beside the annotations. */
  spans() {
    return this.on ? this.passages.map((p, i) => ({ id: 'claim:' + i, start: p.start, end: p.end, passage: p, index: i })) : [];
  }

  /** Before each paint: which passages have their first mark yet. */
  startPaint() { this.firsts = new Set(); }

  /** One stretch of a passage: its shade, outline and counts (the first stretch also carries the passage's count). */
  decorate(mark, span) {
    const p = span.passage;
    const text = 'Claim map: ' + summary(p);
    mark.classList.add('claim', 'heat-' + level(p.annotations));
    if (p.questions > 0) mark.classList.add('asked');
    mark.dataset.passage = String(span.index);
    mark.title = mark.title ? mark.title + '\n' + text : text;
    mark.setAttribute('aria-label', (mark.getAttribute('aria-label') ? mark.getAttribute('aria-label') + '; ' : '') + text);
    if (!this.firsts.has(span.index)) {
      this.firsts.add(span.index);
      mark.classList.add('claim-first');
      mark.id = 'claim-' + span.index;
      mark.dataset.count = String(p.annotations) + (p.questions ? ' · ' + p.questions + '?' : '');
    }
  }

  /** The legend's list: the most discussed passages first, each a button to it. */
  list() {
    const top = this.passages.map((p, i) => ({ p, i })).sort((a, b) => b.p.annotations - a.p.annotations || b.p.questions - a.p.questions
      || a.p.start - b.p.start).slice(0, LISTED);
    $('claim-list').replaceChildren(...top.map(({ p, i }) => {
      const quote = p.exact.length > 90 ? p.exact.slice(0, 87) + '…' : p.exact;
      const b = el('button', { type: 'button', class: 'claim-go' }, el('q', { text: quote }), ' — ' + summary(p));
      b.addEventListener('click', () => {
        const m = $('claim-' + i);
        if (!m) return;
        m.scrollIntoView({ block: 'center' });
        m.focus({ preventScroll: true });
      });
      return el('li', { class: 'heat-' + level(p.annotations) }, b);
    }));
  }
}
