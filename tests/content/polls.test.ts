// Poll blocks in the content: read from ```poll fences in exhibits and room introductions,
// ids unique in the course, repeat_of resolved, and every problem named by file, block and
// field, as start-up and `npm run content:check` report them.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { formatContentError } from '../../server/content/types.ts';
import { fixtures } from '../helpers/app.ts';

describe('poll blocks', () => {
  it('are read with their place, and the text keeps a placeholder where they stood', () => {
    const result = loadContent(path.join(fixtures, 'content-valid'));
    if (!result.ok) throw new Error(result.errors.map(formatContentError).join('\n'));
    const demo = result.catalogue.courses.get('demo');
    const stance = demo?.polls.get('stance');
    expect(stance).toMatchObject({
      type: 'single',
      roomId: 'welcome',
      exhibitId: 'first-look',
      results: 'after_vote',
      closesAfterDays: 14,
      reason: 'optional',
      repeatOf: null,
      block: 1,
      file: 'content-valid/demo/01-welcome/01-first-look.md',
    });
    expect(stance?.options.map((o) => `${o.key}=${o.label}`)).toEqual([
      'adhoc=Ad hoc',
      'blended=Blended',
      'experiment=Experimenting',
      'social=Social learning',
    ]);
    expect(demo?.polls.get('stance-again')?.repeatOf).toBe('stance');
    const scan = demo?.polls.get('scan');
    expect(scan).toMatchObject({ type: 'scan', exhibitId: null });
    expect(scan?.questions.map((q) => q.id)).toEqual(['learn', 'share']);
    expect(scan?.options.map((o) => o.key)).toEqual(['1', '2', '3', '4', '5']);
    const exhibit = demo?.rooms[0]?.exhibits[0];
    expect(exhibit?.polls.map((p) => p.id)).toEqual(['stance']);
    expect(exhibit?.noteHtml).toContain('<p>Where do you stand?</p>\n<!--block:poll:stance-->');
    expect(exhibit?.noteHtml).not.toContain('question:');
    expect(demo?.rooms[0]?.introHtml).toContain('<!--block:poll:scan-->');
  });

  describe('problems', () => {
    let dir = '';
    beforeAll(async () => {
      const scratch = await mkdtemp(path.join(tmpdir(), 'salon-poll-content-'));
      dir = path.join(scratch, 'content');
      await cp(path.join(fixtures, 'content-valid'), dir, { recursive: true });
      const append = async (file: string, text: string) =>
        writeFile(path.join(dir, file), `${await readFile(path.join(dir, file), 'utf8')}\n${text}`);
      await append(
        'demo/01-welcome/01-first-look.md',
        [
          '```poll',
          'id: broken',
          'question: What?',
          'type: pie',
          'options:',
          '  a: A',
          'results: sometimes',
          'colour: red',
          '```',
          '',
          '```poll',
          'id: stance',
          'question: A second stance',
          'type: single',
          'options: { a: A, b: B }',
          '```',
          '',
          '```poll',
          'id: [not, valid',
          '```',
        ].join('\n'),
      );
      await append(
        'demo/02-walking/01-video.md',
        [
          '```poll',
          'id: again',
          'question: Again?',
          'type: multiple',
          'options: { adhoc: Ad hoc, blended: Blended }',
          'repeat_of: welcome/first-look#nothing',
          '```',
          '',
          '```poll',
          'id: scan-twice',
          'question: Scan',
          'type: scan',
          'options: { 1: Low, 2: High }',
          'questions:',
          '  - { id: a, text: One }',
          '  - { id: a, text: Two }',
          'repeat_of: welcome#stance',
          '```',
          '',
          '```poll',
          'id: lonely',
          'question: Only one?',
          'type: single',
          'options: { a: A }',
          'results: after_close',
          '```',
          '',
          '```poll',
          'id: other-shape',
          'question: Again, as a scale?',
          'type: scale',
          'options: { adhoc: Ad hoc, blended: Blended }',
          'repeat_of: stance',
          '```',
        ].join('\n'),
      );
    });
    afterAll(() => rm(path.dirname(dir), { recursive: true, force: true }));

    it('each names the file, the block and the field', () => {
      const result = loadContent(dir);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const lines = result.errors.map(formatContentError);
      const first = 'content/demo/01-welcome/01-first-look.md';
      const video = 'content/demo/02-walking/01-video.md';
      expect(lines).toEqual(
        expect.arrayContaining([
          `${first}: poll block 2 ("broken").colour: unknown field (check the spelling)`,
          `${first}: poll block 2 ("broken").type: must be one of single, multiple, scale, ranked, scan (got "pie")`,
          `${first}: poll block 2 ("broken").results: must be one of always, after_vote, after_close (got "sometimes")`,
          `${first}: poll block 4: malformed YAML: ${lines.find((l) => l.includes('block 4'))?.split('malformed YAML: ')[1]}`,
          `${first}: poll block 3 ("stance"): the id "stance" is already used by poll block 1 in content/demo/01-welcome/01-first-look.md`,
          `${video}: poll block 2 ("again").repeat_of: names no poll in this course: write room/exhibit#poll, room#poll or a poll id (got "welcome/first-look#nothing")`,
          `${video}: poll block 3 ("scan-twice").questions (item 2).id: "a" is used twice`,
        ]),
      );
      expect(lines).toEqual(
        expect.arrayContaining([
          `${video}: poll block 4 ("lonely").options: needs at least 2 options`,
          `${video}: poll block 4 ("lonely").results: after_close needs closes_after_days, or the results never show`,
          `${video}: poll block 5 ("other-shape").repeat_of: names a poll of type single; both must be of the same type`,
        ]),
      );
    });
  });
});
