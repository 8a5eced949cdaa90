// What an exhibit may play: embedded players from privacy-enhanced hosts only (these are
// also the only origins the CSP lets the page frame), and audio or video files from the
// course's media folder. One list, so the schema and the CSP cannot drift apart.

interface EmbedHost {
  host: string;
  path: RegExp;
  /** Query parameters the address must carry, e.g. Vimeo's "do not track". */
  params?: Record<string, string>;
  example: string;
}

export const embedHosts: readonly EmbedHost[] = [
  {
    host: 'www.youtube-nocookie.com',
    path: /^\/embed\/[\w-]+$/,
    example: 'https://www.youtube-nocookie.com/embed/VIDEO_ID',
  },
  {
    host: 'player.vimeo.com',
    path: /^\/video\/\d+$/,
    params: { dnt: '1' },
    example: 'https://player.vimeo.com/video/NUMBER?dnt=1',
  },
];

/** For the CSP's frame-src. */
export const embedOrigins = embedHosts.map((h) => `https://${h.host}`);

/** Why an embed address is refused, or null when it is a privacy-enhanced player. */
export function embedProblem(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    u = new URL('invalid:');
  }
  const host = embedHosts.find((h) => h.host === u.hostname);
  const examples = embedHosts.map((h) => h.example).join(' or ');
  if (u.protocol !== 'https:' || !host || u.port || u.username || !host.path.test(u.pathname))
    return `must be the address of a privacy-enhanced player, ${examples} (got "${value}")`;
  for (const [name, wanted] of Object.entries(host.params ?? {}))
    if (u.searchParams.get(name) !== wanted)
      return `must carry ?${name}=${wanted} so ${host.host} does not track the learner, e.g. ${host.example}`;
  return null;
}

export const embedHost = (value: string) => new URL(value).hostname;

const audio = ['mp3', 'm4a', 'aac', 'ogg', 'oga', 'opus', 'wav', 'flac'];
const video = ['mp4', 'm4v', 'webm', 'ogv', 'mov'];
export const mediaFilePattern = new RegExp(`^[\\w.-]+\\.(${[...audio, ...video].join('|')})$`, 'i');
export const mediaFileKinds = `${audio.join(', ')} for sound; ${video.join(', ')} for video`;

/** Which element plays the file: by its extension, whatever the exhibit's kind. */
export function playerElement(file: string): 'audio' | 'video' {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return video.includes(ext) ? 'video' : 'audio';
}

/** A transcript that names a Markdown file in media/ instead of being the text itself. */
export const transcriptFilePattern = /^[\w.-]+\.md$/i;
