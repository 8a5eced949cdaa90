import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

let t: TestApp;
const member = { en: '', nl: '' };

beforeAll(async () => {
  t = await buildTestApp();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  member.en = await signIn(t, { email: 'ann@example.org', cohorts: ['spring'] });
  member.nl = await signIn(t, { email: 'bo@example.org', locale: 'nl', cohorts: ['spring'] });
});
afterAll(() => t.close());

const get = (url: string, cookie = member.en, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { cookie, ...headers } });

/** Every src attribute of the page: what the browser fetches without being asked. */
const sources = (html: string) => [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1] ?? '');

describe('an embedded video', () => {
  it('shows a drawn placeholder that links to the original and contacts nobody', async () => {
    const res = await get('/c/spring/walking/video');
    expect(res.statusCode).toBe(200);
    const placeholder = /<a class="embed-load"[^>]*>/.exec(res.body)?.[0] ?? '';
    expect(placeholder).toContain('href="https://example.com/"');
    expect(placeholder).toContain(
      'data-embed="https://www.youtube-nocookie.com/embed/abcDEF12345"',
    );
    expect(placeholder).toContain('data-embed-title="Moving Pictures"');
    expect(textOf(res)).toContain('Play the video “Moving Pictures”');
    expect(textOf(res)).toContain(
      'Nothing is loaded from www.youtube-nocookie.com until you press play.',
    );
    expect(res.body).not.toContain('<iframe');
    const srcs = sources(res.body);
    expect(srcs.some((s) => s.startsWith('/static/embed.js?v='))).toBe(true);
    // Only our own origin: no player, no thumbnail from the provider before the click.
    expect(srcs.filter((s) => !s.startsWith('/'))).toEqual([]);
    expect(textOf(res)).toContain('12 min watch');
  });

  it('speaks Dutch to a Dutch member', async () => {
    const text = textOf(await get('/c/spring/walking/video', member.nl));
    expect(text).toContain('Speel de video “Moving Pictures” af');
    expect(text).toContain('Er wordt niets van www.youtube-nocookie.com geladen');
  });

  it('lets the page frame exactly the privacy-enhanced players, on every page', async () => {
    for (const url of ['/', '/c/spring/walking/video']) {
      const csp = String((await get(url)).headers['content-security-policy']);
      const frameSrc = csp.split(';').find((d) => d.trim().startsWith('frame-src'));
      expect(frameSrc?.trim(), url).toBe(
        'frame-src https://www.youtube-nocookie.com https://player.vimeo.com',
      );
    }
  });

  it('serves the click-to-load script from our origin', async () => {
    const res = await t.app.inject({ url: '/static/embed.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body).toContain("frame.loading = 'lazy'");
  });

  it('loads no script on an exhibit without a player', async () => {
    const res = await get('/c/spring/welcome/first-look');
    expect(res.body).not.toContain('embed.js');
    expect(res.body).not.toContain('class="player"');
  });
});

describe('a podcast file from the media folder', () => {
  it('plays it with <audio> and shows the transcript below', async () => {
    const res = await get('/c/spring/welcome/talk');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<audio controls preload="metadata" src="/media/demo/talk.wav">');
    const transcript = /<details class="transcript">([\s\S]*?)<\/details>/.exec(res.body)?.[1];
    expect(transcript).toContain('<summary>Transcript</summary>');
    expect(transcript).toContain('<strong>Cy Speaker:</strong> Welcome to <em>A Long Talk</em>');
    expect(textOf(res)).toContain('45 min listen');
    expect(textOf(await get('/c/spring/welcome/talk', member.nl))).toContain('Uitgeschreven tekst');
  });

  it('serves the file as audio, in ranges, so the player can seek', async () => {
    const whole = await t.app.inject({ url: '/media/demo/talk.wav' });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toMatch(/^audio\/(x-)?wav/);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const size = whole.rawPayload.length;
    const part = await t.app.inject({
      url: '/media/demo/talk.wav',
      headers: { range: 'bytes=0-43', 'accept-encoding': 'gzip, br' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-43/${size}`);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    expect(part.rawPayload).toHaveLength(44);
  });
});
