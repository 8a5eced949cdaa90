// The demo cohorts' answers to the polls in open rooms (poll-data.ts), through the vote
// form's own checks and the same query a vote uses, so the tallies are what voting gives.
import type { Db } from '../../db/client.ts';
import type { Cohort } from '../../db/schema.ts';
import type { Course } from '../content/types.ts';
import { enrolLearner, ensureUser, updateUser } from '../core/accounts.ts';
import type { ScheduledRoom } from '../core/model.ts';
import { checkVote, optionField } from '../polls/forms.ts';
import { castVote } from '../polls/queries.ts';
import { demoPolls } from './poll-data.ts';

export async function answerPolls(
  db: Db,
  course: Course,
  cohort: Cohort,
  schedule: ScheduledRoom[],
  learners: number[],
  now: Date,
) {
  const data = demoPolls.get(course.id);
  if (!data) return;
  const voters = [...learners];
  for (const v of data.voters) {
    const user = await ensureUser(db, { ...v, locale: course.language });
    await updateUser(db, user.id, { digest: 'off' });
    await enrolLearner(db, cohort, user.id);
    voters.push(user.id);
  }
  for (const [pollId, answers] of Object.entries(data.answers)) {
    const poll = course.polls.get(pollId);
    const place = poll && schedule.find((p) => p.open && p.room.id === poll.roomId);
    if (!poll || !place || !answers.length) continue;
    for (const [i, userId] of voters.entries()) {
      const answer = answers[i % answers.length] ?? '';
      const fields: Record<string, unknown> = {
        reason: data.reasons.find((r) => r.poll === pollId && r.by === i)?.text ?? '',
      };
      if (poll.type === 'scan') {
        const points = answer.split(' ');
        poll.questions.forEach((q, k) => {
          fields[optionField(poll, q.id)] = points[k] ?? '';
        });
      } else fields.option = answer.split(',');
      const { ballots, reason } = checkVote(poll, fields);
      if (!ballots) throw new Error(`the demo answer "${answer}" to poll ${pollId} is refused`);
      // Spread over the first days of the room, never in the future.
      const at = new Date(
        Math.min(place.opensAt.getTime() + (i + 1) * 3_600_000, now.getTime() - 60_000),
      );
      await castVote(db, { cohortId: cohort.id, pollId, userId, ballots, reason, now: at });
    }
  }
}
