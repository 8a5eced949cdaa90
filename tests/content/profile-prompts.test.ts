// The course's profile prompts: each an id (a form field and a filter, so plain) and a text.
import { describe, expect, it } from 'vitest';
import { courseSchema } from '../../server/content/schemas.ts';

const course = { title: 'T', language: 'en', summary: 'S' };
const problems = (profile_prompts: unknown) => {
  const r = courseSchema.safeParse({ ...course, profile_prompts });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('profile_prompts in course.md', () => {
  it('is optional and kept as written', () => {
    expect(courseSchema.parse(course).profile_prompts).toEqual([]);
    const prompts = [{ id: 'keeps-you-up', text: 'What keeps you up at night?' }];
    expect(courseSchema.parse({ ...course, profile_prompts: prompts }).profile_prompts).toEqual(
      prompts,
    );
  });

  it('says what is wrong with an id, a text or the list', () => {
    expect(problems([{ id: 'Keeps You Up', text: 'Q?' }])).toEqual([
      'profile_prompts.0.id: must be 1 to 40 lowercase letters, digits or hyphens, e.g. "keeps-you-up"',
    ]);
    expect(problems([{ id: 'a', text: '' }])).toEqual(['profile_prompts.0.text: is required']);
    expect(problems([{ id: 'a', text: 'x'.repeat(201) }])).toEqual([
      'profile_prompts.0.text: must be at most 200 characters',
    ]);
    expect(
      problems([
        { id: 'a', text: 'Q?' },
        { id: 'a', text: 'R?' },
      ]),
    ).toEqual(['profile_prompts.1.id: "a" is used by another question: each needs its own id']);
    expect(problems('What?')).toEqual([
      'profile_prompts: must be a list of { id, text } questions',
    ]);
    expect(problems([{ id: 'a', text: 'Q?', extra: 1 }])[0]).toMatch(/^profile_prompts\.0/);
  });
});
