// Templates take their form pieces from one place: the CSRF field from reply.page
// (`<%~ it.csrfField %>`), labelled inputs from views/partials/field.eta. A copy spelled out
// by hand is how the field names and escaping drifted before.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/app.ts';

const views = path.join(root, 'views');

/** Posted from a signed link in a mail, with no session to protect: no CSRF token. */
const signedLinkForms = ['digest/unsubscribe.eta', 'meetup/rsvp.eta'];

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return templates(full);
    return name.endsWith('.eta') ? [full] : [];
  });
}

const files = templates(views).map((file) => ({
  name: path.relative(views, file),
  source: readFileSync(file, 'utf8'),
}));

// A start tag, read past Eta tags inside it (their `%>` is not the tag's end).
const formTag = /<form\b(?:<%[\s\S]*?%>|[^>])*>/g;

/** Each POST form in a template, up to its end tag (or the template's end, for a partial). */
function postForms(source: string): string[] {
  return [...source.matchAll(formTag)]
    .filter((m) => /\bmethod="post"/i.test(m[0]))
    .map((m) => {
      const rest = source.slice(m.index);
      const end = rest.indexOf('</form>');
      return end < 0 ? rest : rest.slice(0, end);
    });
}

describe('form pieces in templates', () => {
  it('finds the forms it checks (a broken reader would pass everything)', () => {
    const forms = files.flatMap((f) => postForms(f.source));
    expect(forms.length).toBeGreaterThan(30);
    expect(postForms('<form class="x" action="<%= a %>" method="post"><b></b></form>')).toEqual([
      '<form class="x" action="<%= a %>" method="post"><b></b>',
    ]);
  });

  it('writes no CSRF input by hand', () => {
    const spelled = files.filter((f) => /name=["']?_csrf/.test(f.source)).map((f) => f.name);
    expect(spelled).toEqual([]);
  });

  it('gives every POST form the CSRF field, except those posted from a signed link', () => {
    const without = files
      .filter((f) => postForms(f.source).some((form) => !form.includes('<%~ it.csrfField %>')))
      .map((f) => f.name);
    expect(without.sort()).toEqual(signedLinkForms);
  });

  it('has one field partial', () => {
    const partials = files.filter((f) => /(^|\/)_?field\.eta$/.test(f.name)).map((f) => f.name);
    expect(partials).toEqual(['partials/field.eta']);
  });
});
