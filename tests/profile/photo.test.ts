// A member's photo: uploaded with the profile form (multipart, still CSRF-checked), checked
// and re-encoded on the server (metadata gone), served by a content-hash URL to the cohort
// only, shown on the cards, exported, and gone with the profile.
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { profilePhotos, profiles } from '../../db/schema.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';
import {
  multipartBody,
  peoplePage,
  postProfileWithPhoto,
  profilePage,
  type Seeded,
  seed,
} from './helpers.ts';

let t: TestApp;
let s: Seeded;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  s = await seed(t, ['Ann', 'Bo']);
});

/** A camera's JPEG: a GPS position and a maker in its EXIF. */
async function cameraJpeg(colour = { r: 200, g: 100, b: 50 }) {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Copyright: 'Ann' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '52/1 22/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '4/1 53/1 0/1',
      },
    })
    .toBuffer();
}

const jpegPart = (bytes: Buffer) => ({ filename: 'me.jpg', type: 'image/jpeg', bytes });
const stored = () => t.database.db.select().from(profilePhotos);
const photoUrl = (body: string, size: 'l' | 's') =>
  new RegExp(`src="(/c/spring/people/photos/[0-9a-f]{32}-${size}\\.webp)"`).exec(body)?.[1];

describe('uploading a photo', () => {
  it('re-encodes it to square WebP without the EXIF and serves it by its hash', async () => {
    const original = await cameraJpeg();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const { res, cookie } = await postProfileWithPhoto(
      t,
      s.cookies.Ann,
      [['intro', 'Hello']],
      jpegPart(original),
    );
    expect(res.statusCode).toBe(303);
    const [row] = await stored();
    expect(row?.userId).toBe(s.ids.Ann);
    expect(row?.hash).toMatch(/^[0-9a-f]{32}$/);

    const page = await t.app.inject({ url: profilePage, headers: { cookie } });
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('name="remove_photo"');
    const large = photoUrl(page.body, 'l');
    expect(large).toBe(`/c/spring/people/photos/${row?.hash}-l.webp`);
    expect(page.body).toMatch(/<img class="avatar avatar-l avatar-photo"[^>]+alt="Ann"/);

    const got = await t.app.inject({ url: large ?? '', headers: { cookie: s.cookies.Bo } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/webp');
    expect(got.headers['cache-control']).toContain('immutable');
    const meta = await sharp(got.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(got.rawPayload.includes(Buffer.from('TestCam'))).toBe(false);

    const small = await t.app.inject({
      url: `/c/spring/people/photos/${row?.hash}-s.webp`,
      headers: { cookie: s.cookies.Ann },
    });
    expect((await sharp(small.rawPayload).metadata()).width).toBe(64);
  });

  it('shows the photo on the cards in who is here and on the member page', async () => {
    await postProfileWithPhoto(
      t,
      s.cookies.Ann,
      [
        ['intro', 'Hello'],
        ['listed', '1'],
      ],
      jpegPart(await cameraJpeg()),
    );
    const people = await t.app.inject({ url: peoplePage, headers: { cookie: s.cookies.Bo } });
    expect(photoUrl(people.body, 's')).toBeDefined();
    expect(people.body).toMatch(/<img class="avatar avatar-m avatar-photo"[^>]+alt="Ann"/);
    // Bo has none: the drawn initials.
    expect(people.body).toMatch(
      /<span class="avatar avatar-m tone-\d+" aria-hidden="true">B<\/span>/,
    );
    const person = await t.app.inject({
      url: `/c/spring/people/${s.ids.Ann}`,
      headers: { cookie: s.cookies.Bo },
    });
    expect(photoUrl(person.body, 'l')).toBeDefined();
  });

  it('shows the photo beside her words in any thread, her intro only in the icebreaker', async () => {
    await postProfileWithPhoto(
      t,
      s.cookies.Ann,
      [
        ['intro', 'Hello from Ann'],
        ['listed', '1'],
      ],
      jpegPart(await cameraJpeg()),
    );
    const drawing = '/c/spring/welcome/drawing';
    const posted = await submit(
      t.app,
      drawing,
      `${drawing}/comments`,
      { body: 'Lovely lines' },
      s.cookies.Ann,
    );
    expect(posted.res.statusCode).toBe(303);
    const page = await t.app.inject({ url: drawing, headers: { cookie: s.cookies.Bo } });
    expect(textOf(page)).toContain('Lovely lines');
    expect(photoUrl(page.body, 's')).toBeDefined();
    expect(page.body).toMatch(/<img class="avatar avatar-m avatar-photo"[^>]+alt="Ann"/);
    expect(textOf(page)).not.toContain('Hello from Ann');
  });

  it('serves it to the cohort and its organisers only', async () => {
    await postProfileWithPhoto(t, s.cookies.Ann, [], jpegPart(await cameraJpeg()));
    const [row] = await stored();
    const url = `/c/spring/people/photos/${row?.hash}-l.webp`;
    expect((await t.app.inject({ url, headers: { cookie: s.organiser } })).statusCode).toBe(200);
    const stranger = await signIn(t, { email: 'zed@example.org', name: 'Zed' });
    expect((await t.app.inject({ url, headers: { cookie: stranger } })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ url });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers['cache-control'] ?? '').not.toContain('immutable');
    // Names this app never writes.
    for (const file of ['x.webp', `${row?.hash}-m.webp`, `${row?.hash}-l.png`])
      expect(
        (
          await t.app.inject({
            url: `/c/spring/people/photos/${file}`,
            headers: { cookie: s.cookies.Bo },
          })
        ).statusCode,
      ).toBe(404);
  });

  it('gives a changed photo a new address; the old one is a 404', async () => {
    await postProfileWithPhoto(t, s.cookies.Ann, [], jpegPart(await cameraJpeg()));
    const [first] = await stored();
    const png = await sharp({
      create: { width: 300, height: 500, channels: 4, background: '#1d4ed8' },
    })
      .png()
      .toBuffer();
    const again = await postProfileWithPhoto(t, s.cookies.Ann, [], {
      filename: 'me.png',
      type: 'image/png',
      bytes: png,
    });
    expect(again.res.statusCode).toBe(303);
    const [second] = await stored();
    expect(second?.hash).not.toBe(first?.hash);
    const url = (hash?: string) => `/c/spring/people/photos/${hash}-l.webp`;
    const headers = { cookie: s.cookies.Bo };
    expect((await t.app.inject({ url: url(first?.hash), headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: url(second?.hash), headers })).statusCode).toBe(200);
  });

  it('keeps the photo when the form is saved without a file, and removes it when asked', async () => {
    await postProfileWithPhoto(t, s.cookies.Ann, [], jpegPart(await cameraJpeg()));
    const kept = await postProfileWithPhoto(t, s.cookies.Ann, [['intro', 'Still me']], null);
    expect(kept.res.statusCode).toBe(303);
    expect(await stored()).toHaveLength(1);
    const [row] = await stored();
    const removed = await postProfileWithPhoto(
      t,
      s.cookies.Ann,
      [['remove_photo', '1']],
      jpegPart(await cameraJpeg()),
    );
    expect(removed.res.statusCode).toBe(303);
    expect(await stored()).toEqual([]);
    const gone = await t.app.inject({
      url: `/c/spring/people/photos/${row?.hash}-l.webp`,
      headers: { cookie: s.cookies.Bo },
    });
    expect(gone.statusCode).toBe(404);
    const page = await t.app.inject({ url: profilePage, headers: { cookie: removed.cookie } });
    expect(page.body).not.toContain('avatar-photo');
    expect(page.body).not.toContain('name="remove_photo"');
  });
});

describe('refusing a file', () => {
  const cases: [
    string,
    () => Promise<{ filename: string; type: string; bytes: Buffer }>,
    RegExp,
  ][] = [
    [
      'a text file',
      async () => ({ filename: 'me.jpg', type: 'image/jpeg', bytes: Buffer.from('hello, world') }),
      /could not be read as a photo/,
    ],
    [
      'a GIF',
      async () => ({
        filename: 'me.gif',
        type: 'image/gif',
        bytes: await sharp({
          create: { width: 10, height: 10, channels: 3, background: '#000' },
        })
          .gif()
          .toBuffer(),
      }),
      /not a JPEG, PNG or WebP/,
    ],
    [
      'a JPEG cut off halfway',
      async () => {
        const whole = await cameraJpeg();
        return {
          filename: 'me.jpg',
          type: 'image/jpeg',
          bytes: whole.subarray(0, whole.length / 2),
        };
      },
      /could not be read as a photo/,
    ],
    [
      'an empty file',
      async () => ({ filename: 'me.jpg', type: 'image/jpeg', bytes: Buffer.alloc(0) }),
      /This file is empty/,
    ],
    [
      'a file over 2 MB',
      async () => ({
        filename: 'big.png',
        type: 'image/png',
        bytes: Buffer.concat([await cameraJpeg(), Buffer.alloc(2 * 1024 * 1024)]),
      }),
      /larger than 2 MB/,
    ],
  ];

  for (const [what, make, message] of cases) {
    it(`refuses ${what} with a 422, keeping the typed text and saving nothing`, async () => {
      const { res } = await postProfileWithPhoto(
        t,
        s.cookies.Ann,
        [
          ['intro', 'Typed before the photo'],
          ['time_band', 'evening'],
        ],
        await make(),
      );
      expect(res.statusCode).toBe(422);
      expect(textOf(res)).toMatch(message);
      expect(res.body).toContain('Typed before the photo');
      expect(res.body).toMatch(/name="time_band" value="evening" checked/);
      expect(res.body).toContain('aria-invalid="true"');
      expect(await t.database.db.select().from(profiles)).toEqual([]);
      expect(await stored()).toEqual([]);
    });
  }

  it('says it in Dutch to a Dutch reader', async () => {
    s = await seed(t, ['Ann'], { locale: 'nl' });
    const { res } = await postProfileWithPhoto(t, s.cookies.Ann, [], {
      filename: 'leeg.jpg',
      type: 'image/jpeg',
      bytes: Buffer.alloc(0),
    });
    expect(res.statusCode).toBe(422);
    expect(textOf(res)).toContain('Dit bestand is leeg');
  });

  it('checks the CSRF token of a multipart form', async () => {
    const { res } = await postProfileWithPhoto(
      t,
      s.cookies.Ann,
      [['intro', 'x']],
      jpegPart(await cameraJpeg()),
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect(await stored()).toEqual([]);
  });

  it('answers a broken multipart body with a 4xx, not a 500', async () => {
    const { body, type } = multipartBody([['intro', 'x']], []);
    const res = await t.app.inject({
      method: 'POST',
      url: profilePage,
      headers: { cookie: s.cookies.Ann, 'content-type': type },
      payload: body.subarray(0, body.length - 10),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const two = multipartBody(
      [],
      [
        { field: 'photo', filename: 'a.jpg', type: 'image/jpeg', bytes: Buffer.from('a') },
        { field: 'photo', filename: 'b.jpg', type: 'image/jpeg', bytes: Buffer.from('b') },
      ],
    );
    const many = await t.app.inject({
      method: 'POST',
      url: profilePage,
      headers: { cookie: s.cookies.Ann, 'content-type': two.type },
      payload: two.body,
    });
    expect(many.statusCode).toBeLessThan(500);
  });
});

describe('the photo as personal data', () => {
  it('is exported as the image itself and deleted with the account', async () => {
    await postProfileWithPhoto(t, s.cookies.Ann, [], jpegPart(await cameraJpeg()));
    const res = await t.app.inject({ url: '/settings/export', headers: { cookie: s.cookies.Ann } });
    const data = JSON.parse(res.body);
    expect(data.profilePhotos).toEqual([
      expect.objectContaining({
        cohort: 'spring',
        hash: expect.stringMatching(/^[0-9a-f]{32}$/),
        image: expect.stringMatching(/^data:image\/webp;base64,/),
      }),
    ]);
    const del = await submit(
      t.app,
      '/settings/delete',
      '/settings/delete',
      { email: 'ann@example.org' },
      s.cookies.Ann,
    );
    expect(del.res.statusCode).toBe(303);
    expect(await stored()).toEqual([]);
  });

  it('goes with the profile when the member leaves the cohort', async () => {
    await postProfileWithPhoto(t, s.cookies.Bo, [], jpegPart(await cameraJpeg()));
    expect(await stored()).toHaveLength(1);
    const left = await submit(t.app, '/c/spring/leave', '/c/spring/leave', {}, s.cookies.Bo);
    expect(left.res.statusCode).toBe(303);
    expect(await stored()).toEqual([]);
    expect(
      await t.database.db.select().from(profiles).where(eq(profiles.userId, s.ids.Bo)),
    ).toEqual([]);
  });
});
