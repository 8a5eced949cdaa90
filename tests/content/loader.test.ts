import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { formatContentError } from '../../server/content/types.ts';
import { fixtures, root } from '../helpers/app.ts';

function load(dir: string) {
  const result = loadContent(dir);
  if (!result.ok) throw new Error(result.errors.map(formatContentError).join('\n'));
  return result.catalogue;
}

describe('a valid content folder', () => {
  const catalogue = load(path.join(fixtures, 'content-valid'));
  const demo = catalogue.courses.get('demo');

  it('reads courses, rooms and exhibits in number order with ids from the file names', () => {
    expect([...catalogue.courses.keys()]).toEqual(['demo', 'leren']);
    expect(demo?.rooms.map((r) => r.id)).toEqual(['welcome', 'walking', 'sharing']);
    expect(demo?.rooms[0]?.exhibits.map((e) => [e.id, e.position, e.kind])).toEqual([
      ['first-look', 1, 'article'],
      ['drawing', 2, 'cartoon'],
      ['talk', 3, 'podcast'],
    ]);
  });

  it('renders Markdown once at load and keeps the fields', () => {
    expect(demo?.introHtml).toBe('<p>Welcome to the <strong>test museum</strong>.</p>\n');
    const first = demo?.rooms[0]?.exhibits[0];
    expect(first).toMatchObject({
      title: 'A First Look',
      by: 'Ann Author',
      minutes: 6,
      url: 'https://example.org/',
    });
    expect(first?.prompts).toHaveLength(2);
    expect(demo?.rooms[0]?.exhibits[1]?.image).toBe('/media/demo/drawing.svg');
  });

  it('keeps the first paragraph of a note as the label shown in the room', () => {
    const pkm = load(path.join(root, 'content')).courses.get('pkm');
    const exhibit = pkm?.rooms[0]?.exhibits.find((e) => e.noteHtml.includes('</p>\n<p>'));
    expect(exhibit, 'a sample exhibit with a note of several paragraphs').toBeDefined();
    expect(exhibit?.excerptHtml.match(/<p>/g)).toHaveLength(1);
    expect(exhibit?.noteHtml.startsWith(exhibit.excerptHtml)).toBe(true);
  });

  it('opens room n after 7·(n−1) days unless opens_after_days says otherwise', () => {
    expect(demo?.rooms.map((r) => r.opensAfterDays)).toEqual([0, 7, 10]);
  });
});

describe('the sample courses', () => {
  const catalogue = load(path.join(root, 'content'));

  it('has a Dutch course of at least three rooms and an English one of two', () => {
    const courses = [...catalogue.courses.values()];
    const dutch = courses.filter((c) => c.language === 'nl');
    const english = courses.filter((c) => c.language === 'en');
    expect(dutch.some((c) => c.rooms.length >= 3)).toBe(true);
    expect(english.some((c) => c.rooms.length === 2)).toBe(true);
  });

  it('gives every room 6–8 exhibits of mixed kinds, each with a note and 2–3 prompts', () => {
    for (const course of catalogue.courses.values()) {
      for (const room of course.rooms) {
        expect(room.exhibits.length, room.file).toBeGreaterThanOrEqual(6);
        expect(room.exhibits.length, room.file).toBeLessThanOrEqual(8);
        expect(new Set(room.exhibits.map((e) => e.kind)).size, room.file).toBeGreaterThanOrEqual(3);
        for (const exhibit of room.exhibits) {
          expect(exhibit.noteHtml.length, exhibit.file).toBeGreaterThan(50);
          expect(exhibit.prompts.length, exhibit.file).toBeGreaterThanOrEqual(2);
          expect(exhibit.prompts.length, exhibit.file).toBeLessThanOrEqual(3);
        }
      }
    }
  });
});

describe('a broken content folder', () => {
  it('reports every problem at once, each with file, field and reason', () => {
    const result = loadContent(path.join(fixtures, 'content-broken'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const reserved =
      '(enrol, meetup, organise, wall, feedback, comments); rename the file or pin another id with id:';
    expect(result.errors.map(formatContentError)).toEqual([
      'content-broken/alpha/course.md: language: must be nl or en (got "fr")',
      'content-broken/alpha/course.md: organisers (item 1): must be an e-mail address, e.g. team@example.org',
      'content-broken/alpha/01-start/room.md: title: is required',
      'content-broken/alpha/01-start/room.md: week: must be a whole number from 1 to 52',
      'content-broken/alpha/01-start/room.md: titel: unknown field (check the spelling)',
      'content-broken/alpha/01-start/01-bad-kind.md: kind: must be one of article, video, cartoon, podcast, other (got "blog")',
      'content-broken/alpha/01-start/02-bad-url.md: minutes: must be a whole number from 1 to 600',
      'content-broken/alpha/01-start/02-bad-url.md: url: must be an absolute http(s) URL, e.g. https://example.org (got "ftp://example.org/file")',
      'content-broken/alpha/01-start/03-broken-yaml.md: front matter: malformed YAML at line 4: missed comma between flow collection entries',
      'content-broken/alpha/01-start/04-no-title.md: title: is required',
      'content-broken/alpha/01-start/04-no-title.md: image: no file "missing.svg" in content-broken/alpha/media/',
      'content-broken/alpha/01-start/not-numbered.md: file: an exhibit file name must start with its number, e.g. 01-the-article.md',
      `content-broken/alpha/02-wall/room.md: id: "wall" is reserved for a page of its own ${reserved}`,
      'content-broken/alpha/03-twins/02-other.md: image_alt: is required when image is set: describe the picture for readers who cannot see it',
      'content-broken/alpha/03-twins/02-other.md: id: "same" is already used by content-broken/alpha/03-twins/01-same.md',
      `content-broken/alpha/03-twins/03-comments.md: id: "comments" is reserved for a page of its own ${reserved}`,
      'content-broken/alpha/04-nofile/room.md: file: is missing: every room folder needs a room.md',
      'content-broken/alpha/notes: folder: a room folder name must start with its number, e.g. 01-welcome',
      'content-broken/beta/course.md: file: is missing: every course folder needs a course.md',
    ]);
  });

  it('says so when the folder itself is missing', () => {
    const result = loadContent(path.join(fixtures, 'no-such-folder'));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(
        formatContentError(result.errors[0] ?? { file: '', field: '', message: '' }),
      ).toContain('cannot be read');
  });
});
