// A room's icebreaker: `icebreaker: true` (the app's own prompt) or the prompt as text;
// anything else is refused with a message for the course author.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { roomSchema } from '../../server/content/schemas.ts';

const room = { title: 'T', week: 1 };
const problems = (icebreaker: unknown) => {
  const r = roomSchema.safeParse({ ...room, icebreaker });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const refusal = 'icebreaker: must be true, false, or the prompt as text (at most 300 characters)';

describe('icebreaker in room.md', () => {
  it('is optional, true, false or a prompt', () => {
    expect(problems(undefined)).toEqual([]);
    expect(problems(true)).toEqual([]);
    expect(problems(false)).toEqual([]);
    expect(roomSchema.parse({ ...room, icebreaker: '  Show us your view  ' }).icebreaker).toBe(
      'Show us your view',
    );
  });

  it('refuses anything else, saying what it may be', () => {
    for (const bad of [3, '', '   ', 'x'.repeat(301), ['a'], { prompt: 'x' }, null])
      expect(problems(bad), JSON.stringify(bad)).toEqual([refusal]);
  });

  it('reaches the room: the default prompt (null) or its own', () => {
    const result = loadContent(path.join(import.meta.dirname, '../fixtures/content-valid'));
    if (!result.ok) throw new Error('the valid fixture did not load');
    const courses = result.catalogue.courses;
    expect(courses.get('demo')?.rooms.map((r) => r.icebreaker)).toEqual([
      { prompt: null },
      null,
      null,
    ]);
    expect(courses.get('leren')?.rooms[0]?.icebreaker).toEqual({
      prompt: 'Vertel wat je hoopt te leren, en waar je vandaan komt.',
    });
  });
});
