// Signs a new learner into a running Salon the way a person does: enrol form → mail (read
// from the development transport's .eml files) → link → "Sign in" button. Used by the
// benchmark and Lighthouse scripts, which need to see the members-only pages.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Cookie header from a response's Set-Cookie lines, merged into `jar`. */
function remember(jar: Map<string, string>, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
}

const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

async function postForm(
  base: string,
  page: string,
  action: string,
  jar: Map<string, string>,
  fields: Record<string, string>,
) {
  const form = await fetch(`${base}${page}`, { headers: { cookie: header(jar) } });
  remember(jar, form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error(`no form on ${page} (${form.status})`);
  const res = await fetch(`${base}${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, ...fields }),
  });
  remember(jar, res);
  return res;
}

async function waitForLink(mailDir: string, email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const files = await readdir(mailDir).catch(() => [] as string[]);
    for (const file of files.sort().reverse()) {
      // Quoted-printable may fold long lines with a trailing "=": unfold before searching.
      const raw = (await readFile(path.join(mailDir, file), 'utf8')).replace(/=\r?\n/g, '');
      const link = /\/auth\/([a-z2-7]+)/.exec(raw)?.[1];
      if (raw.includes(email) && link) return link;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no sign-in mail for ${email} in ${mailDir}`);
}

/** Enrols `email` in the cohort at `cohortPath` and returns a Cookie header with the session. */
export async function signInThroughMail(
  base: string,
  dataDir: string,
  cohortPath: string,
  email: string,
): Promise<string> {
  const jar = new Map<string, string>();
  const enrol = await postForm(base, cohortPath, `${cohortPath}/enrol`, jar, {
    name: 'Bench Mark',
    email,
  });
  if (enrol.status !== 303) throw new Error(`enrolment answered ${enrol.status}`);
  const token = await waitForLink(path.join(dataDir, 'mail'), email);
  const confirm = await postForm(base, `/auth/${token}`, `/auth/${token}`, jar, {});
  if (confirm.status !== 303) throw new Error(`sign-in answered ${confirm.status}`);
  const session = [...jar].find(([k]) => k.endsWith('salon_session'));
  if (!session) throw new Error('no session cookie after sign-in');
  return `${session[0]}=${session[1]}`;
}
