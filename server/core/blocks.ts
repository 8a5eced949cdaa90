// Blocks written into the content's Markdown (a ```poll fence): the renderer leaves a
// placeholder at each one's place, and a page asks the feature that owns that kind of block to
// fill it in, so the block shows where the author put it in the text. The page never knows
// the feature, as with panels.
import { type BlockKind, blockPlaceholderPattern } from '../content/markdown.ts';

export interface BlockRenderer<C> {
  kind: BlockKind;
  /** The partial under views/, rendered with the page's data plus `it.block`. */
  view: string;
  /** Each id's data (missing or null: that block shows nothing). */
  load(context: C, ids: string[]): Promise<Map<string, unknown>> | Map<string, unknown>;
}

/** A text in pieces: HTML as it is, or a block's partial with its data. */
export type ProsePart = { html: string } | { view: string; data: unknown };

export class ContentBlocks<C> {
  private renderers = new Map<BlockKind, BlockRenderer<C>>();

  add(renderer: BlockRenderer<C>): void {
    if (this.renderers.has(renderer.kind)) {
      throw new Error(`content block "${renderer.kind}" registered twice`);
    }
    this.renderers.set(renderer.kind, renderer);
  }

  /** The rendered text split at its placeholders, each block loaded by its feature. */
  async fill(html: string, context: C): Promise<ProsePart[]> {
    const found = [...html.matchAll(blockPlaceholderPattern)];
    if (!found.length) return [{ html }];
    const ids = new Map<BlockKind, string[]>();
    for (const m of found) {
      const kind = m[1] as BlockKind;
      if (!this.renderers.has(kind)) continue;
      ids.set(kind, [...(ids.get(kind) ?? []), m[2] ?? '']);
    }
    const loaded = new Map<BlockKind, Map<string, unknown>>();
    await Promise.all(
      [...ids].map(async ([kind, list]) => {
        const renderer = this.renderers.get(kind);
        if (renderer) loaded.set(kind, await renderer.load(context, list));
      }),
    );
    const parts: ProsePart[] = [];
    let at = 0;
    for (const m of found) {
      const index = m.index ?? 0;
      if (index > at) parts.push({ html: html.slice(at, index) });
      at = index + m[0].length;
      const kind = m[1] as BlockKind;
      const data = loaded.get(kind)?.get(m[2] ?? '');
      const renderer = this.renderers.get(kind);
      if (renderer && data !== undefined && data !== null)
        parts.push({ view: renderer.view, data });
    }
    if (at < html.length) parts.push({ html: html.slice(at) });
    return parts;
  }
}
