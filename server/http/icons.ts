// Icons from lucide-static as one SVG sprite, no icon font. Templates write
// `<use href="/static/icons.svg#i-heart">`; a whole page then gets the symbols it uses inline
// (inlineIcons), because an external sprite is a second document the browser loads and lays
// out after the first paint: on a throttled phone that was the page's longest task after it
// (Lighthouse). A fragment htmx swaps in keeps the external reference, fetched then.
// Only the icons named here are in the sprite; add a name to use one.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const iconDir = path.join(path.dirname(require.resolve('lucide-static/package.json')), 'icons');

export const iconNames = [
  'arrow-right',
  'bell',
  'book-open',
  'calendar',
  'check',
  'chevron-down',
  'chevron-left',
  'chevron-right',
  'circle-alert',
  'clock',
  'compass',
  'door-closed',
  'door-open',
  'external-link',
  'eye',
  'eye-off',
  'file-text',
  'flag',
  'globe',
  'headphones',
  'heart',
  'image',
  'inbox',
  'layout-dashboard',
  'link',
  'list-checks',
  'log-in',
  'log-out',
  'megaphone',
  'menu',
  'message-circle',
  'pencil',
  'pin',
  'play',
  'reply',
  'settings',
  'shield',
  'sparkles',
  'star',
  'trash-2',
  'users',
  'users-round',
  'x',
] as const;
export type IconName = (typeof iconNames)[number];

export const spriteFile = 'icons.svg';

/** Each listed icon as a <symbol id="i-name">. */
const symbols = new Map<string, string>(
  iconNames.map((name) => {
    const svg = readFileSync(path.join(iconDir, `${name}.svg`), 'utf8');
    const inner = svg.slice(svg.indexOf('>', svg.indexOf('<svg')) + 1, svg.lastIndexOf('</svg>'));
    return [
      `i-${name}`,
      `<symbol id="i-${name}" viewBox="0 0 24 24">${inner.replace(/\s*\n\s*/g, '')}</symbol>`,
    ];
  }),
);
/** Lucide's stroke settings, shared by the sprite file and the inline sprite. */
const strokes =
  'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"';

/** The sprite file: every listed icon. */
export function buildSprite(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" ${strokes}>${[...symbols.values()].join('')}</svg>\n`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A whole page with its icons pointing into an inline sprite of just the symbols it uses,
 * placed first in the body: a reference parsed before its symbol is resolved again when the
 * symbol arrives, which costs a second style pass over every icon.
 */
export function inlineIcons(spriteUrl: string) {
  const reference = new RegExp(`${escapeRegExp(spriteUrl)}#(i-[a-z0-9-]+)`, 'g');
  return (html: string): string => {
    const used = new Set<string>();
    const local = html.replace(reference, (_, id: string) => {
      used.add(id);
      return `#${id}`;
    });
    const body = local.indexOf('<body');
    const start = body < 0 ? -1 : local.indexOf('>', body) + 1;
    if (!used.size || start <= 0) return html;
    const sprite = `<svg class="sprite" width="0" height="0" aria-hidden="true" focusable="false" ${strokes}>${[...used].map((id) => symbols.get(id) ?? '').join('')}</svg>`;
    return `${local.slice(0, start)}\n${sprite}${local.slice(start)}`;
  };
}

/** `icon('heart')` in a template: decorative, so the button or link beside it has the words. */
export function iconHelper(spriteUrl: string) {
  return (name: IconName) =>
    `<svg class="icon" aria-hidden="true" focusable="false"><use href="${spriteUrl}#i-${name}"></use></svg>`;
}
