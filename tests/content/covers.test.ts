// A course's cover: a picture from its media folder, described for readers who cannot see it,
// with an optional PNG or JPG of it for mail. The content check names every mistake.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { formatContentError } from '../../server/content/types.ts';
import { fixtures, root } from '../helpers/app.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'salon-covers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A content folder with one course whose front matter ends with `extra`. */
function courseWith(name: string, extra: string, media: string[] = ['cover.svg']) {
  const content = path.join(scratch, name, 'content');
  const course = path.join(content, 'art');
  mkdirSync(path.join(course, 'media'), { recursive: true });
  for (const file of media) writeFileSync(path.join(course, 'media', file), '<svg/>');
  writeFileSync(
    path.join(course, 'course.md'),
    `---\ntitle: Art\nlanguage: en\nsummary: A course.\n${extra}\n---\nWelcome.\n`,
  );
  return loadContent(content);
}

const problems = (result: ReturnType<typeof loadContent>) =>
  result.ok ? [] : result.errors.map(formatContentError);

describe('a course cover', () => {
  it('becomes a media address, with its description', () => {
    const result = loadContent(path.join(fixtures, 'content-valid'));
    if (!result.ok) throw new Error(problems(result).join('\n'));
    expect(result.catalogue.courses.get('demo')).toMatchObject({
      cover: '/media/demo/cover.svg',
      coverAlt: 'Three frames on a museum wall.',
      coverMail: null,
    });
  });

  it('is optional', () => {
    const result = courseWith('none', '', []);
    expect(problems(result)).toEqual([]);
    if (result.ok)
      expect(result.catalogue.courses.get('art')).toMatchObject({ cover: null, coverAlt: null });
  });

  it('keeps a picture for mail beside it', () => {
    const result = courseWith(
      'mail',
      'cover: cover.svg\ncover_alt: A frame.\ncover_mail: cover.png',
      ['cover.svg', 'cover.png'],
    );
    expect(problems(result)).toEqual([]);
    if (result.ok)
      expect(result.catalogue.courses.get('art')?.coverMail).toBe('/media/art/cover.png');
  });

  it('must be a file in the media folder', () => {
    const result = courseWith('missing', 'cover: nope.svg\ncover_alt: A frame.');
    expect(problems(result)).toEqual([
      'content/art/course.md: cover: no file "nope.svg" in content/art/media/',
    ]);
  });

  it('needs a description', () => {
    expect(problems(courseWith('no-alt', 'cover: cover.svg'))).toEqual([
      'content/art/course.md: cover_alt: is required when cover is set: describe the picture for readers who cannot see it',
    ]);
  });

  it('is said to be missing even when other fields are wrong too', () => {
    expect(problems(courseWith('both', 'cover: cover.svg\ncolour: red'))).toEqual([
      'content/art/course.md: colour: unknown field (check the spelling)',
      'content/art/course.md: cover_alt: is required when cover is set: describe the picture for readers who cannot see it',
    ]);
  });

  it('names a description or a mail picture without a cover, and a mail picture mail cannot show', () => {
    expect(problems(courseWith('alt-only', 'cover_alt: A frame.', []))).toEqual([
      'content/art/course.md: cover_alt: describes the cover, and there is none: set cover too, or remove cover_alt',
    ]);
    expect(
      problems(
        courseWith('svg-mail', 'cover: cover.svg\ncover_alt: A frame.\ncover_mail: cover.svg'),
      ),
    ).toEqual([
      'content/art/course.md: cover_mail: must be the file name of a PNG, JPG or GIF in media/, which every mail program shows (Gmail and Outlook show no SVG)',
    ]);
    expect(
      problems(
        courseWith('no-mail-file', 'cover: cover.svg\ncover_alt: A frame.\ncover_mail: x.png'),
      ),
    ).toEqual(['content/art/course.md: cover_mail: no file "x.png" in content/art/media/']);
  });

  it('is on every sample course, with a picture for mail', () => {
    const result = loadContent(path.join(root, 'content'));
    if (!result.ok) throw new Error(problems(result).join('\n'));
    for (const course of result.catalogue.courses.values()) {
      expect(course.cover, course.file).toMatch(/^\/media\/[a-z-]+\/[\w.-]+\.svg$/);
      expect(course.coverAlt?.length, course.file).toBeGreaterThan(20);
      expect(course.coverMail, course.file).toMatch(/\.png$/);
    }
  });
});
