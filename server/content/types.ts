// The in-memory catalogue: every course, room and exhibit, validated and with Markdown
// already rendered to HTML, so requests never parse or render content.
import type { Carnival } from './carnival.ts';
import type { Poll } from './polls.ts';

export type { Carnival } from './carnival.ts';
export type { Poll } from './polls.ts';

import type { HouseSettingKey } from './house-settings.ts';

export type Language = 'nl' | 'en';
export const exhibitKinds = ['article', 'video', 'cartoon', 'podcast', 'other'] as const;
export type ExhibitKind = (typeof exhibitKinds)[number];

export interface Exhibit {
  id: string;
  /** 1-based position in the room. */
  position: number;
  kind: ExhibitKind;
  title: string;
  by: string;
  minutes: number | null;
  url: string | null;
  /** Public path of the image, e.g. /media/knowmads/map.svg. */
  image: string | null;
  imageAlt: string | null;
  /** A privacy-enhanced player's address, loaded only when the learner asks. */
  embed: string | null;
  /** A sound or video file from the course's media folder. */
  media: ExhibitMedia | null;
  /** '' when there is none; always set when media is. */
  transcriptHtml: string;
  prompts: string[];
  noteHtml: string;
  /** The first paragraph of the note, for the room page. */
  excerptHtml: string;
  /** The polls written into the note, in order (their places are marked in noteHtml). */
  polls: Poll[];
  file: string;
}

export interface ExhibitMedia {
  /** Public path, e.g. /media/knowmads/interview.mp3. */
  src: string;
  element: 'audio' | 'video';
}

/** One question of a peer-feedback rubric. */
export interface Criterion {
  id: string;
  label: string;
  /** Plain text shown under the label; '' when there is none. */
  help: string;
  type: 'text' | 'scale' | 'choice';
  required: boolean;
  /** Text answers: at least this many characters (0 for scale and choice). */
  minLength: number;
  /**
   * Scale: the labelled points, values "1".."n" in order. Choice: the options, values
   * "1".."n" as well. Empty for text.
   */
  options: { value: string; label: string }[];
}

/** Who may see whose name in peer feedback. */
export type Anonymity = 'both' | 'reviewers' | 'none';

/** A room's optional peer-feedback assignment (assignment.md). */
export interface Assignment {
  title: string;
  taskHtml: string;
  /** Whether a submission has a link: none, optional or required. */
  link: 'none' | 'optional' | 'required';
  /** The hand-in field's label from the assignment, or null for the interface's own. */
  submissionLabel: string | null;
  /** The least a hand-in must be (0: no minimum). */
  minWords: number;
  minLength: number;
  criteria: Criterion[];
  reviewsRequired: number;
  reviewsPerLearner: number;
  /** Days after the room opens: submissions close (later ones count as late)… */
  submitByDays: number;
  /** …and reviewing (and late submitting) closes. */
  reviewByDays: number;
  /** How long a handed-out review stays reserved for its reviewer. */
  leaseHours: number;
  /** both: nobody sees names; reviewers: reviewers stay anonymous; none: names shown. */
  anonymity: Anonymity;
  file: string;
}

export interface Room {
  id: string;
  position: number;
  week: number;
  /** Days after the cohort's start when the room opens; derived from week unless pinned. */
  opensAfterDays: number;
  title: string;
  summary: string;
  introHtml: string;
  exhibits: Exhibit[];
  assignment: Assignment | null;
  /** The room's blog carnival (carnival.md), or null. */
  carnival: Carnival | null;
  /** This week's agenda for the circles (plain text), or null. */
  circlePrompt: string | null;
  /**
   * Introductions pinned at the top of the room; `prompt` null means the app's default
   * prompt, in the reader's language.
   */
  icebreaker: { prompt: string | null } | null;
  /** The polls written into the introduction, in order. */
  polls: Poll[];
  /** The room's live hour (live.md), or null. */
  live: LivePlan | null;
  file: string;
}

/** A live hour as planned in live.md; cohorts may move it (the live feature keeps that). */
export interface LivePlan {
  title: string;
  /** Days after the room opens, and the local time in the cohort's time zone ("20:00"). */
  startsDay: number;
  startsTime: string;
  minutes: number;
  /** E-mail addresses, or "organisers" for the cohort's organisers. */
  facilitators: string[];
  icebreaker: { prompt: string; minutes: number } | null;
  questions: { text: string; minutes: number }[];
  /** The take-away question for the last minutes. */
  closing: string | null;
  introHtml: string;
  file: string;
}

export interface Course {
  id: string;
  title: string;
  language: Language;
  summary: string;
  organisers: string[];
  /** Public path of the cover picture, e.g. /media/knowmads/cover.svg; null without one. */
  cover: string | null;
  coverAlt: string | null;
  /** A PNG or JPG of the cover for e-mail, when the cover itself is one mail cannot show. */
  coverMail: string | null;
  introHtml: string;
  /** Questions members may answer on their profile, in the course language. */
  profilePrompts: ProfilePrompt[];
  /** Circles of a few learners, or null when the course has none. */
  circles: CircleSettings | null;
  /** The organisers' seed draft of the house rules (house-rules.md); null without one. */
  houseRules: HouseRulesDraft | null;
  rooms: Room[];
  /** Every poll of the course (rooms' and exhibits'), by id. */
  polls: Map<string, Poll>;
  /** Absolute path of the media folder, and the file names it may serve. */
  mediaDir: string;
  media: Set<string>;
  file: string;
}

export interface CircleSettings {
  size: number;
  min: number;
  max: number;
  /** The opt-in answers that put learners together, in order of weight. */
  formBy: ('language' | 'time')[];
}

/** One house rule as the draft states it; a rule with a setting decides that setting. */
export interface HouseRule {
  id: string;
  text: string;
  setting: HouseSettingKey | null;
  value: string | null;
}

export interface HouseRulesDraft {
  introHtml: string;
  rules: HouseRule[];
  file: string;
}

export interface ProfilePrompt {
  id: string;
  text: string;
}

export interface Catalogue {
  courses: Map<string, Course>;
}

export interface ContentError {
  /** Path relative to the content folder's parent, e.g. content/knowmads/course.md. */
  file: string;
  field: string;
  message: string;
}

export const formatContentError = (e: ContentError) => `${e.file}: ${e.field}: ${e.message}`;
