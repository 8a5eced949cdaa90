// The colour tokens meet WCAG AA in both themes: 4.5:1 for text on the surfaces it is set on,
// 3:1 for the outlines and marks a person must see to use a control (WCAG 1.4.11), and white
// initials on every avatar tone. Read from the stylesheet itself, so a changed token is checked.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/app.ts';

const css = (file: string) => readFileSync(path.join(root, 'static/css', file), 'utf8');
const tokensCss = css('005-tokens.css');

function tokensIn(block: string): Record<string, string> {
  return Object.fromEntries(
    [...block.matchAll(/--([a-z0-9-]+):\s*([^;]+);/g)].map((m) => [m[1] ?? '', m[2]?.trim() ?? '']),
  );
}

const darkAt = tokensCss.indexOf('@media (prefers-color-scheme: dark)');
const light = tokensIn(tokensCss.slice(0, darkAt));
const dark = { ...light, ...tokensIn(tokensCss.slice(darkAt)) };

type Rgba = [number, number, number, number];

function parse(value: string): Rgba {
  const hex = /^#([0-9a-f]{6})$/i.exec(value)?.[1];
  if (hex) return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).concat(1) as Rgba;
  const rgb = /^rgb\((\d+) (\d+) (\d+)(?: \/ ([\d.]+))?\)$/.exec(value);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), Number(rgb[4] ?? 1)];
  throw new Error(`not a colour: ${value}`);
}

/** A colour with alpha laid over an opaque one, as the browser paints it. */
const over = ([r, g, b, a]: Rgba, [R, G, B]: Rgba): Rgba => [
  r * a + R * (1 - a),
  g * a + G * (1 - a),
  b * a + B * (1 - a),
  1,
];

const luminance = ([r, g, b]: Rgba) => {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};

function ratio(fg: Rgba, bg: Rgba): number {
  const [a, b] = [luminance(over(fg, bg)), luminance(bg)].sort((x, y) => y - x);
  return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
}

// [foreground, background, minimum]: text 4.5, controls and marks 3.
const pairs: [string, string, number][] = [
  ...['paper', 'wall', 'card', 'raised'].flatMap((bg): [string, string, number][] => [
    ['ink', bg, 4.5],
    ['muted', bg, 4.5],
    ['accent', bg, 4.5],
    ['error', bg, 4.5],
    ['line-strong', bg, 3],
    ['focus', bg, 3],
  ]),
  ['accent-ink', 'accent', 4.5],
  ['accent-ink', 'accent-hover', 4.5],
  ['accent-ink', 'error', 4.5],
  ['accent', 'accent-soft', 4.5],
  ['ink', 'accent-soft', 4.5],
  ['ink', 'error-soft', 4.5],
  ['error', 'error-soft', 4.5],
  ['ink', 'success-soft', 4.5],
  ['success', 'paper', 3],
  ['success', 'card', 3],
  ['ink', 'warn-soft', 4.5],
  ['warn-ink', 'warn-soft', 4.5],
  ['warn', 'paper', 3],
  ['warn', 'spot-soft', 3],
  ['ink', 'spot-soft', 4.5],
  ['muted', 'spot-soft', 4.5],
  ['header-ink', 'header-bg', 4.5],
  ['header-line', 'header-bg', 3],
  ...['article', 'video', 'cartoon', 'podcast', 'other'].map((k): [string, string, number] => [
    'art-ink',
    `art-${k}`,
    3,
  ]),
];

/** Every pair with its ratio in one theme, the failures first. */
function check(theme: Record<string, string>) {
  return pairs.map(([fg, bg, min]) => {
    const back = parse(theme[bg] ?? '');
    const value = ratio(parse(theme[fg] ?? ''), back);
    return { pair: `${fg} on ${bg}`, ratio: Math.round(value * 100) / 100, min };
  });
}

describe('colour tokens', () => {
  it.each([
    ['light', light],
    ['dark', dark],
  ])('meet AA contrast in the %s theme', (_name, theme) => {
    const results = check(theme);
    if (process.env.CONTRAST_REPORT) console.table(results);
    expect(results.filter((r) => r.ratio < r.min)).toEqual([]);
  });

  it('keep white initials readable on every avatar tone', () => {
    const tones = [
      ...css('130-avatar.css').matchAll(/\.tone-\d+ \{\s*background: (#[0-9a-f]{6});/g),
    ];
    expect(tones.length).toBe(12);
    const white = parse('#ffffff');
    for (const [, tone = ''] of tones) {
      expect(ratio(white, parse(tone)), tone).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('are the only colours the other stylesheet files use', () => {
    // A mask's black is no colour anyone sees; the avatar tones are checked above.
    const raw = readdirSync(path.join(root, 'static/css'))
      .filter((f) => f.endsWith('.css') && f !== '005-tokens.css' && f !== '130-avatar.css')
      .flatMap((f) =>
        css(f)
          .split('\n')
          .filter((line) => !/mask/.test(line))
          .flatMap((line) =>
            [...line.matchAll(/#[0-9a-f]{3,6}\b|rgba?\(/gi)].map((m) => `${f}: ${m[0]}`),
          ),
      );
    expect(raw).toEqual([]);
  });
});
