// The demo's circles: four more fictional learners who came for the circles, everyone opted
// in (evenings and mornings), two circles formed through the feature's own forming, each with
// a few posts and replies and the evening circle's meeting. A newcomer who opts in is placed
// at once in the circle with room.
import type { Db } from '../../db/client.ts';
import type { Cohort } from '../../db/schema.ts';
import { formCircles, listMembers, saveSignup, setMeeting } from '../circles/queries.ts';
import type { Course } from '../content/types.ts';
import { createComment } from '../conversation/queries.ts';
import { checkBody } from '../conversation/thread.ts';
import { enrolLearner, ensureUser, updateUser } from '../core/accounts.ts';
import type { ScheduledRoom } from '../core/model.ts';
import { circleThread, formatThreadKey } from '../core/thread-key.ts';

interface CircleLine {
  /** Index into the circle's members, as formed (alphabetical by name). */
  by: number;
  text: string;
  replies?: { by: number; text: string }[];
}

interface DemoCircles {
  /** Learners who came for the circles, after the course's own demo learners. */
  folk: { name: string; email: string }[];
  /** Who talks when: one entry per learner, the course's demo learners first. */
  times: ('evening' | 'morning')[];
  talk: [CircleLine[], CircleLine[]];
  meetingNote: string;
}

const dutch: DemoCircles = {
  folk: [
    { name: 'Demo Fenna', email: 'demo-fenna@example.org' },
    { name: 'Demo Gijs', email: 'demo-gijs@example.org' },
    { name: 'Demo Hanna', email: 'demo-hanna@example.org' },
    { name: 'Demo Ilse', email: 'demo-ilse@example.org' },
  ],
  times: [
    'evening',
    'morning',
    'evening',
    'morning',
    'evening',
    'evening',
    'morning',
    'evening',
    'morning',
  ],
  talk: [
    [
      {
        by: 0,
        text: 'Welkom in onze kring! Zullen we elke donderdagavond een half uurtje bellen?',
        replies: [
          { by: 1, text: 'Goed plan, donderdag past mij.' },
          { by: 3, text: 'Ik schuif aan. Zet iemand de tijd in de kring?' },
        ],
      },
      {
        by: 2,
        text: 'Wat me deze week raakte: een knowmad is geen functie maar een houding. Herkennen jullie dat?',
        replies: [
          { by: 4, text: 'Ja, bij mij begon het met vragen stellen buiten mijn eigen team.' },
        ],
      },
    ],
    [
      {
        by: 0,
        text: 'Goedemorgen kring! Ik lees de exposities bij de koffie. Wie nog meer?',
        replies: [
          { by: 2, text: 'Ik ook, voordat de mail begint.' },
          { by: 3, text: 'Zelfde hier. Laten we hier onze vragen verzamelen.' },
        ],
      },
      { by: 1, text: 'Mijn vraag voor deze week: van wie leer je eigenlijk het meest, en waarom?' },
    ],
  ],
  meetingNote: 'Videogesprek, de link staat in de eerste reactie.',
};

const english: DemoCircles = {
  folk: [
    { name: 'Demo Finn', email: 'demo-finn@example.org' },
    { name: 'Demo Grace', email: 'demo-grace@example.org' },
    { name: 'Demo Hugo', email: 'demo-hugo@example.org' },
    { name: 'Demo Iris', email: 'demo-iris@example.org' },
  ],
  times: [
    'morning',
    'evening',
    'evening',
    'morning',
    'evening',
    'evening',
    'morning',
    'evening',
    'morning',
  ],
  talk: [
    [
      {
        by: 0,
        text: 'Hello circle! Shall we talk every Thursday evening for half an hour?',
        replies: [
          { by: 2, text: 'Thursday works for me.' },
          { by: 4, text: 'Count me in. Can someone put the time on our page?' },
        ],
      },
      {
        by: 1,
        text: 'What struck me this week: my information diet is mostly other people’s opinions. Anyone else?',
        replies: [
          {
            by: 3,
            text: 'Guilty. I dropped two newsletters and added one person I disagree with.',
          },
        ],
      },
    ],
    [
      {
        by: 1,
        text: 'Good morning, circle. I read the exhibits with my first coffee. You too?',
        replies: [
          { by: 0, text: 'Before the inbox opens, yes.' },
          { by: 3, text: 'Same here. Let us collect our questions in this thread.' },
        ],
      },
      {
        by: 2,
        text: 'My question for this week: who do you actually learn the most from, and why?',
      },
    ],
  ],
  meetingNote: 'Video call, link in the first post.',
};

