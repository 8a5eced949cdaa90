// Subject lines name what is inside, most important first, three parts at most; the quieter
// sections (spotlight, wall, an unanswered meet-up) only when there is room. Each registered
// section offers its parts; here they get hand-made data instead of a database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestTalk } from '../../server/conversation/digest-section.ts';
import { withData } from '../../server/core/digest-sections.ts';
import { subjectOf } from '../../server/digest/compose.ts';
import type { Locale } from '../../server/i18n/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const course = { title: 'A Test Museum' };
const talk = (lists: Partial<Record<keyof DigestTalk, unknown[]>>) => ({
  replies: [],
  threads: [],
  spotlighted: [],
  wall: [],
  ...lists,
});

/** The subject of a digest whose sections (by registered name) had this to say. */
function subject(data: Record<string, unknown>, locale: Locale = 'en') {
  const sections = Object.entries(data)
    .map(([name, d]) => {
      const section = t.app.digestSections.get(name);
      if (!section) throw new Error(`no digest section "${name}"`);
      return { section, d };
    })
    .sort((a, b) => a.section.order - b.section.order)
    .map(({ section, d }) => withData(section, d));
  return subjectOf(sections, course, locale);
}

describe('digest subjects', () => {
  it('name spotlighted comments and wall finds, in both languages', () => {
    const c = { conversation: talk({ spotlighted: [{}, {}], wall: [{}] }) };
    expect(subject(c, 'en')).toBe('2 comments in the spotlight · 1 new find on the wall');
    expect(subject(c, 'nl')).toBe('2 reacties uitgelicht · 1 nieuwe vondst op de muur');
  });

  it('ask about the meet-up only while it waits for an answer', () => {
    expect(subject({ meetup: { status: null } })).toBe('Are you coming to the meet-up?');
    expect(subject({ meetup: { status: 'going' }, conversation: talk({ wall: [{}] }) })).toBe(
      '1 new find on the wall',
    );
  });

  it('keep the three most important parts', () => {
    const c = {
      rooms: [{ week: 2 }],
      conversation: talk({ replies: [{}], spotlighted: [{}], wall: [{}] }),
      feedback: { owed: [], received: [{ count: 2 }] },
    };
    expect(subject(c)).toBe('Week 2 is open · 1 reply to you · 2 reviews of your work');
    expect(subject({})).toBe('New in A Test Museum');
  });

  it('put announcements first, and reviews to give before new comments', () => {
    expect(
      subject({
        announcements: [{ title: 'Welcome' }],
        rooms: [{ week: 2 }],
        conversation: talk({ replies: [{}, {}] }),
      }),
    ).toBe('Announcement: Welcome · Week 2 is open · 2 replies to you');
    expect(subject({ announcements: [{}, {}], rooms: [{}, {}] }, 'nl')).toBe(
      '2 mededelingen · 2 nieuwe zalen zijn open',
    );
    const c = {
      conversation: talk({ threads: [{ count: 2 }], wall: [{}] }),
      feedback: { owed: [{ owed: 3 }], received: [] },
      meetup: { status: null },
    };
    expect(subject(c)).toBe(
      '3 reviews to give · 2 new comments in your conversations · Are you coming to the meet-up?',
    );
  });
});
