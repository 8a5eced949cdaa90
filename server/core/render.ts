// What learners write: a small, safe Markdown subset (emphasis, links, lists, quotes, code),
// rendered once when saved and then sanitised, so pages only ever print stored HTML.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

export const bodyMax = 10_000;

const markdown = new MarkdownIt('zero', { html: false, linkify: true, breaks: true }).enable([
  'paragraph',
  'newline',
  'emphasis',
  'link',
  'linkify',
  'list',
  'blockquote',
  'backticks',
  'code',
  'fence',
  'escape',
  'entity',
  'autolink',
  'text_join',
]);

const policy: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre'],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    // Links written by learners carry no endorsement and cannot reach back into our page.
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }),
  },
};

export function renderBody(text: string): string {
  return sanitizeHtml(markdown.render(text), policy);
}

/**
 * http(s) URLs only, for the url fields (wall, hand-ins); returns the normalised URL or null.
 * People type addresses as they say them ("jarche.com/blog"): without a scheme, https is meant.
 */
export function checkUrl(raw: string): string | null {
  const typed = raw.trim();
  const bare = !/^[a-z][a-z0-9+.-]*:/i.test(typed) && /^[^\s/?#]+\.[^\s/?#]+/.test(typed);
  try {
    const url = new URL(bare ? `https://${typed}` : typed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
