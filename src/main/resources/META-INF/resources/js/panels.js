// The reader's tool panels (search results, export, import, participation): the button that opens
// and closes a panel says so (aria-expanded); a Close button or Escape in the panel closes it and
// gives the focus back to that button. (tools.js listens to the buttons: it loads a panel's module first.)

/**
 * @param element the panel; button its toggle (null for a panel opened otherwise, as search results are)
 * @param onOpen called each time it opens
 * @returns { open(), close(), toggle(), isOpen() }
 */
export function panel(element, button, onOpen = () => {}) {
  const set = on => {
    element.hidden = !on;
    if (button) button.setAttribute('aria-expanded', String(on));
  };
  const api = {
    open() {
      const was = !element.hidden;
      set(true);
      if (!was) onOpen();
    },
    close() {
      set(false);
      if (button) button.focus();
    },
    toggle() { if (api.isOpen()) api.close(); else api.open(); },
    isOpen: () => !element.hidden,
  };
  element.querySelectorAll('.close-panel').forEach(b => b.addEventListener('click', () => api.close()));
  element.addEventListener('keydown', e => { if (e.key === 'Escape') api.close(); });
  return api;
}
