// The round-up the host starts from: every post with its author, title, link and note, grouped
// under the tags the host set (untagged posts last). Plain Markdown the host edits; the notes
// stay in it, so the round-up still reads when a link dies.
import type { EntryRow } from './queries.ts';

/** Markdown-safe one-line text: the characters that would start a link or emphasis escaped. */
const inline = (s: string) =>
  s
    .replace(/([\\`*_[\]<>])/g, '\\$1')
    .replace(/\s+/g, ' ')
    .trim();

export function draftRoundup(
  entries: EntryRow[],
  words: { intro: string; untagged: string; by: string },
): string {
  const groups = new Map<string, EntryRow[]>();
  for (const e of entries) {
    const list = groups.get(e.tag) ?? [];
    list.push(e);
    groups.set(e.tag, list);
  }
  const tags = [...groups.keys()].filter((t) => t !== '').sort((a, b) => a.localeCompare(b));
  if (groups.has('')) tags.push('');
  const parts = [words.intro, ''];
  for (const tag of tags) {
    if (tags.length > 1 || tag !== '') parts.push(`**${inline(tag || words.untagged)}**`, '');
    for (const e of groups.get(tag) ?? []) {
      parts.push(
        `- [${inline(e.title)}](<${e.url}>) ${words.by} ${inline(e.author)}: ${inline(e.note)}`,
      );
    }
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The round-up without the lines that link to these posts: a deleted account's posts leave it
 * with their titles, names and notes. A link counts where it stands whole (in <…>, (…) or
 * between spaces), so a longer address that starts the same stays.
 */
export function withoutPosts(md: string, urls: string[]): string {
  if (!urls.length) return md;
  const links = urls.map((u) => new RegExp(`(^|[\\s(<])${escapeRegExp(u)}(?=$|[\\s)>])`));
  return md
    .split('\n')
    .filter((line) => !links.some((l) => l.test(line)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
