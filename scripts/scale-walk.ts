// The hot paths over the scale data (scale-data.ts), as a member and an organiser of the big
// cohort take them: the pages by URL through the real app, and the live stream's and the
// digest's queries through their functions. Shared by the EXPLAIN test and
// scripts/bench-scale.ts, so both look at the same queries (bench-scale also walks the pages
// of an empty database with them, to compare).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import { loadCohortContext } from '../server/core/context.ts';
import { paths } from '../server/core/paths.ts';
import { latestPeriod } from '../server/digest/periods.ts';
import { runDigest } from '../server/digest/run.ts';
import { latestMessages, messagesAfter } from '../server/live/queries.ts';
import type { ScaleWorld } from './scale-data.ts';

export interface HotStep {
  name: string;
  /** Runs it once; throws when the answer is not what a member would get. */
  run: () => Promise<void>;
}

/**
 * `learner` and `organiser`: cookie headers of a learner and an organiser of the big cohort.
 * `threadShows`: what the exhibit pages must show of the long thread (null where it is empty).
 */
export function hotSteps(
  app: FastifyInstance,
  db: Db,
  world: Pick<ScaleWorld, 'big' | 'bigThread' | 'live'>,
  cookies: { learner: string; organiser: string },
  threadShows: string | null = 'Comment ',
): HotStep[] {
  const slug = world.big.slug;
  const { roomId, exhibitId } = world.bigThread;
  const thread = paths.exhibit(slug, roomId, exhibitId);
  const shows = threadShows ?? undefined;
  const page = (name: string, url: string, cookie: string, contains?: string): HotStep => ({
    name,
    run: async () => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${name}: ${url} answered ${res.statusCode}`);
      if (contains && !res.body.includes(contains))
        throw new Error(`${name}: ${url} does not show "${contains}"`);
    },
  });
  const steps: HotStep[] = [
    page('cohort home, what is new', paths.cohort(slug), cookies.learner),
    page('room page', paths.room(slug, roomId), cookies.learner),
    page('exhibit page, the long thread', thread, cookies.learner, shows),
    page('exhibit page, most liked', `${thread}?sort=liked`, cookies.learner, shows),
    // Later pages, after a cursor (a day ago, in microseconds; then below one like).
    page(
      'exhibit page, a later page (newest)',
      `${thread}?sort=newest&after=${(Date.now() - 86_400_000) * 1000}.1000000000`,
      cookies.learner,
      shows,
    ),
    page(
      'exhibit page, a later page (liked)',
      `${thread}?sort=liked&after=1.1000000000`,
      cookies.learner,
      shows,
    ),
    page('wall', paths.wall(slug, roomId), cookies.learner),
    page("who's here", paths.people(slug), cookies.learner),
    page('moderation queue', paths.desk(slug, 'moderation'), cookies.organiser),
    page('dashboard', paths.desk(slug, 'dashboard'), cookies.organiser),
    page('participation CSV', paths.desk(slug, 'participation'), cookies.organiser),
  ];
  const live = world.live;
  if (live) {
    steps.push(
      page('live hour', paths.live(slug, live.roomId), cookies.learner),
      {
        name: 'live messages after an id',
        run: async () => void (await messagesAfter(db, live.sessionId, 10, 100)),
      },
      {
        name: 'live messages, the latest',
        run: async () =>
          void (await latestMessages(db, live.sessionId, { limit: 50, withHidden: false })),
      },
    );
  }
  steps.push({
    name: 'digest selection and composing (dry run, the whole cohort)',
    run: async () => {
      const context = await loadCohortContext(app, slug);
      if (!context) throw new Error(`no cohort ${slug}`);
      const period = latestPeriod(context.cohort, 'weekly', new Date());
      const summary = await runDigest(app, context, period, { dryRun: true });
      if (summary.members !== world.big.members)
        throw new Error(`the digest read ${summary.members} of ${world.big.members} members`);
    },
  });
  return steps;
}
