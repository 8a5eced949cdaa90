// Shared by the profile tests: a cohort on the demo course with some learners, the course
// organiser (from course.md, not enrolled), and posting the profile form with repeated fields
// (the languages checkboxes), which the common submit helper cannot send.
import type { LightMyRequestResponse } from 'fastify';
import { findUserByEmail } from '../../server/core/accounts.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import type { TestApp } from '../helpers/app.ts';
import { signIn, withCookies } from '../helpers/auth.ts';

export const profilePage = '/c/spring/profile';
export const peoplePage = '/c/spring/people';
/** Tuesday 10 March 2026: rooms "welcome" and "walking" are open, "walking" is this week's. */
export const today = new Date('2026-03-10T12:00:00Z');

/** The names the tests use; seed() signs in whichever it is given. */
export type Name = 'Ann' | 'Bo' | 'Cas' | 'Dee';

export interface Seeded {
  cohortId: number;
  cookies: Record<Name, string>;
  ids: Record<Name, number>;
  organiser: string;
}

export const emailOf = (name: string) =>
  `${name.replace(/\W/g, '').toLowerCase() || 'x'}@example.org`;

export async function seed(
  t: TestApp,
  names: string[],
  options: { locale?: 'nl' | 'en'; courseId?: string } = {},
): Promise<Seeded> {
  await t.reset();
  const cohort = await createCohort(t.database.db, {
    slug: 'spring',
    courseId: options.courseId ?? 'demo',
    startsOn: '2026-03-02',
  });
  t.setNow(today);
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};
  for (const name of names) {
    const email = emailOf(name);
    cookies[name] = await signIn(t, { email, name, cohorts: ['spring'], locale: options.locale });
    ids[name] = (await findUserByEmail(t.database.db, email))?.id ?? 0;
  }
  const organiser = await signIn(t, { email: 'organisers@example.org', name: 'Olga' });
  return {
    cohortId: cohort.id,
    cookies: cookies as Seeded['cookies'],
    ids: ids as Seeded['ids'],
    organiser,
  };
}

/** Opens the profile page for its CSRF token, then posts `fields` (pairs, so keys may repeat). */
export async function postProfile(
  t: TestApp,
  cookie: string,
  fields: [string, string][],
  headers: Record<string, string> = {},
): Promise<{ res: LightMyRequestResponse; cookie: string }> {
  const form = await t.app.inject({ url: profilePage, headers: { ...headers, cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${profilePage} (status ${form.statusCode})`);
  const jar = withCookies(cookie, form);
  const res = await t.app.inject({
    method: 'POST',
    url: profilePage,
    headers: { ...headers, cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([['_csrf', token], ...fields]).toString(),
  });
  return { res, cookie: withCookies(jar, res) };
}

export interface FilePart {
  field: string;
  filename: string;
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data body as a browser writes it: the fields, then the file parts. */
export function multipartBody(
  fields: [string, string][],
  files: FilePart[],
): { body: Buffer; type: string } {
  const boundary = '----salontest7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const [name, value] of fields)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

/** Posts the profile form as the browser does now (multipart), with an optional photo. */
export async function postProfileWithPhoto(
  t: TestApp,
  cookie: string,
  fields: [string, string][],
  photo: Omit<FilePart, 'field'> | null,
  options: { csrf?: boolean } = {},
): Promise<{ res: LightMyRequestResponse; cookie: string }> {
  const form = await t.app.inject({ url: profilePage, headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${profilePage} (status ${form.statusCode})`);
  const jar = withCookies(cookie, form);
  const { body, type } = multipartBody(
    options.csrf === false ? fields : [['_csrf', token], ...fields],
    // No file chosen: browsers still send the part, empty and without a name.
    [
      photo
        ? { field: 'photo', ...photo }
        : {
            field: 'photo',
            filename: '',
            type: 'application/octet-stream',
            bytes: Buffer.alloc(0),
          },
    ],
  );
  const res = await t.app.inject({
    method: 'POST',
    url: profilePage,
    headers: { cookie: jar, 'content-type': type },
    payload: body,
  });
  return { res, cookie: withCookies(jar, res) };
}
