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
