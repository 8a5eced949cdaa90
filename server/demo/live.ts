// The demo's live hours: the latest room's hour is under way when the app starts (it began a
// few minutes ago; the demo learners have answered the icebreaker and the first question, and
// the minute tick releases the next question soon after), and the first room's hour is over,
// with its story published in the room. Written through the live feature's own queries.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Cohort, liveSessions, liveStoryQuotes } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import type { ScheduledRoom } from '../core/model.ts';
import { paths } from '../core/paths.ts';
import { renderBody } from '../core/render.ts';
import { translator } from '../i18n/index.ts';
import { plannedStart, stepsOf } from '../live/plan.ts';
import {
  endSession,
  ensureSession,
  highlight,
  insertMessage,
  releaseStep,
  sessionById,
} from '../live/queries.ts';
import { changingSessions } from '../live/session-epoch.ts';

const minute = 60_000;

/** Who says what, by learner index, per step of the plan (0: icebreaker). */
type Lines = [number, string][][];

const talk: Record<'en' | 'nl', { running: Lines; finished: Lines; story: string[] }> = {
  en: {
    running: [
      [
        [0, 'Alex, on the sofa in Utrecht, rain on the window.'],
        [1, 'Blake here, at the kitchen table with far too many tabs open.'],
        [2, 'Chris, on a train to Rotterdam. Hello everyone!'],
      ],
      [
        [1, 'A long thread about note-taking apps. I saved it and have no idea what I think yet.'],
        [3, 'An article on the strength of weak ties. It made me doubt my whole feed.'],
        [0, 'Same here: I keep finding things I agree with, which is suspicious.'],
      ],
    ],
    finished: [
      [
        [0, 'Alex: my e-mail, sadly. Sitting in the garden.'],
        [2, 'Chris: a newsletter about design. At my desk in Leiden.'],
      ],
      [
        [1, 'The news app. It only makes me anxious, and I learn nothing from it.'],
        [3, 'Two podcasts I listen to out of habit, not because they teach me anything.'],
      ],
      [
        [2, 'People who disagree with me about work: I only follow people in my own field.'],
        [4, 'Practitioners. I follow writers, not people who do the work every day.'],
      ],
      [
        [0, 'Drop one stream this week and see if I miss it.'],
        [1, 'Follow three people outside my field.'],
      ],
    ],
    story: ['Our reflection: a short hour that went deep fast. Next time: more room for replies.'],
  },
  nl: {
    running: [
      [
        [0, 'Anna, thuis in Utrecht, met koffie.'],
        [1, 'Bram hier, op kantoor in Zwolle, tussen twee overleggen door.'],
        [2, 'Carmen, in de trein naar Amsterdam. Hallo allemaal!'],
      ],
      [
        [1, 'Ik vroeg een oud-collega bij een andere organisatie hoe zij onboarding regelen.'],
        [3, 'Ik stelde een vraag in een LinkedIn-groep en kreeg binnen een uur vijf antwoorden.'],
        [0, 'Herkenbaar: buiten je eigen team kijken mensen er zo anders naar.'],
      ],
    ],
    finished: [
      [
        [0, 'Anna, vandaag thuis aan de keukentafel.'],
        [2, 'Carmen, in een bibliotheek in Leiden.'],
      ],
      [
        [1, 'Ik werk voor drie opdrachtgevers tegelijk, elk met een eigen team.'],
        [3, 'Ik leer het meest van mensen die ik nooit in het echt heb ontmoet.'],
      ],
      [
        [2, 'Mijn leidinggevende wil weten waar ik ben en wat ik doe, elk uur.'],
        [4, 'Vooral gewoonte: ik vraag het eerst aan mijn directe collega.'],
      ],
      [
        [0, 'Deze week één vraag stellen buiten mijn eigen organisatie.'],
        [1, 'Mijn netwerk eens in kaart brengen.'],
      ],
    ],
    story: [
      'Onze terugblik: een kort uur dat snel de diepte in ging. Volgende keer meer ruimte voor reacties.',
    ],
  },
};

export async function seedLive(
  db: Db,
  course: Course,
  cohort: Cohort,
  schedule: ScheduledRoom[],
  people: number[],
  now: Date,
) {
  const withLive = schedule.filter((p) => p.open && p.room.live);
  const running = withLive.at(-1);
  const finished = withLive.length > 1 ? withLive[0] : undefined;
  const lines = talk[course.language];
  if (running) await runningHour(db, cohort, running, people, now, lines.running);
  if (finished) await finishedHour(db, cohort, finished, people, now, lines, course.language);
}

