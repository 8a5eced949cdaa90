// A find on the wall is its author's, as a comment is: they edit it and take it down; nobody
// else can. Links are taken as people type them ("jarche.com").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findContribution } from '../../server/conversation/wall.ts';
import { createCohort } from '../../server/core/cohorts.ts';
import { buildTestApp, type TestApp, textOf } from '../helpers/app.ts';
import { signIn, submit } from '../helpers/auth.ts';

let t: TestApp;
let ann = '';
let bo = '';
const wall = '/c/spring/welcome/wall';

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await createCohort(t.database.db, { slug: 'spring', courseId: 'demo', startsOn: '2026-03-02' });
  t.setNow(new Date('2026-03-10T12:00:00Z'));
  ann = await signIn(t, { email: 'ann@example.org', name: 'Ann', cohorts: ['spring'] });
  bo = await signIn(t, { email: 'bo@example.org', name: 'Bo', cohorts: ['spring'] });
});

async function hangUp(fields: Record<string, string>) {
  const { res } = await submit(t.app, wall, wall, fields, ann);
  expect(res.statusCode).toBe(303);
  return Number(/#item-(\d+)$/.exec(res.headers.location ?? '')?.[1]);
}
const view = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });

describe('a find on the wall', () => {
  it('takes a bare address as https', async () => {
    const id = await hangUp({ title: 'Harold', url: 'jarche.com', note: 'PKM at the source.' });
    expect((await findContribution(t.database.db, id))?.url).toBe('https://jarche.com/');
    const bad = await submit(t.app, wall, wall, { title: 'x', url: 'not a link', note: 'n' }, ann);
    expect(bad.res.statusCode).toBe(422);
    expect(bad.res.body).toContain('value="not a link"');
  });

  it('is edited by its author, with the typed text kept on a refusal', async () => {
    const id = await hangUp({ title: 'Old title', url: '', note: 'Old note.' });
    const item = `${wall}/${id}`;
    const page = await view(ann, item);
    expect(page.body).toContain(`href="${item}/edit"`);
    expect(page.body).toContain(`action="${item}/delete"`);
    const form = await view(ann, `${item}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Old title"');
    expect(form.body).toContain('Old note.</textarea>');

    const refused = await submit(
      t.app,
      `${item}/edit`,
      `${item}/edit`,
      { title: ' ', url: 'jarche.com', note: 'Kept note.' },
      ann,
    );
    expect(refused.res.statusCode).toBe(422);
    expect(textOf(refused.res)).toContain('Please give your find a title.');
    expect(refused.res.body).toContain('Kept note.</textarea>');

    const saved = await submit(
      t.app,
      `${item}/edit`,
      `${item}/edit`,
      { title: 'New title', url: 'jarche.com', note: 'A *new* note.' },
      ann,
    );
    expect(saved.res.statusCode).toBe(303);
    expect(saved.res.headers.location).toBe(item);
    const after = await view(bo, item);
    expect(textOf(after)).toContain('New title');
    expect(after.body).toContain('<em>new</em>');
    expect(after.body).toContain('href="https://jarche.com/"');
  });

  it('is taken down by its author with its thread, and by nobody else', async () => {
    const id = await hangUp({ title: 'Mine', url: '', note: 'Note.' });
    const item = `${wall}/${id}`;
    await submit(t.app, item, `${item}/comments`, { body: 'Nice one' }, bo);
    // Another member sees neither action and cannot use them.
    const seen = await view(bo, item);
    expect(seen.body).not.toContain(`${item}/edit`);
    expect((await view(bo, `${item}/edit`)).statusCode).toBe(404);
    const edit = await submit(t.app, item, `${item}/edit`, { title: 'Hacked', note: 'x' }, bo);
    expect(edit.res.statusCode).toBe(404);
    expect((await submit(t.app, item, `${item}/delete`, {}, bo)).res.statusCode).toBe(404);
    expect((await findContribution(t.database.db, id))?.title).toBe('Mine');

    const gone = await submit(t.app, item, `${item}/delete`, {}, ann);
    expect(gone.res.statusCode).toBe(303);
    expect(gone.res.headers.location).toBe(wall);
    expect(await findContribution(t.database.db, id)).toBeNull();
    expect((await view(bo, item)).statusCode).toBe(404);
    expect(textOf(await view(gone.cookie, wall))).toContain(
      'Your find has been taken off the wall.',
    );
  });
});
