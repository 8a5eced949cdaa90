// Boxes a feature adds to a page another feature (or core) owns: the cohort home, a room, an
// exhibit, the organisers' dashboard. The page asks every registered panel for its data and
// includes each one's partial in order; a panel that has nothing to show returns null.
export interface Panel<C> {
  /** Unique per page; the partial also finds its data under `it.panels[name]`. */
  name: string;
  /** The partial under views/, rendered with the page's data plus `it.panel`. */
  view: string;
  /** Lower first; panels with the same order keep their registration order. */
  order?: number;
  load(context: C): Promise<unknown> | unknown;
}

export interface LoadedPanel {
  name: string;
  view: string;
  data: unknown;
}

export class PanelSlot<C> {
  private panels: Panel<C>[] = [];

  add(panel: Panel<C>): void {
    if (this.panels.some((p) => p.name === panel.name)) {
      throw new Error(`panel "${panel.name}" registered twice`);
    }
    this.panels.push(panel);
    this.panels.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  }

  /** Every panel with something to show, in order (their loads run at the same time). */
  async load(context: C): Promise<LoadedPanel[]> {
    const loaded = await Promise.all(
      this.panels.map(async (p) => ({ name: p.name, view: p.view, data: await p.load(context) })),
    );
    return loaded.filter((p) => p.data !== null && p.data !== undefined);
  }
}
