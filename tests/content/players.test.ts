import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loader.ts';
import { embedOrigins, playerElement } from '../../server/content/players.ts';
import { exhibitSchema } from '../../server/content/schemas.ts';
import { formatContentError } from '../../server/content/types.ts';
import { fixtures } from '../helpers/app.ts';

const base = { title: 'A frame', by: 'Ann Author' };
const youtube = 'https://www.youtube-nocookie.com/embed/abcDEF12345';

/** The problems the schema finds, as "field: message". */
function problems(front: Record<string, unknown>) {
  const r = exhibitSchema.safeParse({ ...base, ...front });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('what a video or podcast exhibit plays', () => {
  it('refuses a video or podcast with nothing to watch or hear', () => {
    expect(problems({ kind: 'video' })).toEqual([
      'kind: a video needs something to watch: set url (the original), embed (a privacy-enhanced player) or media (a file in media/ with a transcript), or choose the kind it really is',
    ]);
    expect(problems({ kind: 'podcast' })[0]).toContain('a podcast needs something to listen to');
    expect(problems({ kind: 'article' })).toEqual([]);
  });

  it('accepts a link to the original, an embed with its original, or a file with a transcript', () => {
    expect(problems({ kind: 'video', url: 'https://example.org/talk' })).toEqual([]);
    expect(problems({ kind: 'video', url: 'https://example.org/', embed: youtube })).toEqual([]);
    expect(
      problems({
        kind: 'video',
        url: 'https://vimeo.com/76979871',
        embed: 'https://player.vimeo.com/video/76979871?dnt=1',
      }),
    ).toEqual([]);
    expect(problems({ kind: 'podcast', media: 'talk.mp3', transcript: 'Hello.' })).toEqual([]);
  });

  it('embeds only privacy-enhanced players', () => {
    const refused = (embed: string) =>
      problems({ kind: 'video', url: 'https://example.org/', embed });
    for (const embed of [
      'https://www.youtube.com/embed/abcDEF12345',
      'https://youtube-nocookie.com/embed/abcDEF12345',
      'http://www.youtube-nocookie.com/embed/abcDEF12345',
      'https://www.youtube-nocookie.com/watch?v=abcDEF12345',
      'https://www.youtube-nocookie.com:8443/embed/abcDEF12345',
      'https://player.vimeo.com.evil.example/video/1?dnt=1',
      'https://evil.example/embed/abc',
      'not a url',
    ])
      expect(refused(embed), embed).toEqual([
        `embed: must be the address of a privacy-enhanced player, https://www.youtube-nocookie.com/embed/VIDEO_ID or https://player.vimeo.com/video/NUMBER?dnt=1 (got "${embed}")`,
      ]);
    expect(refused('https://player.vimeo.com/video/76979871')).toEqual([
      'embed: must carry ?dnt=1 so player.vimeo.com does not track the learner, e.g. https://player.vimeo.com/video/NUMBER?dnt=1',
    ]);
  });

  it('asks for the original with an embed, and for a transcript with a file', () => {
    expect(problems({ kind: 'video', embed: youtube })).toEqual([
      'url: is required with embed: the player loads only when asked, and until then (or without JavaScript) the exhibit links to the original',
    ]);
    expect(problems({ kind: 'podcast', media: 'talk.mp3' })).toEqual([
      'transcript: is required with media: write the transcript here (Markdown) or name a .md file in media/, for learners who cannot hear or see it',
    ]);
    expect(
      problems({ kind: 'video', url: 'https://example.org/', embed: youtube, media: 'a.mp4' }),
    ).toContain('embed: and media cannot both be set: choose the player or the file');
  });

  it('plays only sound and video files, and only in video and podcast exhibits', () => {
    expect(problems({ kind: 'podcast', media: 'talk.exe', transcript: 'x' })).toEqual([
      'media: must be the file name of a file in media/ (mp3, m4a, aac, ogg, oga, opus, wav, flac for sound; mp4, m4v, webm, ogv, mov for video)',
    ]);
    expect(problems({ kind: 'podcast', media: '../secret.mp3', transcript: 'x' })).toHaveLength(1);
    expect(problems({ kind: 'article', embed: youtube, url: 'https://example.org/' })).toEqual([
      'embed: is only for video and podcast exhibits, and this one is kind article',
    ]);
    expect(problems({ kind: 'cartoon', transcript: 'x' })).toEqual([
      'transcript: is only for video and podcast exhibits, and this one is kind cartoon',
    ]);
  });

  it('plays a file with <video> or <audio> by its extension', () => {
    expect(['a.mp4', 'b.WEBM', 'c.mp3', 'd.ogg', 'e.wav'].map(playerElement)).toEqual([
      'video',
      'video',
      'audio',
      'audio',
      'audio',
    ]);
  });

  it('frames only the hosts it embeds from', () => {
    expect(embedOrigins).toEqual(['https://www.youtube-nocookie.com', 'https://player.vimeo.com']);
  });
});

describe('loading players', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A one-exhibit course in a temporary folder, with these files in media/. */
  function course(front: string, media: Record<string, string> = {}) {
    const dir = mkdtempSync(path.join(tmpdir(), 'salon-players-'));
    dirs.push(dir);
    const c = path.join(dir, 'content', 'one');
    mkdirSync(path.join(c, '01-room'), { recursive: true });
    mkdirSync(path.join(c, 'media'));
    writeFileSync(path.join(c, 'course.md'), '---\ntitle: One\nlanguage: en\nsummary: S\n---\n');
    writeFileSync(path.join(c, '01-room', 'room.md'), '---\ntitle: R\nweek: 1\n---\n');
    writeFileSync(
      path.join(c, '01-room', '01-talk.md'),
      `---\nkind: podcast\ntitle: Talk\nby: Cy\n${front}---\nA note.\n`,
    );
    for (const [name, text] of Object.entries(media))
      writeFileSync(path.join(c, 'media', name), text);
    return loadContent(path.join(dir, 'content'));
  }

  it('reads a transcript file from media/ and plays the file with <audio>', () => {
    const valid = loadContent(path.join(fixtures, 'content-valid'));
    if (!valid.ok) throw new Error(valid.errors.map(formatContentError).join('\n'));
    const talk = valid.catalogue.courses.get('demo')?.rooms[0]?.exhibits[2];
    expect(talk?.media).toEqual({ src: '/media/demo/talk.wav', element: 'audio' });
    expect(talk?.transcriptHtml).toContain(
      '<strong>Cy Speaker:</strong> Welcome to <em>A Long Talk</em>',
    );
    expect(talk?.embed).toBeNull();
    const video = valid.catalogue.courses.get('demo')?.rooms[1]?.exhibits[0];
    expect(video?.embed).toBe('https://www.youtube-nocookie.com/embed/abcDEF12345');
  });

  it('renders a transcript written in the front matter as Markdown', () => {
    const r = course('media: talk.mp3\ntranscript: "**Cy:** hello"\n', { 'talk.mp3': 'x' });
    if (!r.ok) throw new Error(r.errors.map(formatContentError).join('\n'));
    expect(r.catalogue.courses.get('one')?.rooms[0]?.exhibits[0]?.transcriptHtml).toBe(
      '<p><strong>Cy:</strong> hello</p>\n',
    );
  });

  it('says which media or transcript file is missing or empty', () => {
    const missing = course('media: talk.mp3\ntranscript: talk.md\n');
    const empty = course('media: talk.mp3\ntranscript: talk.md\n', {
      'talk.mp3': 'x',
      'talk.md': ' \n',
    });
    const lines = [missing, empty].flatMap((r) => (r.ok ? [] : r.errors.map(formatContentError)));
    expect(lines).toEqual([
      'content/one/01-room/01-talk.md: media: no file "talk.mp3" in content/one/media/',
      'content/one/01-room/01-talk.md: transcript: no file "talk.md" in content/one/media/',
      'content/one/01-room/01-talk.md: transcript: the file "talk.md" in content/one/media/ is empty',
    ]);
  });
});
