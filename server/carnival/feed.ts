// The carnival's posts as an Atom feed, for a feed reader. The URL carries a token signed for
// one member (no session in a reader); it stops working when they leave the cohort.
import type { FastifyInstance } from 'fastify';
import type { CohortContext } from '../core/context.ts';
import { absolute, paths } from '../core/paths.ts';
import type { EntryRow } from './queries.ts';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The member a feed token was signed for, in this cohort, or null. */
export function readFeedToken(app: FastifyInstance, cohortId: number, token: unknown) {
  if (typeof token !== 'string' || token.length > 100) return null;
  const payload = app.signer.verify('carnival-feed', token);
  const m = payload ? /^(\d{1,10})-(\d{1,10})$/.exec(payload) : null;
  if (!m || Number(m[1]) !== cohortId) return null;
  return Number(m[2]);
}

export function atomFeed(
  app: FastifyInstance,
  context: CohortContext,
  roomId: string,
  theme: string,
  entries: EntryRow[],
  now: Date,
): string {
  const base = app.config.baseUrl;
  const { cohort } = context;
  const page = absolute(base, paths.carnival(cohort.slug, roomId));
  const host = new URL(base).hostname;
  const updated = (entries.at(-1)?.createdAt ?? now).toISOString();
  const items = entries
    .slice()
    .reverse()
    .map(
      (e) => `  <entry>
    <id>tag:${host},2026:carnival-entry-${e.id}</id>
    <title>${escapeXml(e.title)}</title>
    <link rel="alternate" href="${escapeXml(e.url)}"/>
    <link rel="replies" type="text/html" href="${escapeXml(absolute(base, paths.carnivalEntry(cohort.slug, roomId, e.id)))}"/>
    <author><name>${escapeXml(e.author)}</name></author>
    <published>${e.createdAt.toISOString()}</published>
    <updated>${e.createdAt.toISOString()}</updated>
    <summary>${escapeXml(e.note)}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:${host},2026:carnival-${cohort.id}-${roomId}</id>
  <title>${escapeXml(`${cohort.name}: ${theme}`)}</title>
  <link rel="alternate" type="text/html" href="${escapeXml(page)}"/>
  <updated>${updated}</updated>
${items}
</feed>
`;
}
