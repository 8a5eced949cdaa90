// Icons from lucide-static, drawn from one external SVG sprite (/static/icons.svg, cached
// like every asset): a page carries only `<use href="…#i-heart">` per icon, no icon font and
// no inline sprite. Only the icons named here are in the sprite; add a name to use one.
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

/** Every listed icon as a <symbol id="i-name">, keeping lucide's stroke settings. */
export function buildSprite(): string {
  const symbols = iconNames.map((name) => {
    const svg = readFileSync(path.join(iconDir, `${name}.svg`), 'utf8');
    const inner = svg.slice(svg.indexOf('>', svg.indexOf('<svg')) + 1, svg.lastIndexOf('</svg>'));
    return `<symbol id="i-${name}" viewBox="0 0 24 24">${inner.replace(/\s*\n\s*/g, '')}</symbol>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${symbols.join('')}</svg>\n`;
}

/** `icon('heart')` in a template: decorative, so the button or link beside it has the words. */
export function iconHelper(spriteUrl: string) {
  return (name: IconName) =>
    `<svg class="icon" aria-hidden="true" focusable="false"><use href="${spriteUrl}#i-${name}"></use></svg>`;
}
