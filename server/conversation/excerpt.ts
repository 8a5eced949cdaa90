// A comment's stored HTML as a short line of plain text, for mail that quotes it.
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

export function excerpt(html: string, max = 200): string {
  const text = plain(html);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
