// Where the browser may be sent back to when the address comes from the client.
const probe = 'http://salon.invalid';

/**
 * A path on our own site to send the browser to, or null. Every redirect target or "back"
 * link that comes from the client goes through here: anything else makes us an open redirect.
 * Browsers read `\` as `/` and drop tabs and newlines, so `/\evil`, `/\t/evil` and `//evil`
 * all leave the site; the same spelled with %-escapes is refused too, since a proxy or a
 * later decode may undo them.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  // Printable ASCII only: a header cannot carry more, and nothing of ours needs it.
  if (!/^\/[\x21-\x7e]*$/.test(value)) return null;
  if (!isLocalPath(value)) return null;
  // Only the path decides where a browser goes; what follows ? or # may hold anything escaped.
  let decoded = value.replace(/[?#].*$/s, '');
  for (let i = 0; i < 3; i++) {
    if (!isLocalPath(decoded)) return null;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (next === decoded) return value;
    decoded = next;
  }
  return null;
}

function isLocalPath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return false;
  if (/\p{Cc}/u.test(path)) return false;
  try {
    return new URL(path, probe).origin === probe;
  } catch {
    return false;
  }
}
