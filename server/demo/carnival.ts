// The demo's blog carnival: a few demo learners have sent in a post to every carnival that is
// open or closed by now, through the post form's own checks and the query a post uses.
import type { Db } from '../../db/client.ts';
import type { Cohort } from '../../db/schema.ts';
import { checkEntry } from '../carnival/forms.ts';
import { createEntry } from '../carnival/queries.ts';
import type { Course } from '../content/types.ts';
import type { ScheduledRoom } from '../core/model.ts';

const day = 24 * 3600 * 1000;

/** Posts per course language: a link (never fetched), a title and a note of two or three sentences. */
const demoPosts = {
  nl: [
    {
      url: 'https://blog.example.org/mijn-vraag-aan-het-netwerk',
      title: 'Hoe één vraag op LinkedIn mijn project redde',
      note: 'Ik zat vast met de planning van een leertraject en stelde mijn vraag hardop. Binnen een dag kreeg ik drie voorbeelden van mensen die ik nooit had ontmoet.',
    },
    {
      url: 'https://blog.example.org/twitterchat-leren',
      title: 'Wat een twitterchat me leerde over luisteren',
      note: 'Een uur lang meelezen met #blendedlearning veranderde hoe ik over vragen stellen denk. Ik schrijf over wat ik daarna anders ben gaan doen.',
    },
    {
      url: 'https://blog.example.org/hardop-werken-op-de-afdeling',
      title: 'Hardop werken op een afdeling die dat niet gewend is',
      note: 'We begonnen met een gedeeld logboek van wat we deze week leerden. Het voelde eerst onwennig. Nu vraagt mijn leidinggevende ernaar.',
    },
  ],
  en: [
    {
      url: 'https://blog.example.org/asking-out-loud',
      title: 'How asking out loud saved my project',
      note: 'I was stuck on a learning programme and asked my network for help. Within a day three strangers sent me examples.',
    },
    {
      url: 'https://blog.example.org/listening-in-a-chat',
      title: 'What a Twitter chat taught me about listening',
      note: 'An hour of reading along changed how I ask questions. This post is about what I do differently since.',
    },
  ],
};

export async function sendInCarnivalPosts(
  db: Db,
  course: Course,
  cohort: Cohort,
  schedule: ScheduledRoom[],
  learners: number[],
  now: Date,
) {
  const posts = demoPosts[course.language];
  for (const place of schedule) {
    const carnival = place.room.carnival;
    if (!place.open || !carnival) continue;
    const opensAt = place.opensAt.getTime() + carnival.opensAfterDays * day;
    if (opensAt > now.getTime()) continue;
    for (const [i, post] of posts.entries()) {
      const authorId = learners[i];
      if (authorId === undefined) break;
      const checked = checkEntry(post);
      if (!checked.ok) throw new Error(`the demo post "${post.title}" is refused`);
      await createEntry(db, {
        cohortId: cohort.id,
        roomId: place.room.id,
        authorId,
        url: checked.url,
        title: checked.form.title,
        note: checked.note,
        max: carnival.maxPerPerson,
        // Spread over the first days of the carnival, never in the future.
        now: new Date(Math.min(opensAt + (i + 1) * 5 * 3_600_000, now.getTime() - 60_000)),
      });
    }
  }
}
