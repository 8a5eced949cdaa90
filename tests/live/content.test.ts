import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { formatContentError } from '../../server/content/types.ts';
import { facilitates } from '../../server/live/session.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const repoContent = path.resolve(import.meta.dirname, '../../content');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function withLive(front: string, body = 'Come and talk.') {
  const dir = mkdtempSync(path.join(tmpdir(), 'live-content-'));
  dirs.push(dir);
  const content = path.join(dir, 'content');
  cpSync(path.join(fixtures, 'content-valid'), content, { recursive: true });
  writeFileSync(path.join(content, 'demo/02-walking/live.md'), `---\n${front}\n---\n${body}\n`);
  return loadContent(content);
}

const errorsOf = (result: ReturnType<typeof loadContent>) =>
  result.ok ? [] : result.errors.map(formatContentError);

describe('live.md', () => {
  it('reads the plan of a live hour into its room, with defaults', () => {
    const result = loadContent(path.join(fixtures, 'content-valid'));
    if (!result.ok) throw new Error(errorsOf(result).join('\n'));
    const room = result.catalogue.courses.get('demo')?.rooms[0];
    expect(room?.live).toMatchObject({
      title: 'The opening live hour',
      startsDay: 1,
      startsTime: '20:00',
      minutes: 60,
      facilitators: ['organisers'],
      icebreaker: { prompt: 'Say who you are and where you are.', minutes: 5 },
      questions: [
        { text: 'What brought you here?', minutes: 10 },
        { text: 'What do you hope to find?', minutes: 15 },
      ],
      closing: 'What do you take away?',
    });
    expect(room?.live?.introHtml).toContain('<em>talk</em>');
    // live.md is not an exhibit.
    expect(room?.exhibits.some((e) => e.file.endsWith('live.md'))).toBe(false);
    expect(result.catalogue.courses.get('demo')?.rooms[1]?.live).toBeNull();
  });

  it('has a live hour in a room of each sample course', () => {
    const result = loadContent(repoContent);
    if (!result.ok) throw new Error(errorsOf(result).join('\n'));
    for (const course of result.catalogue.courses.values())
      expect(
        course.rooms.some((r) => r.live),
        course.id,
      ).toBe(true);
  });

  it('names the file, the field and what is expected', () => {
    const errors = errorsOf(
      withLive(
        [
          'title: ""',
          'starts: { day: -1, time: "8pm" }',
          'minutes: 600',
          'facilitators: [nobody]',
          'questions: []',
          'closng: typo',
        ].join('\n'),
      ),
    );
    const file = 'content/demo/02-walking/live.md';
    expect(errors).toEqual(
      expect.arrayContaining([
        `${file}: title: is required`,
        `${file}: starts.day: must be a whole number of days from 0 to 365`,
        `${file}: starts.time: must be a time of day as HH:MM, e.g. "20:00"`,
        `${file}: minutes: must be a whole number of minutes from 15 to 240`,
        `${file}: facilitators (item 1): must be an e-mail address or the role "organisers" (got "nobody")`,
        `${file}: questions: must have at least 1 question`,
        `${file}: closng: unknown field (check the spelling)`,
      ]),
    );
  });

  it('refuses questions that do not fit in the hour, and an empty invitation', () => {
    const errors = errorsOf(
      withLive(
        [
          'title: Too long',
          'starts: { day: 0, time: "20:00" }',
          'minutes: 30',
          'questions: [{ text: One }, { text: Two }, { text: Three }]',
          'closing: Take-away?',
        ].join('\n'),
        '',
      ),
    );
    expect(errors).toEqual([
      'content/demo/02-walking/live.md: body: is empty: invite people to the live hour',
      "content/demo/02-walking/live.md: questions: take 35 minutes with the icebreaker and closing, longer than the session's 30 minutes: shorten them or raise minutes",
    ]);
  });
});

describe('who facilitates', () => {
  it('is every organiser, and whoever live.md names by address', () => {
    const named = { facilitators: ['host@example.org'] };
    expect(facilitates(named, { organises: true }, 'olga@example.org')).toBe(true);
    expect(facilitates(named, { organises: false }, 'Host@Example.org')).toBe(true);
    expect(facilitates(named, { organises: false }, 'ana@example.org')).toBe(false);
    expect(facilitates({ facilitators: ['organisers'] }, { organises: false }, 'x@y.z')).toBe(
      false,
    );
  });
});
