// Thread keys: the strings in comments.thread, built, read and linked in one place.
import { describe, expect, it } from 'vitest';
import {
  exhibitThread,
  formatThreadKey,
  parseThreadKey,
  storyThread,
  threadHref,
  wallThread,
} from '../../server/core/thread-key.ts';

describe('thread keys', () => {
  it('are stored as exhibit:<room>/<exhibit> and wall:<id>, as before', () => {
    expect(formatThreadKey(exhibitThread('welcome', 'drawing'))).toBe('exhibit:welcome/drawing');
    expect(formatThreadKey(wallThread(42))).toBe('wall:42');
  });

  it('read back what they wrote', () => {
    for (const key of [
      exhibitThread('week-2', 'a-b-3'),
      wallThread(1),
      wallThread(2147483647),
      storyThread('week-2'),
    ]) {
      expect(parseThreadKey(formatThreadKey(key))).toEqual(key);
    }
    expect(parseThreadKey('exhibit:welcome/drawing')).toEqual({
      kind: 'exhibit',
      roomId: 'welcome',
      exhibitId: 'drawing',
    });
    expect(parseThreadKey('wall:7')).toEqual({ kind: 'wall', contributionId: 7 });
  });

  it('read nothing this app could not have written', () => {
    const malformed = [
      undefined,
      null,
      7,
      '',
      'exhibit:',
      'exhibit:welcome',
      'exhibit:welcome/',
      'exhibit:/drawing',
      'exhibit:welcome/drawing/more',
      'story:',
      'story:Week 2',
      'exhibit:Welcome/drawing',
      'exhibit:welcome/draw ing',
      'exhibit:../drawing',
      'wall:',
      'wall:0',
      'wall:-1',
      'wall:1.5',
      'wall:016',
      'wall:2147483648',
      'wall:7/8',
      'Wall:7',
      'feedback:1',
      ' wall:7',
    ];
    for (const raw of malformed) expect(parseThreadKey(raw), String(raw)).toBeNull();
  });

  it('link to the page that shows the thread', () => {
    expect(threadHref('spring', exhibitThread('welcome', 'drawing'), 'welcome')).toBe(
      '/c/spring/welcome/drawing',
    );
    expect(threadHref('spring', wallThread(9), 'sharing')).toBe('/c/spring/sharing/wall/9');
  });
});
