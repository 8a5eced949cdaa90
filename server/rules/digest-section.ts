// House rules in the digest: proposals still open (when they close, how the count stands)
// and rules the cohort adopted in the period. Quiet news: it does not make a mail on its own.

import type { FastifyInstance } from 'fastify';
import { type DigestRequest, type DigestSection, sharedInRun } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import { listDigestProposals, tallies } from './queries.ts';

export interface DigestRules {
  open: {
    title: string;
    closesAt: Date;
    consent: number;
    abstain: number;
    object: number;
    href: string;
  }[];
  adopted: { title: string; version: number; href: string }[];
  timezone: string;
}

// The same for every member: the cohort's proposals and their counts.
async function loadRules(
  app: FastifyInstance,
  { context, since, until }: DigestRequest,
): Promise<DigestRules | null> {
  const { open, adopted } = await listDigestProposals(app.db, context.cohort.id, since, until);
  if (open.length === 0 && adopted.length === 0) return null;
  const counts = await tallies(
    app.db,
    open.map((p) => p.id),
  );
  const href = (id: number) =>
    absolute(app.config.baseUrl, paths.ruleProposal(context.cohort.slug, id));
  return {
    open: open.map((p) => {
      const t = counts.get(p.id);
      return {
        title: p.title,
        closesAt: p.closesAt,
        consent: t?.consent ?? 0,
        abstain: t?.abstain ?? 0,
        object: t?.object ?? 0,
        href: href(p.id),
      };
    }),
    adopted: adopted.map((p) => ({ title: p.title, version: p.version ?? 0, href: href(p.id) })),
    timezone: context.cohort.timezone,
  };
}

export const rulesDigest: DigestSection<DigestRules> = {
  name: 'rules',
  order: 75,
  view: 'rules/_digest',
  load: (app, request) => sharedInRun(request, 'rules', () => loadRules(app, request)),
  worthSending: (data) => data.adopted.length > 0,
  subject(data, tr) {
    return data.adopted.length
      ? [{ rank: 75, text: tr.tn('rules.digest.subjectAdopted', data.adopted.length) }]
      : [];
  },
};
