// Forming circles from the opt-ins: seeded (the same seed and the same learners give the same
// circles, so a preview is what confirming makes), grouped by the course's form_by answers,
// every circle between min and max. A last small group is spread over the others when it is
// under 70 % of the size, as Moodle's "prevent last small group" does; answers too rare to fill
// a circle are pooled with the nearest answers (the last form_by key first), and whoever is
// still left waits on the bench for the minute tick.
import type { CircleSettings } from '../content/types.ts';

export interface Applicant {
  userId: number;
  language: string;
  timeBand: string;
  commitment: string;
}

export interface Allocation {
  circles: Applicant[][];
  /** Too few to make or join a circle: they wait on the bench. */
  bench: Applicant[];
}

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * How many circles n people make: chunks of `size`, one more when the rest is at least 70 %
 * of a circle, then kept so every circle lies within min..max. Zero when no count can.
 */
export function circleCount(n: number, s: Pick<CircleSettings, 'size' | 'min' | 'max'>): number {
  if (n < s.min) return 0;
  let k = Math.floor(n / s.size);
  if (n % s.size >= Math.ceil(0.7 * s.size)) k += 1;
  k = Math.max(k, 1, Math.ceil(n / s.max));
  k = Math.min(k, Math.floor(n / s.min));
  return k >= 1 && Math.ceil(n / k) <= s.max && Math.floor(n / k) >= s.min ? k : 0;
}

/** n people dealt over k circles in turn: sizes differ by one at most. */
function deal<T>(people: T[], k: number): T[][] {
  const out: T[][] = Array.from({ length: k }, () => []);
  for (const [i, p] of people.entries()) out[i % k]?.push(p);
  return out;
}

const answerOf = (a: Applicant, key: 'language' | 'time') =>
  key === 'language' ? a.language : a.timeBand;

export function allocate(
  applicants: Applicant[],
  settings: CircleSettings,
  seed: number,
): Allocation {
  const next = random(seed);
  // Sorted first, so the order rows come from the database changes nothing.
  const sorted = [...applicants].sort((a, b) => a.userId - b.userId);
  const circles: Applicant[][] = [];
  let pool = sorted;
  // All form_by keys, then one fewer, … then none: each round forms what it can.
  for (let depth = settings.formBy.length; depth >= 0 && pool.length > 0; depth--) {
    const keys = settings.formBy.slice(0, depth);
    const groups = new Map<string, Applicant[]>();
    for (const a of pool) {
      const g = keys.map((k) => answerOf(a, k)).join('|');
      groups.set(g, [...(groups.get(g) ?? []), a]);
    }
    const left: Applicant[] = [];
    for (const g of [...groups.keys()].sort()) {
      const people = shuffle(groups.get(g) ?? [], next);
      const k = circleCount(people.length, settings);
      if (k > 0) circles.push(...deal(people, k));
      else if (depth === 0 && people.length >= settings.min) {
        // No count fits (7 with 4..6): one full circle, and the rest wait for a place.
        circles.push(people.slice(0, settings.max));
        left.push(...people.slice(settings.max));
      } else left.push(...people);
    }
    pool = left;
  }
  // Fewer than min left over: each joins the smallest circle that still has room.
  const bench: Applicant[] = [];
  for (const a of shuffle(pool, next)) {
    const room = circles
      .filter((c) => c.length < settings.max)
      .sort((x, y) => x.length - y.length)[0];
    if (room) room.push(a);
    else bench.push(a);
  }
  return { circles, bench };
}
