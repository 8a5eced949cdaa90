// A room's carnival.md: read into the room, with max_per_person defaulting to two; the content
// check names the file and the field for everything that is wrong.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { formatContentError } from '../../server/content/types.ts';
import { fixtures } from '../helpers/app.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The valid fixture with the demo course's second room's carnival.md replaced. */
function withCarnival(front: string, body = 'Write about it.') {
  dir = mkdtempSync(path.join(tmpdir(), 'salon-carnival-'));
  cpSync(path.join(fixtures, 'content-valid'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'demo/02-walking/carnival.md'), `---\n${front}\n---\n${body}\n`);
  const result = loadContent(dir);
  return result.ok ? [] : result.errors.map(formatContentError);
}

describe('carnival.md', () => {
  it('is read into its room, two posts a person unless it says otherwise', () => {
    const result = loadContent(path.join(fixtures, 'content-valid'));
    if (!result.ok) throw new Error(result.errors.map(formatContentError).join('\n'));
    const room = result.catalogue.courses.get('demo')?.rooms.find((r) => r.id === 'walking');
    expect(room?.carnival).toMatchObject({
      theme: 'A walk that taught me something',
      opensAfterDays: 0,
      closesAfterDays: 7,
      maxPerPerson: 2,
      host: 'organisers',
    });
    expect(room?.carnival?.inviteHtml).toContain('<p>Write a post');
    const first = result.catalogue.courses.get('demo')?.rooms[0];
    expect(first?.carnival).toBeNull();
  });

  it('takes a learner host by address and a different limit', () => {
    expect(withCarnival('theme: T\ncloses: 3\nmax_per_person: 1\nhost: Ada@Example.org')).toEqual(
      [],
    );
  });

  it('names the file and the field of every problem', () => {
    const errors = withCarnival(
      'theme: ""\nopens: 5\ncloses: 2\nmax_per_person: 0\nhost: someone\ncolour: red',
    );
    expect(errors.every((e) => e.includes('/demo/02-walking/carnival.md: '))).toBe(true);
    const text = errors.join('\n');
    expect(text).toContain('theme: is required');
    expect(text).toContain('max_per_person: must be a whole number from 1 to 10');
    expect(text).toContain('host: must be "organisers" or the e-mail address');
    expect(text).toContain('colour: unknown field (check the spelling)');
  });

  it('refuses a window that closes before it opens, a missing close and an empty body', () => {
    expect(withCarnival('theme: T\nopens: 5\ncloses: 2').join('\n')).toContain(
      'closes: must be later than opens (day 5)',
    );
    expect(withCarnival('theme: T').join('\n')).toContain('closes: is required');
    expect(withCarnival('theme: T\ncloses: 3', '').join('\n')).toContain(
      'body: is empty: invite people to write for the carnival',
    );
  });
});
