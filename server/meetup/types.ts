// The meet-up's shared words: what an answer is stored as, and who moved up from the
// waitlist. Kept apart so the queries and the answering (rsvp.ts) can both use them without
// importing each other.

export type RsvpStatus = 'going' | 'waitlisted' | 'declined';

/** Someone who moved from the waitlist to going; they are told by mail (mail.ts). */
export interface Promoted {
  meetupId: number;
  userId: number;
  answeredAt: Date;
}
