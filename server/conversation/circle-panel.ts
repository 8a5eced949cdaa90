// A thread on another feature's page (a circle's space): the same thread an exhibit has, with
// its form, replies, likes, edits and reports; the page's owner has already said this member
// may read it, and whether they may post.
import type { OwnThreadView } from '../core/plugin.ts';
import { loadThread } from './thread.ts';

export async function ownThreadPanel(view: OwnThreadView) {
  const { app, request, member, key, href, roomId, readOnly, state } = view;
  const thread = await loadThread(app, request, member, { key, href, roomId }, state);
  thread.readOnly = readOnly;
  // A guest reads only: no organiser's buttons (spotlight, hide) on comments it may not touch.
  if (readOnly) thread.organises = false;
  return { thread };
}
