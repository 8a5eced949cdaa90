// A photo in an introduction: posted with the icebreaker's form (multipart, CSRF-checked),
// only with a description from its author, re-encoded without the camera's metadata, shown
// and served to whoever may see the comment, and gone with the comment or the account.
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentPhotos, comments } from '../../db/schema.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit, withCookies } from '../helpers/auth.ts';
import { type FilePart, multipartBody, type Seeded, seed } from '../profile/helpers.ts';

let t: TestApp;
let s: Seeded;
const room = '/c/spring/welcome';
const htmx = { 'hx-request': 'true' };

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo']);
});

/** A camera's JPEG, larger than a thread shows: a GPS position and a maker in its EXIF. */
async function cameraJpeg(width = 2000, height = 1500) {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 22/1 0/1' },
    })
    .toBuffer();
}

const jpeg = (bytes: Buffer): Omit<FilePart, 'field'> => ({
  filename: 'view.jpg',
  type: 'image/jpeg',
  bytes,
});

/** Posts a form on `page` to `action` as multipart, as the browser sends the icebreaker's. */
async function postWithPhoto(
  cookie: string,
  fields: Record<string, string>,
  photo: Omit<FilePart, 'field'> | null,
  options: { page?: string; action?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const page = options.page ?? room;
  const form = await t.app.inject({ url: page, headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  const key = /name="key" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  if (!token) throw new Error(`no form on ${page} (${form.statusCode})`);
  const file = photo ?? { filename: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) };
  const { body, type } = multipartBody(
    [['_csrf', token], ['key', key], ...Object.entries(fields)],
    [{ field: 'photo', ...file }],
  );
  return t.app.inject({
    method: 'POST',
    url: options.action ?? `${page}/comments`,
    headers: { ...options.headers, cookie: withCookies(cookie, form), 'content-type': type },
    payload: body,
  });
}

const photoSrc = (html: string) =>
  /<figure class="comment-photo"><img src="(\/comments\/\d+\/photos\/[0-9a-f]{32}\.webp)" alt="([^"]*)" width="(\d+)" height="(\d+)"/.exec(
    html,
  );
const stored = () => t.database.db.select().from(commentPhotos);

