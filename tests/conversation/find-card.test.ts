// What a find's card shows besides its own fields: the site by name, and a short note.
import { describe, expect, it } from 'vitest';
import { showFind, siteOf } from '../../server/conversation/find-card.ts';
import type { WallItem } from '../../server/conversation/wall.ts';

describe('the site of a find', () => {
  it('is the host of its link, without www.', () => {
    expect(siteOf('https://www.example.org/a/b?c=d')).toBe('example.org');
    expect(siteOf('http://Jarche.COM/blog')).toBe('jarche.com');
    expect(siteOf('https://en.wikipedia.org/wiki/Knowledge_worker')).toBe('en.wikipedia.org');
    expect(siteOf('https://www2.example.co.uk/')).toBe('example.co.uk');
  });

  it('keeps a name that is only "www." and a domain', () => {
    expect(siteOf('https://www.com/')).toBe('www.com');
  });

  it('shows a look-alike Unicode name as the punycode it is', () => {
    expect(siteOf('https://еxample.org/')).toMatch(/^xn--/);
  });

  it('is null without a link, or with one that does not parse', () => {
    expect(siteOf(null)).toBeNull();
    expect(siteOf('')).toBeNull();
    expect(siteOf('not a url')).toBeNull();
  });
});

describe('a find on a card', () => {
  const find = (noteHtml: string) =>
    ({ url: 'https://example.org/x', noteHtml }) as unknown as WallItem;

  it('shows a short note as it is', () => {
    const shown = showFind(find('<p>A <em>great</em> read.</p>\n'));
    expect(shown).toMatchObject({ site: 'example.org', noteExcerpt: null });
  });

  it('shows a long note, or one of many paragraphs, as a short line of text', () => {
    const long = showFind(find(`<p>${'word '.repeat(100)}</p>`));
    expect(long.noteExcerpt?.length).toBe(240);
    expect(long.noteExcerpt?.endsWith('…')).toBe(true);
    const many = showFind(find('<p>one</p><p>two</p><p>three</p><p>four</p>'));
    expect(many.noteExcerpt).toBe('one two three four');
  });
});
