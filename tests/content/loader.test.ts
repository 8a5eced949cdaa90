import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { assignmentSchema } from '../../server/content/schemas.ts';
import { formatContentError } from '../../server/content/types.ts';
import { fixtures, root } from '../helpers/app.ts';

function load(dir: string) {
  const result = loadContent(dir);
  if (!result.ok) throw new Error(result.errors.map(formatContentError).join('\n'));
  return result.catalogue;
}

describe('a valid content folder', () => {
  const catalogue = load(path.join(fixtures, 'content-valid'));
  const demo = catalogue.courses.get('demo');

  it('reads courses, rooms and exhibits in number order with ids from the file names', () => {
    expect([...catalogue.courses.keys()]).toEqual(['demo', 'leren']);
    expect(demo?.rooms.map((r) => r.id)).toEqual(['welcome', 'walking', 'sharing']);
    expect(demo?.rooms[0]?.exhibits.map((e) => [e.id, e.position, e.kind])).toEqual([
      ['first-look', 1, 'article'],
      ['drawing', 2, 'cartoon'],
      ['talk', 3, 'podcast'],
    ]);
  });

  it('renders Markdown once at load and keeps the fields', () => {
    expect(demo?.introHtml).toBe('<p>Welcome to the <strong>test museum</strong>.</p>\n');
    const first = demo?.rooms[0]?.exhibits[0];
    expect(first).toMatchObject({
      title: 'A First Look',
      by: 'Ann Author',
      minutes: 6,
      url: 'https://example.org/',
    });
    expect(first?.prompts).toHaveLength(2);
    expect(demo?.rooms[0]?.exhibits[1]?.image).toBe('/media/demo/drawing.svg');
  });

  it('keeps the first paragraph of a note as the label shown in the room', () => {
    const pkm = load(path.join(root, 'content')).courses.get('pkm');
    const exhibit = pkm?.rooms[0]?.exhibits.find((e) => e.noteHtml.includes('</p>\n<p>'));
    expect(exhibit, 'a sample exhibit with a note of several paragraphs').toBeDefined();
    expect(exhibit?.excerptHtml.match(/<p>/g)).toHaveLength(1);
    expect(exhibit?.noteHtml.startsWith(exhibit.excerptHtml)).toBe(true);
  });

  it('opens room n after 7·(n−1) days unless opens_after_days says otherwise', () => {
    expect(demo?.rooms.map((r) => r.opensAfterDays)).toEqual([0, 7, 10]);
  });

  it('reads assignment.md into the room’s peer-feedback assignment', () => {
    const assignment = demo?.rooms[0]?.assignment;
    expect(assignment).toMatchObject({
      title: 'A moment from your practice',
      link: 'optional',
      reviewsRequired: 3,
      reviewsPerLearner: 3,
      submitByDays: 7,
      reviewByDays: 14,
      leaseHours: 24,
      anonymity: 'both',
      file: 'content-valid/demo/01-welcome/assignment.md',
    });
    expect(assignment?.taskHtml).toContain('<strong>real situation</strong>');
    const [works, question, suggestion, clarity, reuse] = assignment?.criteria ?? [];
    expect(assignment?.criteria.map((c) => [c.id, c.type, c.required])).toEqual([
      ['works', 'text', true],
      ['question', 'text', true],
      ['suggestion', 'text', false],
      ['clarity', 'scale', true],
      ['reuse', 'choice', false],
    ]);
    expect(works).toMatchObject({
      label: 'What works',
      help: 'Name one thing that works in this situation, and why.',
      minLength: 20,
      options: [],
    });
    expect(question?.help).toBe('');
    expect(suggestion?.minLength).toBe(0);
    expect(clarity?.minLength).toBe(0);
    expect(clarity?.options).toEqual([
      { value: '1', label: 'Unclear' },
      { value: '2', label: 'Partly clear' },
      { value: '3', label: 'Clear' },
      { value: '4', label: 'Very clear' },
    ]);
    expect(reuse?.options.map((o) => `${o.value}=${o.label}`)).toEqual([
      '1=Yes',
      '2=Maybe',
      '3=No',
    ]);
  });

  it('gives rooms without an assignment.md no assignment', () => {
    expect(demo?.rooms.map((r) => r.assignment === null)).toEqual([false, true, true]);
  });

  it('fills in the defaults an assignment leaves out', () => {
    const front = assignmentSchema.parse({
      title: 'Minimal',
      rubric: [{ id: 'works', label: 'What works', type: 'text' }],
    });
    expect(front).toEqual({
      title: 'Minimal',
      link: 'optional',
      reviews_required: 3,
      reviews_per_learner: 3,
      submit_by: 7,
      review_by: 14,
      lease_hours: 24,
      anonymity: 'both',
      rubric: [{ id: 'works', label: 'What works', type: 'text', required: true }],
    });
  });
});

