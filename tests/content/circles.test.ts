// Circles in course.md (size, min, max, form_by) and a room's circle_prompt: optional, kept
// as written, and each mistake named for the course's author.
import { describe, expect, it } from 'vitest';
import { courseSchema, roomSchema } from '../../server/content/schemas.ts';

const course = { title: 'T', language: 'en', summary: 'S' };
const problems = (circles: unknown) => {
  const r = courseSchema.safeParse({ ...course, circles });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('circles in course.md', () => {
  it('is optional and kept as written', () => {
    expect(courseSchema.parse(course).circles).toBeUndefined();
    const circles = { size: 5, min: 4, max: 6, form_by: ['language', 'time'] };
    expect(courseSchema.parse({ ...course, circles }).circles).toEqual(circles);
    expect(courseSchema.parse({ ...course, circles: { size: 5, min: 4, max: 6 } }).circles).toEqual(
      {
        size: 5,
        min: 4,
        max: 6,
        form_by: [],
      },
    );
  });

  it('says what is wrong with the sizes or the answers to form by', () => {
    expect(problems({ size: 8, min: 4, max: 6 })).toEqual([
      'circles.size: must lie between min and max (min 4 ≤ size 8 ≤ max 6)',
    ]);
    expect(problems({ size: 5, min: 2, max: 6 })).toEqual([
      'circles.min: must be a whole number from 3 to 12',
    ]);
    expect(problems({ size: 5, min: 4, max: 6, form_by: ['age'] })).toEqual([
      'circles.form_by.0: must be one of language, time (got "age")',
    ]);
    expect(problems({ size: 5, min: 4, max: 6, form_by: ['time', 'time'] })).toEqual([
      'circles.form_by: must name each of language, time at most once',
    ]);
    expect(problems({ size: 5, min: 4, max: 6, extra: 1 })[0]).toMatch(/^circles/);
  });
});

describe('circle_prompt in room.md', () => {
  it('is short text, shown only inside circles', () => {
    expect(roomSchema.parse({ title: 'R', week: 1, circle_prompt: 'Talk!' }).circle_prompt).toBe(
      'Talk!',
    );
    const r = roomSchema.safeParse({ title: 'R', week: 1, circle_prompt: 'x'.repeat(501) });
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      ['circle_prompt: must be at most 500 characters'],
    );
  });
});
