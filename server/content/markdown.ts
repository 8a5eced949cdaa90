// Markdown for organiser-written content. Raw HTML is off: content is reviewed in git, but
// a stray <script> in a note must never reach a page under our strict CSP anyway.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

// Links out of the museum open as ordinary links but tell the target nothing about us.
const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = String(token?.attrGet('href') ?? '');
  if (token && /^https?:\/\//i.test(href)) token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/**
 * Fenced blocks whose info word names a kind of block (```poll) are not code: the text keeps
 * a placeholder at their place, and a page fills it in (core's content blocks).
 */
export const blockKinds = ['poll'] as const;
export type BlockKind = (typeof blockKinds)[number];
const infoWord = (info: string) => info.trim().split(/\s+/)[0] ?? '';
const isBlockKind = (word: string): word is BlockKind =>
  (blockKinds as readonly string[]).includes(word);

/** An HTML comment: harmless wherever the text is shown without its blocks filled in. */
export const blockPlaceholder = (kind: BlockKind, id: string) => `<!--block:${kind}:${id}-->`;
export const blockPlaceholderPattern = /<!--block:([a-z]+):([a-z0-9-]+)-->/g;

const defaultFence =
  md.renderer.rules.fence ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.fence = (tokens, idx, options, rawEnv, self) => {
  const token = tokens[idx];
  const env = (rawEnv ?? {}) as RenderEnv;
  const word = infoWord(token?.info ?? '');
  if (!isBlockKind(word)) return defaultFence(tokens, idx, options, rawEnv, self);
  const seen = env.seen ?? {};
  env.seen = seen;
  const n = seen[word] ?? 0;
  seen[word] = n + 1;
  const id = env.blocks?.[word]?.[n];
  return id ? `${blockPlaceholder(word, id)}\n` : '';
};

interface RenderEnv {
  /** The ids of the file's blocks of each kind, in the order they stand. */
  blocks?: Partial<Record<BlockKind, (string | null)[]>>;
  seen?: Partial<Record<BlockKind, number>>;
}

export const renderMarkdown = (
  source: string,
  blocks?: Partial<Record<BlockKind, (string | null)[]>>,
): string => md.render(source, { blocks } satisfies RenderEnv as Record<string, unknown>);

/** The contents of each ```<kind> block in the text, in order, with its line in the text. */
export function fencedBlocks(source: string, kind: BlockKind): { content: string; line: number }[] {
  return md
    .parse(source, {})
    .filter((t) => t.type === 'fence' && infoWord(t.info) === kind)
    .map((t) => ({ content: t.content, line: (t.map?.[0] ?? 0) + 1 }));
}
