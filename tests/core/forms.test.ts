// The forms kit on its own: what every form does to typed text, numbers and links, and how
// its messages are built. The routes' own tests show each form uses it.
import { describe, expect, it } from 'vitest';
import {
  errorList,
  type FieldErrors,
  fieldError,
  hasErrors,
  httpUrl,
  integer,
  length,
  text,
  urlMax,
} from '../../server/core/forms.ts';

describe('text: one line', () => {
  it('is a single trimmed line, whatever separates the words', () => {
    expect(text('  Meet\r\nBcc: evil@example.org ')).toBe('Meet Bcc: evil@example.org');
    expect(text('a\rb\nc\u2028d\u2029e\tf\u000bg\u0085h')).toBe('a b c d e f g h');
    expect(text('bell\u0007\u0007here, escape\u001b[0m')).toBe('bell here, escape [0m');
    expect(text('many    spaces\u00a0and\u3000wide')).toBe('many spaces and wide');
  });

  it('drops NUL without joining the words around it into a space', () => {
    expect(text('Jo\u0000hn')).toBe('John');
  });

  it('keeps format characters and every script', () => {
    // The zero-width joiner builds the emoji; it is not a control character.
    expect(text('👩🏽‍🎓 李小龍 محمد')).toBe('👩🏽‍🎓 李小龍 محمد');
  });

  it('is empty for anything but a string', () => {
    for (const raw of [undefined, null, 3, ['a', 'b'], { a: 1 }]) expect(text(raw)).toBe('');
  });
});

describe('text: several lines', () => {
  it('makes every line end \\n and drops NUL, keeping the rest as typed', () => {
    expect(text('one\r\ntwo\rthree\nfour', { multiline: true })).toBe('one\ntwo\nthree\nfour');
    expect(text('  a\u0000b\t\n\n', { multiline: true })).toBe('  ab\t\n\n');
    // Control characters other than NUL are kept: the edit form gives back what was typed.
    expect(text('red\u001b[0m\u0007', { multiline: true })).toBe('red\u001b[0m\u0007');
  });
});

describe('text: max', () => {
  it('cuts to max characters, counting an emoji as one', () => {
    expect(text('abcdef', { max: 3 })).toBe('abc');
    expect(text('😀😀😀', { max: 2 })).toBe('😀😀');
    expect(text('short', { max: 500 })).toBe('short');
  });

  it('cuts after trimming, so leading spaces do not use up the room', () => {
    expect(text(`   ${'x'.repeat(600)}`, { max: 500 })).toBe('x'.repeat(500));
  });

  it('never leaves half a surrogate pair', () => {
    // 250 UTF-16 units would end inside the 125th emoji.
    expect(text(`a${'😀'.repeat(300)}`, { max: 250 })).toBe(`a${'😀'.repeat(249)}`);
  });
});

describe('length', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(length('😀')).toBe(1);
    expect(length('café')).toBe(4);
    expect(length('')).toBe(0);
  });
});

describe('integer', () => {
  it('reads plain decimal digits within the range, spaces around allowed', () => {
    expect(integer('12')).toBe(12);
    expect(integer(' 7 ', { min: 1, max: 10 })).toBe(7);
    expect(integer('0')).toBe(0);
    expect(integer('100000', { min: 1, max: 100_000 })).toBe(100_000);
  });

  it('refuses anything else', () => {
    const refused = ['', '1.5', '-1', '+5', '0x10', '1e3', '016', '1 2', 'ten', '2147483648'];
    for (const raw of refused) expect(integer(raw), raw).toBeNull();
    expect(integer('0', { min: 1 })).toBeNull();
    expect(integer('6', { min: 1, max: 5 })).toBeNull();
    expect(integer(5)).toBeNull();
    expect(integer(['5'])).toBeNull();
  });
});

describe('httpUrl', () => {
  it('accepts http(s) links and normalises them', () => {
    expect(httpUrl('https://example.org')).toBe('https://example.org/');
    expect(httpUrl('  HTTP://Example.org/a b ')).toBe('http://example.org/a%20b');
  });

  it('reads an address without a scheme as https', () => {
    expect(httpUrl('jarche.com/blog')).toBe('https://jarche.com/blog');
    expect(httpUrl('www.example.org?q=1')).toBe('https://www.example.org/?q=1');
  });

  it('refuses other schemes and what is not a link', () => {
    const refused = [
      '',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'mailto:ann@example.org',
      'ftp://example.org/file',
      'localhost',
      'not a link',
      'exa\nmple.com',
      '//example.org',
    ];
    for (const raw of refused) expect(httpUrl(raw), raw).toBeNull();
    expect(httpUrl(undefined)).toBeNull();
  });

  it('refuses a link longer than urlMax once normalised', () => {
    const base = 'https://example.org/';
    expect(httpUrl(base + 'a'.repeat(urlMax - base.length))).toHaveLength(urlMax);
    expect(httpUrl(base + 'a'.repeat(urlMax - base.length + 1))).toBeNull();
    // é is stored as %C3%A9: what counts is the stored length, not the typed one.
    expect(httpUrl(base + 'é'.repeat(400))).toBeNull();
  });
});

describe('field errors', () => {
  it('builds a message with its values, or without any', () => {
    expect(fieldError('meetup.error.tooLong', { max: 120 })).toEqual({
      key: 'meetup.error.tooLong',
      params: { max: 120 },
    });
    expect(fieldError('wall.titleRequired')).toStrictEqual({ key: 'wall.titleRequired' });
  });

  it('says whether a form has any message', () => {
    expect(hasErrors({})).toBe(false);
    expect(hasErrors(undefined)).toBe(false);
    expect(hasErrors({ title: undefined })).toBe(false);
    expect(hasErrors({ title: fieldError('wall.titleRequired') })).toBe(true);
  });

  it('lists the messages in the form’s order, not the order they were found', () => {
    const errors: FieldErrors<'title' | 'place' | 'capacity'> = {
      capacity: fieldError('meetup.error.capacity', { max: 5 }),
      title: fieldError('meetup.error.titleRequired'),
    };
    expect(errorList(errors, ['title', 'place', 'capacity'])).toEqual([
      { field: 'title', key: 'meetup.error.titleRequired' },
      { field: 'capacity', key: 'meetup.error.capacity', params: { max: 5 } },
    ]);
  });
});
