// The tools above the text: search, export, import, participation and the claim map. Each module
// is loaded on first use (a dynamic import), so a first visit to the reader does not fetch them
// (ReaderBrowserTest holds that visit under 100 KB). This module owns their buttons, says where
// the search box searches, and decides when the claim map is offered.
const $ = id => document.getElementById(id);

export class Tools {
  /**
   * @param view what the reader lends the tools: slug, group() ('private' or an id), groupName(id),
   *   moderator(), current (the page shows the current revision), reveal(annotation),
   *   imported(result, into), repaint()
   */
  constructor(view) {
    this.view = view;
    this.loading = new Map();
    this.loaded = new Map();
    const panels = [['tool-export', 'exports.js', 'Exports'], ['tool-import', 'imports.js', 'Imports'], ['tool-report', 'reports.js', 'Reports']];
    for (const [id, file, name] of panels) {
      $(id).addEventListener('click', async () => (await this.load(file, name)).panel.toggle());
    }
    $('search-form').addEventListener('submit', async e => {
      e.preventDefault();
      (await this.load('search.js', 'Search')).run();
    });
    $('search-everywhere').addEventListener('change', () => {
      this.scope();
      const s = this.loaded.get('search.js');
      if (s) s.rescope();
    });
    $('claim-toggle').addEventListener('click', async () => (await this.load('claimmap.js', 'ClaimMap')).toggle());
    this.groupChanged();
  }

  /** The tool in this module, made once. */
  load(file, name) {
    if (!this.loading.has(file)) {
      this.loading.set(file, import('./' + file).then(m => {
        const tool = new m[name](this.view);
        this.loaded.set(file, tool);
        return tool;
      }));
    }
    return this.loading.get(file);
  }

  /** The claim map, if it was ever turned on (the reader paints its passages), else null. */
  claims() { return this.loaded.get('claimmap.js') || null; }

  /** The chosen group changed (or the annotations were read again): every tool follows. */
  groupChanged() {
    this.scope();
    const g = this.view.group();
    const why = !this.view.current ? 'The claim map is of the current revision.'
      : g === 'private' ? 'Choose a group: the map is of a group\'s annotations.' : null;
    $('claim-toggle').disabled = !!why;
    $('claim-toggle').title = why || '';
    for (const [file, tool] of this.loaded) {
      if (file === 'claimmap.js') tool.groupChanged(!why);
      else if (tool.groupChanged) tool.groupChanged();
    }
  }

  /** Says where the search box searches. */
  scope() {
    const g = this.view.group();
    $('search-scope').textContent = $('search-everywhere').checked ? 'in everything you can read'
      : 'in this text' + (g === 'private' ? '' : ', ' + this.view.groupName(g));
  }
}
