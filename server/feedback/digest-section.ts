// Peer feedback in the digest: the reviews a member still owes and the feedback that reached
// them, each linking to the room's feedback page.
import { type DigestSection, perMemberInRun, windowOf } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';
import {
  feedbackForDigest,
  findFeedbackCounts,
  type OwedReviews,
  type ReceivedFeedback,
} from './digest.ts';

type Linked<T> = T & { href: string };

export interface DigestFeedback {
  owed: Linked<OwedReviews>[];
  received: Linked<ReceivedFeedback>[];
}

const total = (counts: number[]) => counts.reduce((n, c) => n + c, 0);

export const feedbackDigest: DigestSection<DigestFeedback> = {
  name: 'feedback',
  order: 40,
  view: 'feedback/_digest',
  async load(app, request) {
    const { schedule, cohort } = request.context;
    const w = windowOf(request);
    const { owed, received } = await feedbackForDigest(
      app.db,
      { ...w, schedule, timezone: cohort.timezone },
      perMemberInRun(request, 'feedback', (userIds) => findFeedbackCounts(app.db, w, userIds)),
    );
    if (owed.length === 0 && received.length === 0) return null;
    const link = <T extends { roomId: string }>(r: T) => ({
      ...r,
      href: absolute(app.config.baseUrl, paths.feedback(cohort.slug, r.roomId)),
    });
    return { owed: owed.map(link), received: received.map(link) };
  },
  subject({ owed, received }, tr) {
    const got = total(received.map((r) => r.count));
    const toGive = total(owed.map((o) => o.owed));
    return [
      ...(got ? [{ rank: 40, text: tr.tn('digest.subject.received', got) }] : []),
      ...(toGive ? [{ rank: 50, text: tr.tn('digest.subject.owed', toGive) }] : []),
    ];
  },
};
