// How a find is shown: the site its link goes to, by name, and on the wall a short note, so
// that one long note does not stretch its card (and the row beside it) down the whole page.
import { excerpt } from './excerpt.ts';
import type { WallItem } from './wall.ts';

export type ShownFind = WallItem & {
  /** The link's site, e.g. "example.org"; null when the find has no link. */
  site: string | null;
  /** The note as a short line of plain text when it is too long for a card; else null. */
  noteExcerpt: string | null;
};

/** Longer than this (in characters of text, or in paragraphs) and a card shows an excerpt. */
const cardText = 320;
const cardBlocks = 3;
const excerptLength = 240;

/**
 * "example.org" for https://www.example.org/a/b. The host as the URL parser writes it, in
 * ASCII (a look-alike Unicode name stays visibly punycode), without a leading "www.".
 */
export function siteOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname;
    return host.replace(/^www\d*\.(?=.+\.)/, '') || null;
  } catch {
    return null;
  }
}

function tooLongForCard(html: string): boolean {
  const blocks = (html.match(/<(p|li|h[1-6]|blockquote|pre)\b/g) ?? []).length;
  return blocks > cardBlocks || excerpt(html, cardText + 1).length > cardText;
}

export function showFind(item: WallItem): ShownFind {
  return {
    ...item,
    site: siteOf(item.url),
    noteExcerpt: tooLongForCard(item.noteHtml) ? excerpt(item.noteHtml, excerptLength) : null,
  };
}
