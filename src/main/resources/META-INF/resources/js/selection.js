// Selecting text with a mouse, a finger or the keyboard, and the toolbar that offers what to do with
// the selection. A mouse ends with mouseup, a keyboard with Shift+arrows; a touch selection (long
// press, then the handles) ends with neither on every phone, so a settled `selectionchange` inside
// the text offers the toolbar too, as does `pointerup`.
import { segments, describe } from './anchoring.js';

const SETTLE_MS = 250;

/**
 * @param o textRoot, toolbar; chars() the shown revision's code points; status(text);
 *   onMark(mark) for a click or Enter on a highlight; onChoose(motivation) for a toolbar button;
 *   quiet() true while the reader repaints (its DOM changes move the selection, not the user)
 */
export function wireSelection(o) {
  const { textRoot, toolbar } = o;
  let pending = null;
  let settle = null;

  const hide = () => { toolbar.hidden = true; };
  const firstText = () => document.createTreeWalker(textRoot, NodeFilter.SHOW_TEXT).nextNode();

  function offer() {
    const sel = getSelection();
    if (!sel.rangeCount || sel.isCollapsed) { hide(); return; }
    const range = sel.getRangeAt(0);
    if (!textRoot.contains(range.commonAncestorContainer)) { hide(); return; }
    const anchor = describe(range, segments(textRoot), o.chars());
    if (!anchor) { hide(); return; }
    pending = anchor;
    const rect = range.getBoundingClientRect();
    toolbar.hidden = false;
    const width = toolbar.offsetWidth;
    toolbar.style.top = (window.scrollY + rect.bottom + 6) + 'px';
    // kept inside the viewport: on a phone the selection may start near the right edge
    toolbar.style.left = (window.scrollX + Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8))) + 'px';
    o.status(`Selected ${anchor.end - anchor.start} characters. Press Tab for Highlight, Comment, Question or Assess.`);
  }

  function keys(e) {
    const dirs = { ArrowLeft: 'backward', ArrowRight: 'forward', ArrowUp: 'backward', ArrowDown: 'forward' };
    const sel = getSelection();
    if (dirs[e.key] && (e.shiftKey || e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      if (!sel.rangeCount || !textRoot.contains(sel.focusNode)) sel.collapse(firstText(), 0);
      const unit = e.key === 'ArrowUp' || e.key === 'ArrowDown' ? 'line' : (e.ctrlKey || e.altKey ? 'word' : 'character');
      sel.modify(e.shiftKey ? 'extend' : 'move', dirs[e.key], unit);
      e.preventDefault();
    } else if (e.key === 'Tab' && !e.shiftKey && !toolbar.hidden) {
      e.preventDefault();
      toolbar.querySelector('button:not([hidden])').focus();
    } else if (e.key === 'Escape') {
      hide();
      sel.collapseToStart();
    } else if (e.key === 'Enter') {
      const m = sel.anchorNode && sel.anchorNode.parentElement && sel.anchorNode.parentElement.closest('mark');
      if (m && textRoot.contains(m)) { e.preventDefault(); o.onMark(m); }
    }
  }

  textRoot.addEventListener('mouseup', () => setTimeout(offer, 0));
  textRoot.addEventListener('pointerup', e => { if (e.pointerType !== 'mouse') setTimeout(offer, 0); });
  document.addEventListener('selectionchange', () => {
    clearTimeout(settle);
    settle = setTimeout(() => {
      if (o.quiet()) return;
      const sel = getSelection();
      if (sel.rangeCount && !sel.isCollapsed && textRoot.contains(sel.getRangeAt(0).commonAncestorContainer)) offer();
    }, SETTLE_MS);
  });
  textRoot.addEventListener('keyup', e => { if (e.key.startsWith('Arrow') || e.key === 'Shift') offer(); });
  textRoot.addEventListener('click', e => {
    const m = e.target.closest('mark');
    if (m && getSelection().isCollapsed) o.onMark(m);
  });
  textRoot.addEventListener('focus', () => {
    const sel = getSelection();
    if (!sel.rangeCount || !textRoot.contains(sel.anchorNode)) {
      const first = firstText();
      if (first) sel.collapse(first, 0);
    }
  });
  textRoot.addEventListener('keydown', keys);
  toolbar.addEventListener('keydown', e => {
    const buttons = Array.from(toolbar.querySelectorAll('button:not([hidden])'));
    const i = buttons.indexOf(document.activeElement);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      buttons[(i + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length].focus();
    } else if (e.key === 'Escape') {
      hide();
      textRoot.focus();
    }
  });
  toolbar.addEventListener('mousedown', e => e.preventDefault()); // keep the selection visible
  toolbar.querySelectorAll('button').forEach(b => b.addEventListener('click', () => o.onChoose(b.dataset.motivation)));

  return {
    /** The selectors of the last selection offered (null after a start). */
    take() { const p = pending; pending = null; return p; },
    hide,
  };
}