describe('the sample courses', () => {
  const catalogue = load(path.join(root, 'content'));

  it('has a Dutch course of at least three rooms and an English one of three', () => {
    const courses = [...catalogue.courses.values()];
    const dutch = courses.filter((c) => c.language === 'nl');
    const english = courses.filter((c) => c.language === 'en');
    expect(dutch.some((c) => c.rooms.length >= 3)).toBe(true);
    expect(english.some((c) => c.rooms.length === 3)).toBe(true);
  });

  it('gives every room 6–8 exhibits of mixed kinds, each with a note and 2–3 prompts', () => {
    for (const course of catalogue.courses.values()) {
      for (const room of course.rooms) {
        expect(room.exhibits.length, room.file).toBeGreaterThanOrEqual(6);
        expect(room.exhibits.length, room.file).toBeLessThanOrEqual(8);
        expect(new Set(room.exhibits.map((e) => e.kind)).size, room.file).toBeGreaterThanOrEqual(3);
        for (const exhibit of room.exhibits) {
          expect(exhibit.noteHtml.length, exhibit.file).toBeGreaterThan(50);
          expect(exhibit.prompts.length, exhibit.file).toBeGreaterThanOrEqual(2);
          expect(exhibit.prompts.length, exhibit.file).toBeLessThanOrEqual(3);
        }
      }
    }
  });

  it('has a peer-feedback assignment in the feedback room of each course', () => {
    const rooms = [...catalogue.courses.values()].flatMap((c) => c.rooms);
    expect(rooms.filter((r) => r.assignment).map((r) => r.file)).toEqual([
      'content/knowmads/03-feedback-en-vertrouwen/room.md',
      'content/pkm/02-sense-and-share/room.md',
    ]);
    for (const room of rooms) {
      if (!room.assignment) continue;
      expect(
        room.assignment.criteria.map((c) => c.type),
        room.file,
      ).toEqual(['text', 'text', 'text', 'scale']);
      expect(room.assignment.anonymity, room.file).toBe('both');
    }
  });
});