describe('a photo in the icebreaker', () => {
  it('is offered on the icebreaker’s form only, with a field for what is in it', async () => {
    const page = await t.app.inject({ url: room, headers: { cookie: s.cookies.Ann } });
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain(
      'name="photo" type="file" accept="image/jpeg,image/png,image/webp"',
    );
    expect(page.body).toContain('name="photo_alt"');
    expect(textOf(page)).toContain('What is in the photo?');
    expect(page.body).toMatch(/<details class="photo-fields">/);
    const exhibit = await t.app.inject({
      url: `${room}/drawing`,
      headers: { cookie: s.cookies.Ann },
    });
    expect(exhibit.body).not.toContain('name="photo"');
  });

  it('is re-encoded inside 1200 px without EXIF, shown with its description, served by hash', async () => {
    const original = await cameraJpeg();
    const res = await postWithPhoto(
      s.cookies.Ann,
      { body: 'Hello, this is my view.', photo_alt: 'Rooftops under a blue sky' },
      jpeg(original),
    );
    expect(res.statusCode).toBe(303);
    const [row] = await stored();
    expect(row?.hash).toMatch(/^[0-9a-f]{32}$/);

    const page = await t.app.inject({ url: room, headers: { cookie: s.cookies.Bo } });
    const shown = photoSrc(page.body);
    expect(shown?.[1]).toBe(`/comments/${row?.commentId}/photos/${row?.hash}.webp`);
    expect(shown?.slice(2)).toEqual(['Rooftops under a blue sky', '1200', '900']);

    const got = await t.app.inject({ url: shown?.[1] ?? '', headers: { cookie: s.cookies.Bo } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/webp');
    expect(got.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const meta = await sharp(got.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1200, height: 900 });
    expect(meta.exif).toBeUndefined();
    expect(got.rawPayload.includes(Buffer.from('TestCam'))).toBe(false);
  });

  it('keeps a small photo its own size, and comes back in place with htmx', async () => {
    const res = await postWithPhoto(
      s.cookies.Ann,
      { body: 'Small one', photo_alt: 'A tiny square' },
      jpeg(await cameraJpeg(300, 300)),
      { headers: htmx },
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="conversation"');
    expect(photoSrc(res.body)?.slice(2)).toEqual(['A tiny square', '300', '300']);
  });

  it('needs a description: refused with the text kept, nothing posted', async () => {
    const res = await postWithPhoto(
      s.cookies.Ann,
      { body: 'My words stay', photo_alt: '   ' },
      jpeg(await cameraJpeg()),
    );
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Say in a sentence what is in the photo');
    expect(res.body).toContain('My words stay</textarea>');
    expect(res.body).toMatch(/id="comment-photo-alt"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('<details class="photo-fields" open>');
    expect(await t.database.db.select().from(comments)).toEqual([]);
    expect(await stored()).toEqual([]);
  });

  it('refuses a description over 250 characters, keeping it to shorten', async () => {
    const alt = 'sky '.repeat(70).trim();
    const res = await postWithPhoto(
      s.cookies.Ann,
      { body: 'Words', photo_alt: alt },
      jpeg(await cameraJpeg()),
    );
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('at most 250 characters');
    expect(res.body).toContain(`value="${alt}"`);
  });

  it('refuses what is not a photo, a GIF and a file over 2 MB, in the member’s language', async () => {
    const gif = await sharp({
      create: { width: 10, height: 10, channels: 3, background: '#fff' },
    })
      .gif()
      .toBuffer();
    const cases: [Omit<FilePart, 'field'>, string][] = [
      [
        { filename: 'notes.txt', type: 'text/plain', bytes: Buffer.from('just text') },
        'could not be read',
      ],
      [{ filename: 'a.gif', type: 'image/gif', bytes: gif }, 'not a JPEG, PNG or WebP photo'],
      [
        { filename: 'big.jpg', type: 'image/jpeg', bytes: Buffer.alloc(2 * 1024 * 1024 + 10, 7) },
        'larger than 2 MB',
      ],
    ];
    for (const [file, message] of cases) {
      const res = await postWithPhoto(
        s.cookies.Ann,
        { body: 'Still here', photo_alt: 'A view' },
        file,
      );
      expect(res.statusCode).toBe(422);
      expect(textOf(res)).toContain(message);
      expect(res.body).toContain('Still here</textarea>');
      expect(res.body).toContain('value="A view"');
    }
    expect(await stored()).toEqual([]);

    const nl = await signIn(t, {
      email: 'nl@example.org',
      name: 'Noor',
      cohorts: ['spring'],
      locale: 'nl',
    });
    const res = await postWithPhoto(
      nl,
      { body: 'Hoi', photo_alt: 'Uitzicht' },
      cases[1]?.[0] ?? null,
    );
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Dit is geen JPEG-, PNG- of WebP-foto');
  });

  it('asks for a good photo again when the words were refused', async () => {
    const res = await postWithPhoto(
      s.cookies.Ann,
      { body: '  ', photo_alt: 'A view' },
      jpeg(await cameraJpeg()),
    );
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Please write something first.');
    expect(textOf(res)).toContain('Your photo has not been posted yet: choose it again.');
    expect(res.body).toContain('value="A view"');
  });

  it('is ignored on an exhibit’s thread and on a reply', async () => {
    const res = await postWithPhoto(
      s.cookies.Ann,
      { body: 'About the drawing', photo_alt: 'x' },
      jpeg(await cameraJpeg(200, 200)),
      { page: `${room}/drawing` },
    );
    expect(res.statusCode).toBe(303);
    const [posted] = await t.database.db.select().from(comments);
    expect(posted?.photo).toBeNull();
    expect(await stored()).toEqual([]);
  });

  it('is seen only where the comment may be: not outside the cohort, not once hidden', async () => {
    await postWithPhoto(
      s.cookies.Ann,
      { body: 'Hi', photo_alt: 'A garden' },
      jpeg(await cameraJpeg(400, 300)),
    );
    const [row] = await stored();
    const url = `/comments/${row?.commentId}/photos/${row?.hash}.webp`;
    const outsider = await signIn(t, { email: 'out@example.org', name: 'Out' });
    expect((await t.app.inject({ url, headers: { cookie: outsider } })).statusCode).toBe(404);
    const anonymous = await t.app.inject({ url });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);

    await t.database.db
      .update(comments)
      .set({ hiddenAt: new Date() })
      .where(eq(comments.id, row?.commentId ?? 0));
    expect((await t.app.inject({ url, headers: { cookie: s.cookies.Bo } })).statusCode).toBe(404);
    expect((await t.app.inject({ url, headers: { cookie: s.organiser } })).statusCode).toBe(200);
  });

  it('goes when its author removes the comment', async () => {
    await postWithPhoto(
      s.cookies.Ann,
      { body: 'Hi', photo_alt: 'A garden' },
      jpeg(await cameraJpeg(400, 300)),
    );
    const [row] = await stored();
    const id = row?.commentId ?? 0;
    const removed = await submit(t.app, room, `/comments/${id}/delete`, {}, s.cookies.Ann);
    expect(removed.res.statusCode).toBe(303);
    expect(await stored()).toEqual([]);
    const url = `/comments/${id}/photos/${row?.hash}.webp`;
    expect((await t.app.inject({ url, headers: { cookie: s.cookies.Bo } })).statusCode).toBe(404);
    const page = await t.app.inject({ url: room, headers: { cookie: s.cookies.Bo } });
    expect(page.body).not.toContain('class="comment-photo"');
  });

  it('is in the author’s export, and gone with their account', async () => {
    await postWithPhoto(
      s.cookies.Ann,
      { body: 'Hi', photo_alt: 'A garden' },
      jpeg(await cameraJpeg(400, 300)),
    );
    const exported = await t.app.inject({
      url: '/settings/export',
      headers: { cookie: s.cookies.Ann },
    });
    const data = JSON.parse(exported.body) as Record<string, { alt?: string; photo?: unknown }[]>;
    expect(data.commentPhotos?.[0]?.alt).toBe('A garden');
    expect(data.comments?.[0]?.photo).toMatchObject({ alt: 'A garden', width: 400, height: 300 });

    const deleted = await submit(
      t.app,
      '/settings',
      '/settings/delete',
      { email: 'ann@example.org' },
      s.cookies.Ann,
    );
    expect(deleted.res.statusCode, textOf(deleted.res).slice(0, 2000)).toBe(303);
    expect(await stored()).toEqual([]);
  });
});
