// The rooms that opened in the period, with their exhibits: the digest's own section, read
// from the cohort's schedule alone.
import type { DigestSection } from '../core/digest-sections.ts';
import { absolute, paths } from '../core/paths.ts';

interface Link {
  title: string;
  href: string;
}

export interface OpenedRoom extends Link {
  week: number;
  exhibits: Link[];
}

export const roomsDigest: DigestSection<OpenedRoom[]> = {
  name: 'rooms',
  order: 20,
  view: 'digest/_rooms',
  load(app, { context, since, until }) {
    const opened = context.schedule.filter((s) => s.opensAt > since && s.opensAt <= until);
    if (opened.length === 0) return null;
    const slug = context.cohort.slug;
    const url = (path: string) => absolute(app.config.baseUrl, path);
    return opened.map(({ room }) => ({
      week: room.week,
      title: room.title,
      href: url(paths.room(slug, room.id)),
      exhibits: room.exhibits.map((e) => ({
        title: e.title,
        href: url(paths.exhibit(slug, room.id, e.id)),
      })),
    }));
  },
  subject(rooms, tr) {
    const [only] = rooms;
    const text =
      rooms.length === 1 && only
        ? tr.t('digest.subject.week', { week: only.week })
        : tr.tn('digest.subject.rooms', rooms.length);
    return [{ rank: 20, text }];
  },
};
