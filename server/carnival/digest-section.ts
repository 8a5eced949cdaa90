// The carnival in a member's digest: a carnival that opened or closed in the period (in a room
// they may see), and a round-up published in the period that holds one of their posts.
import type { DigestSection } from '../core/digest-sections.ts';
import { sharedInRun, windowOf } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import { carnivalIn } from './model.ts';
import { anyRoundupPublished, roundupsWithMine } from './queries.ts';

export interface CarnivalDigest {
  /** closesAt is shown in the cohort's zone, as on the carnival's page. */
  opened: { theme: string; href: string; closesAt: Date; timezone: string }[];
  closed: { theme: string; href: string }[];
  inRoundup: { theme: string; href: string }[];
}

export const carnivalDigest: DigestSection<CarnivalDigest> = {
  name: 'carnival',
  order: 25,
  view: 'carnival/_digest',
  async load(app, request) {
    const { context, since, until } = request;
    const { cohort } = context;
    const base = app.config.baseUrl;
    const within = (d: Date) => d.getTime() > since.getTime() && d.getTime() <= until.getTime();
    const out: CarnivalDigest = { opened: [], closed: [], inRoundup: [] };
    for (const s of context.schedule) {
      const place = carnivalIn(context, s.room.id);
      if (!place || !s.open) continue;
      const href = absolute(base, paths.carnival(cohort.slug, s.room.id));
      if (within(place.opensAt))
        out.opened.push({
          theme: place.carnival.theme,
          href,
          closesAt: place.closesAt,
          timezone: cohort.timezone,
        });
      if (within(place.closesAt)) out.closed.push({ theme: place.carnival.theme, href });
    }
    // Whether there is a round-up at all is the same for everyone: asked once per run.
    const any = await sharedInRun(request, 'carnival:roundups', () =>
      anyRoundupPublished(app.db, windowOf(request)),
    );
    for (const r of any ? await roundupsWithMine(app.db, windowOf(request)) : []) {
      const place = carnivalIn(context, r.roomId);
      if (!place) continue;
      out.inRoundup.push({
        theme: place.carnival.theme,
        href: absolute(base, paths.roundup(cohort.slug, r.targetRoomId)),
      });
    }
    const news = out.opened.length + out.closed.length + out.inRoundup.length;
    return news ? out : null;
  },
  // Your post in a round-up is news about you; a carnival opening comes with its room's news.
  subject: (d, tr) =>
    d.inRoundup.length
      ? [{ rank: 45, text: tr.t('carnival.digest.subjectRoundup') }]
      : d.opened.length
        ? [
            {
              rank: 88,
              text: tr.t('carnival.digest.subjectOpened', { theme: d.opened[0]?.theme ?? '' }),
            },
          ]
        : [],
};
