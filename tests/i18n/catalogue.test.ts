import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../server/i18n/en.ts';
import { fromAcceptLanguage, pickLocale, translator } from '../../server/i18n/index.ts';
import { nl } from '../../server/i18n/nl.ts';
import { root } from '../helpers/app.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe('the nl and en catalogues', () => {
  it('have exactly the same keys', () => {
    const nlKeys = Object.keys(nl).sort();
    const enKeys = Object.keys(en).sort();
    expect(
      nlKeys.filter((k) => !enKeys.includes(k)),
      'missing in en',
    ).toEqual([]);
    expect(
      enKeys.filter((k) => !nlKeys.includes(k)),
      'missing in nl',
    ).toEqual([]);
  });

  it('have no empty text and the same {placeholders} in both languages', () => {
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(nl[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(en[key]), key).toEqual(names(nl[key]));
    }
  });

  it('contain every key the templates use literally', () => {
    const used = new Set<string>();
    for (const file of [
      ...filesUnder(path.join(root, 'views')),
      ...filesUnder(path.join(root, 'server')),
    ]) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\bt\(\s*'([a-z]+\.[A-Za-z.]+)'/g)) used.add(m[1] ?? '');
      for (const m of source.matchAll(/(?:title|message): '([a-z]+\.[A-Za-z]+)'/g))
        used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(20);
    // A prefix joined with a value ('feedback.helpfulness.' + v) needs keys under it.
    const missing = [...used].filter((k) =>
      k.endsWith('.') ? !Object.keys(nl).some((n) => n.startsWith(k)) : !(k in nl),
    );
    expect(missing).toEqual([]);
  });
});

describe('locale choice', () => {
  it('prefers an explicit choice, then the course language, then the browser, then Dutch', () => {
    expect(pickLocale('en', 'nl', 'nl')).toBe('en');
    expect(pickLocale(null, 'en', 'nl')).toBe('en');
    expect(pickLocale(null, null, 'en')).toBe('en');
    expect(pickLocale(null, null, null)).toBe('nl');
  });

  it('reads Accept-Language by quality and skips languages we do not speak', () => {
    expect(fromAcceptLanguage('fr-FR,fr;q=0.9,en;q=0.8,nl;q=0.7')).toBe('en');
    expect(fromAcceptLanguage('de, nl-BE;q=0.5')).toBe('nl');
    expect(fromAcceptLanguage('en;q=0, nl;q=0.1')).toBe('nl');
    expect(fromAcceptLanguage('fr')).toBeNull();
    expect(fromAcceptLanguage(undefined)).toBeNull();
  });

  it('formats plurals, numbers and dates for the locale', () => {
    expect(translator('en').tn('cohort.exhibitCount', 1)).toBe('1 exhibit');
    expect(translator('nl').tn('cohort.exhibitCount', 8)).toBe('8 exhibits');
    expect(translator('nl').number(1234.5)).toBe('1.234,5');
    expect(translator('en').number(1234.5)).toBe('1,234.5');
    const d = new Date('2026-03-29T22:00:00Z');
    expect(translator('nl').date(d, 'Europe/Amsterdam')).toBe('maandag 30 maart 2026');
    expect(translator('en').date(d, 'Europe/Amsterdam')).toBe('Monday, 30 March 2026');
  });
});
