/**
 * The main page's address, as the one way to open it at a conversation or a new chat: the desktop
 * shell loads a new main window with it, the browser edition's quick page goes to it ("Open in
 * Parley"), and the main page reads it once at load. `#c=<conversationId>` opens a conversation,
 * `#new` starts a new chat.
 */
export type AddressTarget = { kind: 'open'; conversationId: string } | { kind: 'new' };

/** The main page's file, relative to the other pages (resolve it against the quick page's URL). */
export const MAIN_PAGE = 'index.html';

/** Conversation ids are ours (UUIDs); anything else in an address is ignored. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `index.html#c=<id>` or `index.html#new`, resolved against `base` when given. */
export function mainPageAddress(target: AddressTarget, base?: string): string {
  const fragment = target.kind === 'new' ? 'new' : `c=${encodeURIComponent(target.conversationId)}`;
  const relative = `${MAIN_PAGE}#${fragment}`;
  return base === undefined ? relative : new URL(relative, base).href;
}

export function readAddress(hash: string): AddressTarget | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment) return null;
  if (fragment === 'new') return { kind: 'new' };
  const params = new URLSearchParams(fragment);
  if (params.has('new')) return { kind: 'new' };
  const id = params.get('c');
  return id && CONVERSATION_ID.test(id) ? { kind: 'open', conversationId: id } : null;
}

/** The address without its fragment, so a reload does not act on it again. */
export function withoutFragment(location: { pathname: string; search: string }): string {
  return location.pathname + location.search;
}
