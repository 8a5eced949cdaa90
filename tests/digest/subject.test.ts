// Subject lines name what is inside, most important first, three parts at most; the quieter
// sections (spotlight, wall, an unanswered meet-up) only when there is room.
import { describe, expect, it } from 'vitest';
import type { Course } from '../../server/content/types.ts';
import { type DigestContent, subjectOf } from '../../server/digest/compose.ts';

const course = { title: 'A Test Museum' } as Course;
const empty = {
  announcements: [],
  rooms: [],
  replies: [],
  threads: [],
  spotlighted: [],
  wall: [],
  owed: [],
  received: [],
  meetup: null,
};
const content = (parts: Partial<Record<keyof typeof empty, unknown>>) =>
  ({ ...empty, ...parts }) as unknown as DigestContent;

describe('digest subjects', () => {
  it('name spotlighted comments and wall finds, in both languages', () => {
    const c = content({ spotlighted: [{}, {}], wall: [{}] });
    expect(subjectOf(c, course, 'en')).toBe('2 comments in the spotlight · 1 new find on the wall');
    expect(subjectOf(c, course, 'nl')).toBe('2 reacties uitgelicht · 1 nieuwe vondst op de muur');
  });

  it('ask about the meet-up only while it waits for an answer', () => {
    expect(subjectOf(content({ meetup: { status: null } }), course, 'en')).toBe(
      'Are you coming to the meet-up?',
    );
    expect(subjectOf(content({ meetup: { status: 'going' }, wall: [{}] }), course, 'en')).toBe(
      '1 new find on the wall',
    );
  });

  it('keep the three most important parts', () => {
    const c = content({
      rooms: [{ week: 2 }],
      replies: [{}],
      received: [{ count: 2 }],
      spotlighted: [{}],
      wall: [{}],
    });
    expect(subjectOf(c, course, 'en')).toBe(
      'Week 2 is open · 1 reply to you · 2 reviews of your work',
    );
    expect(subjectOf(content({}), course, 'en')).toBe('New in A Test Museum');
  });
});