async function say(
  db: Db,
  sessionId: number,
  step: number,
  people: number[],
  said: [number, string][],
  from: Date,
): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, [who, text]] of said.entries()) {
    ids.push(
      await insertMessage(db, {
        sessionId,
        authorId: people[who] ?? null,
        kind: 'message',
        step,
        replyTo: null,
        bodyMd: text,
        bodyHtml: renderBody(text),
        now: new Date(from.getTime() + (i + 1) * minute),
      }),
    );
  }
  return ids;
}

async function release(db: Db, sessionId: number, plan: ScheduledRoom, step: number, at: Date) {
  const session = await sessionById(db, sessionId);
  const s = stepsOf(plan.room.live ?? never())[step];
  if (!session || !s) return;
  await releaseStep(db, session, step, { bodyMd: s.text, bodyHtml: renderBody(s.text) }, at);
}

const never = (): never => {
  throw new Error('no live plan');
};

async function runningHour(
  db: Db,
  cohort: Cohort,
  place: ScheduledRoom,
  people: number[],
  now: Date,
  lines: Lines,
) {
  // Icebreaker 13 minutes ago, question 1 eight minutes ago: its ten minutes run out soon.
  const began = new Date(now.getTime() - 13 * minute);
  const session = await ensureSession(db, cohort.id, place.room.id);
  await changingSessions(() =>
    db.update(liveSessions).set({ startsAt: began }).where(eq(liveSessions.id, session.id)),
  );
  await release(db, session.id, place, 0, began);
  await say(db, session.id, 0, people, lines[0] ?? [], began);
  const q1 = new Date(now.getTime() - 8 * minute);
  await release(db, session.id, place, 1, q1);
  const ids = await say(db, session.id, 1, people, lines[1] ?? [], q1);
  if (ids[1]) await highlight(db, { sessionId: session.id, messageId: ids[1], byId: null });
}

async function finishedHour(
  db: Db,
  cohort: Cohort,
  place: ScheduledRoom,
  people: number[],
  now: Date,
  lines: { finished: Lines; story: string[] },
  language: Course['language'],
) {
  const plan = place.room.live ?? never();
  const start = plannedStart(plan, place.opensAt, cohort.timezone);
  // Only an hour that is really over (and long enough ago to have a story).
  if (start.getTime() + (plan.minutes + 60) * minute > now.getTime()) return;
  const session = await ensureSession(db, cohort.id, place.room.id);
  const steps = stepsOf(plan);
  const quoted: { id: number; who: number; step: number }[] = [];
  let at = start;
  for (const [step] of steps.entries()) {
    await release(db, session.id, place, step, at);
    const said = lines.finished[step] ?? [];
    const ids = await say(db, session.id, step, people, said, at);
    if (ids[0]) {
      if (step > 0 && step < steps.length - 1)
        await highlight(db, { sessionId: session.id, messageId: ids[0], byId: null });
      quoted.push({ id: ids[0], who: said[0]?.[0] ?? 0, step });
    }
    at = new Date(at.getTime() + (steps[step]?.minutes ?? 10) * minute);
  }
  await endSession(db, session.id, new Date(start.getTime() + plan.minutes * minute));
  const transcript = paths.live(cohort.slug, place.room.id);
  const names = await db.query.users.findMany({ columns: { id: true, name: true } });
  const nameOf = (who: number) => names.find((u) => u.id === people[who])?.name ?? '';
  const parts: string[] = [];
  for (const [step, s] of steps.entries()) {
    parts.push(`**${s.text}**`);
    for (const q of quoted.filter((x) => x.step === step)) {
      const text = lines.finished[step]?.[0]?.[1] ?? '';
      parts.push(`> ${text} — ${nameOf(q.who)} ([#${q.id}](${transcript}#m-${q.id}))`);
    }
  }
  parts.push(...lines.story, `[${translator(language).t('live.story.transcript')}](${transcript})`);
  const md = parts.join('\n\n');
  const published = new Date(Math.min(start.getTime() + 26 * 60 * minute, now.getTime() - minute));
  await changingSessions(() =>
    db
      .update(liveSessions)
      .set({
        storyMd: md,
        storyHtml: renderBody(md),
        storyAskedAt: new Date(start.getTime() + plan.minutes * minute),
        storyPublishedAt: published,
      })
      .where(eq(liveSessions.id, session.id)),
  );
  for (const q of quoted) {
    const userId = people[q.who];
    if (userId)
      await db
        .insert(liveStoryQuotes)
        .values({ messageId: q.id, sessionId: session.id, userId, toldAt: published })
        .onConflictDoNothing();
  }
}
