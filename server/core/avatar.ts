// A face for every person before they upload one: their initials on a colour derived from the
// name, so the same person looks the same everywhere. Twelve tones, each dark enough for
// white initials at AA contrast (static/css/130-avatar.css); a class, not an inline style,
// because the content security policy allows no inline styles.
const tones = 12;

export interface Avatar {
  initials: string;
  tone: number;
}

export function avatarOf(name: string | null | undefined): Avatar {
  const words = (name ?? '').trim().split(/\s+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0] ?? ''];
  // Whole characters (an emoji or an accented letter is one), upper-cased per locale rules.
  const initials = letters
    .map((w) => [...(w ?? '')].find((c) => /[\p{L}\p{N}]/u.test(c)) ?? '')
    .join('')
    .toLocaleUpperCase();
  let hash = 0;
  for (const c of name ?? '') hash = (hash * 31 + (c.codePointAt(0) ?? 0)) >>> 0;
  return { initials: initials || '?', tone: hash % tones };
}

export type AvatarSize = 's' | 'm' | 'l';

const pixels: Record<AvatarSize, number> = { s: 28, m: 36, l: 56 };
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The face as markup, for templates that show many people (`<%~ it.avatar(name, 's') %>`): a
 * call instead of an include, because a thread draws one per comment and every include copies
 * the template's whole data. Decorative, so the name must be written beside it. Initials are
 * letters and digits only (or "?"), so there is nothing in them to escape. With `photo` (the
 * URL of the person's own photo) the photo is shown instead; its alt text is the name, for when
 * it does not load, but it stays hidden from screen readers like the initials, since the name
 * is written beside it.
 */
export function avatarHtml(
  name: string | null | undefined,
  size: AvatarSize = 'm',
  photo?: string | null,
): string {
  if (photo) {
    const px = pixels[size];
    return `<img class="avatar avatar-${size} avatar-photo" src="${escapeHtml(photo)}" alt="${escapeHtml(name ?? '')}" width="${px}" height="${px}" loading="lazy" decoding="async" aria-hidden="true">`;
  }
  const a = avatarOf(name);
  return `<span class="avatar avatar-${size} tone-${a.tone}" aria-hidden="true">${a.initials}</span>`;
}