export const demoCircles = new Map<string, DemoCircles>([
  ['knowmads', dutch],
  ['pkm', english],
]);

/** Every circle-only demo learner's address, for resetting the demo. */
export const demoCircleEmails = [...demoCircles.values()].flatMap((c) =>
  c.folk.map((f) => f.email),
);

export async function seedCircles(
  db: Db,
  course: Course,
  cohort: Cohort,
  people: number[],
  schedule: ScheduledRoom[],
  now: Date,
) {
  const demo = demoCircles.get(course.id);
  const settings = course.circles;
  const room = schedule.findLast((p) => p.open);
  if (!demo || !settings || !room) return;
  const everyone = [...people];
  for (const f of demo.folk) {
    const user = await ensureUser(db, { ...f, locale: course.language });
    await updateUser(db, user.id, { digest: 'off' });
    await enrolLearner(db, cohort, user.id);
    everyone.push(user.id);
  }
  for (const [i, userId] of everyone.entries()) {
    await saveSignup(db, {
      cohortId: cohort.id,
      userId,
      language: course.language,
      timeBand: demo.times[i] ?? 'evening',
      commitment: i % 3 === 2 ? 'most' : 'all',
    });
  }
  // Formed when this week's room opened, or five days ago: recent enough that every member
  // counts as active (ten days without a visit and the circle would be offered a merge).
  const formedAt = new Date(Math.max(room.opensAt.getTime(), now.getTime() - 5 * 24 * 3600_000));
  await formCircles(db, { cohortId: cohort.id, settings, seed: 1, now: formedAt });
  const circles = await db.query.circles.findMany({
    where: (c, { eq }) => eq(c.cohortId, cohort.id),
  });
  circles.sort((a, b) => a.number - b.number);
  let minute = 0;
  const at = () =>
    new Date(
      Math.min(room.opensAt.getTime() + (60 + minute++ * 47) * 60_000, now.getTime() - 60_000),
    );
  for (const [n, circle] of circles.slice(0, 2).entries()) {
    const members = await listMembers(db, circle.id);
    const thread = formatThreadKey(circleThread(circle.id));
    const say = async (by: number, text: string, parentId: number | null) => {
      const { html, error } = checkBody(text);
      const author = members[by % members.length]?.userId;
      if (error || !html || author === undefined)
        throw new Error(`demo circle post refused: ${text}`);
      return createComment(db, {
        cohortId: cohort.id,
        thread,
        roomId: room.room.id,
        parentId,
        authorId: author,
        bodyMd: text,
        bodyHtml: html,
        now: at(),
      });
    };
    for (const line of demo.talk[n] ?? []) {
      const top = await say(line.by, line.text, null);
      for (const r of line.replies ?? []) await say(r.by, r.text, top.id);
    }
  }
  const evening = circles[0];
  if (evening) {
    // Next Thursday, 20:00 in the cohort's zone (19:00 UTC is close enough for the demo).
    const day = new Date(now);
    day.setUTCDate(day.getUTCDate() + ((4 - day.getUTCDay() + 7) % 7 || 7));
    day.setUTCHours(19, 0, 0, 0);
    await setMeeting(db, evening.id, day, demo.meetingNote);
  }
}