describe('a broken content folder', () => {
  it('reports every problem at once, each with file, field and reason', () => {
    const result = loadContent(path.join(fixtures, 'content-broken'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.errors.map(formatContentError);
    const reserved =
      '(enrol, meetup, organise, wall, feedback, comments, profile, people, circles, rules, polls, carnival, roundup, live); rename the file or pin another id with id:';
    // The assignment's own mistakes are checked in the next test.
    expect(lines.filter((l) => !l.includes('/05-peer-review/'))).toEqual([
      'content-broken/alpha/course.md: language: must be nl or en (got "fr")',
      'content-broken/alpha/course.md: organisers (item 1): must be an e-mail address, e.g. team@example.org',
      'content-broken/alpha/01-start/room.md: title: is required',
      'content-broken/alpha/01-start/room.md: week: must be a whole number from 1 to 52',
      'content-broken/alpha/01-start/room.md: titel: unknown field (check the spelling)',
      'content-broken/alpha/01-start/01-bad-kind.md: kind: must be one of article, video, cartoon, podcast, other (got "blog")',
      'content-broken/alpha/01-start/02-bad-url.md: minutes: must be a whole number from 1 to 600',
      'content-broken/alpha/01-start/02-bad-url.md: url: must be an absolute http(s) URL, e.g. https://example.org (got "ftp://example.org/file")',
      'content-broken/alpha/01-start/03-broken-yaml.md: front matter: malformed YAML at line 4: missed comma between flow collection entries',
      'content-broken/alpha/01-start/04-no-title.md: title: is required',
      'content-broken/alpha/01-start/04-no-title.md: image: no file "missing.svg" in content-broken/alpha/media/',
      'content-broken/alpha/01-start/05-empty-video.md: kind: a video needs something to watch: set url (the original), embed (a privacy-enhanced player) or media (a file in media/ with a transcript), or choose the kind it really is',
      'content-broken/alpha/01-start/06-bad-player.md: embed: must be the address of a privacy-enhanced player, https://www.youtube-nocookie.com/embed/VIDEO_ID or https://player.vimeo.com/video/NUMBER?dnt=1 (got "https://www.youtube.com/embed/abcDEF12345")',
      'content-broken/alpha/01-start/06-bad-player.md: embed: and media cannot both be set: choose the player or the file',
      'content-broken/alpha/01-start/06-bad-player.md: transcript: is required with media: write the transcript here (Markdown) or name a .md file in media/, for learners who cannot hear or see it',
      'content-broken/alpha/01-start/06-bad-player.md: media: no file "missing.mp3" in content-broken/alpha/media/',
      'content-broken/alpha/01-start/not-numbered.md: file: an exhibit file name must start with its number, e.g. 01-the-article.md',
      `content-broken/alpha/02-wall/room.md: id: "wall" is reserved for a page of its own ${reserved}`,
      'content-broken/alpha/03-twins/02-other.md: image_alt: is required when image is set: describe the picture for readers who cannot see it',
      'content-broken/alpha/03-twins/02-other.md: id: "same" is already used by content-broken/alpha/03-twins/01-same.md',
      `content-broken/alpha/03-twins/03-comments.md: id: "comments" is reserved for a page of its own ${reserved}`,
      'content-broken/alpha/04-nofile/room.md: file: is missing: every room folder needs a room.md',
      'content-broken/alpha/notes: folder: a room folder name must start with its number, e.g. 01-welcome',
      'content-broken/beta/course.md: file: is missing: every course folder needs a course.md',
    ]);
  });

  it('reports every mistake in an assignment, naming the rubric item and field', () => {
    const result = loadContent(path.join(fixtures, 'content-broken'));
    if (result.ok) throw new Error('the broken fixture loaded');
    const file = 'content-broken/alpha/05-peer-review/assignment.md';
    expect(result.errors.filter((e) => e.file === file).map(formatContentError)).toEqual([
      `${file}: anonymity: must be one of both, reviewers, none (got "secret")`,
      `${file}: rubric (item 3).points: is required for a scale: list 2 to 10 labels from low to high, e.g. [Not yet, Partly, Mostly, Fully]`,
      `${file}: rubric (item 4).min_length: is only for text questions, and this one is type scale: remove it`,
      `${file}: rubric (item 5).options: must have at least 2 labels`,
      `${file}: rubric (item 5).weight: unknown field (check the spelling)`,
      `${file}: rubric (item 2).id: "works" is already used by rubric (item 1)`,
      `${file}: deadline: unknown field (check the spelling)`,
      `${file}: review_by: must be later than submit_by (day 10): reviewing goes on after submissions close`,
      `${file}: body: is empty: describe the task for learners`,
    ]);
  });

  it('says so when the folder itself is missing', () => {
    const result = loadContent(path.join(fixtures, 'no-such-folder'));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(
        formatContentError(result.errors[0] ?? { file: '', field: '', message: '' }),
      ).toContain('cannot be read');
  });
});
