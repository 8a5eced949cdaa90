// Who may read and write a circle's thread and space: its members write, those who were in it
// read, organisers read only when the cohort's house rule lets them (always, or when the circle
// invited them), and nobody else sees more than that the circle exists.
import type { FastifyInstance } from 'fastify';
import type { Circle } from '../../db/schema.ts';
import type { Membership } from '../core/access.ts';
import { type HouseSettings, readHouseSettings } from '../core/house-settings.ts';
import type { ThreadKey } from '../core/thread-key.ts';
import type { ThreadAccess } from '../core/thread-places.ts';
import { findCircle, placeIn } from './queries.ts';

/** The cohort's house rule and the circle's own invitation, together. */
export function organisersMayRead(
  rule: HouseSettings['organisers_read_circles'],
  invited: boolean,
): boolean {
  return rule === 'always' || (rule === 'when-invited' && invited);
}

export interface CircleAccess {
  circle: Circle | null;
  access: ThreadAccess;
  /** Reading as an organiser who is not in the circle: each such read is logged and shown. */
  guest: boolean;
}

export async function circleAccess(
  app: FastifyInstance,
  member: Membership,
  circleId: number,
): Promise<CircleAccess> {
  const circle = Number.isSafeInteger(circleId) ? await findCircle(app.db, circleId) : null;
  if (!circle || circle.cohortId !== member.cohort.id || !member.course.circles) {
    return { circle: null, access: 'missing', guest: false };
  }
  const place = await placeIn(app.db, circle.id, member.userId);
  if (place === 'current') return { circle, access: 'write', guest: false };
  if (place === 'former') return { circle, access: 'read', guest: false };
  if (member.organises) {
    const rule = (await readHouseSettings(app.db, member.cohort.id)).organisers_read_circles;
    if (organisersMayRead(rule, circle.inviteOrganisers)) {
      return { circle, access: 'read', guest: true };
    }
  }
  return { circle, access: 'forbidden', guest: false };
}

export async function threadAccess(
  app: FastifyInstance,
  member: Membership,
  key: ThreadKey,
): Promise<ThreadAccess> {
  if (key.kind !== 'circle') return 'missing';
  return (await circleAccess(app, member, key.circleId)).access;
}

/** The room a circle's comments are filed under: the one open now, or the course's first. */
export function circleRoomOf(member: Membership): string {
  return (
    member.schedule.findLast((s) => s.open)?.room.id ??
    member.schedule[0]?.room.id ??
    member.course.rooms[0]?.id ??
    ''
  );
}

/** This week's agenda for the circles: the open room's circle_prompt, or null. */
export function thisWeeksPrompt(member: Pick<Membership, 'schedule'>) {
  const room = member.schedule.findLast((s) => s.open)?.room ?? null;
  return room?.circlePrompt ? { room: room.title, text: room.circlePrompt } : null;
}
