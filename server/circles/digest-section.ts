// The member's circle in their digest: how many posts others added, who replied to them, and
// this week's prompt. Only the member's own circle, and only for its members: circle talk is
// never in anyone else's mail.
import { type DigestSection, perMemberInRun } from '../core/digest-sections.ts';
import { digestName, readHouseSettings } from '../core/house-settings.ts';
import { absolute, paths } from '../core/paths.ts';
import { thisWeeksPrompt } from './access.ts';
import { circleActivity, findCurrentCircles } from './queries.ts';

export interface CircleDigest {
  number: number;
  href: string;
  posts: number;
  repliers: string[];
  prompt: { room: string; text: string } | null;
}

export const circleDigest: DigestSection<CircleDigest> = {
  name: 'circle',
  order: 35,
  view: 'circles/_digest',
  async load(app, request) {
    const { cohort, course } = request.context;
    if (!course.circles) return null;
    const circle = await perMemberInRun(request, 'circles', (userIds) =>
      findCurrentCircles(app.db, cohort.id, userIds),
    );
    if (!circle) return null;
    const activity = await circleActivity(app.db, {
      cohortId: cohort.id,
      circleId: circle.id,
      userId: request.user.id,
      since: request.since,
      until: request.until,
    });
    const prompt = thisWeeksPrompt(request.context);
    if (activity.posts === 0 && !prompt) return null;
    const { names_in_digests: names } = await readHouseSettings(app.db, cohort.id);
    return {
      number: circle.number,
      href: absolute(app.config.baseUrl, paths.circle(cohort.slug, circle.id)),
      posts: activity.posts,
      repliers: [...new Set(activity.repliers.map((n) => digestName(n, names) ?? n))],
      prompt,
    };
  },
  // A prompt alone does not make a mail worth sending; posts in one's circle do.
  worthSending: (d) => d.posts > 0,
  subject: (d, tr) =>
    d.posts > 0 ? [{ rank: 35, text: tr.tn('circles.digest.subject', d.posts) }] : [],
};
