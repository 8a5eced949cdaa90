// The in-memory catalogue: every course, room and exhibit, validated and with Markdown
// already rendered to HTML, so requests never parse or render content.

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
  prompts: string[];
  noteHtml: string;
  /** The first paragraph of the note, for the room page. */
  excerptHtml: string;
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
  file: string;
}

export interface Course {
  id: string;
  title: string;
  language: Language;
  summary: string;
  organisers: string[];
  introHtml: string;
  rooms: Room[];
  /** Absolute path of the media folder, and the file names it may serve. */
  mediaDir: string;
  media: Set<string>;
  file: string;
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
