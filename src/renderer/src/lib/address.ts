/**
 * What the main page's address asks for, in its fragment (the quick page's "Open in Parley" and
 * the desktop shell use it): `#c=<conversationId>` opens a conversation, `#new` starts a new chat.
 * The same spelling as src/main/shell/intents.ts.
 */
export type AddressTarget = { kind: 'open'; conversationId: string } | { kind: 'new' };

/** Conversation ids are ours (UUIDs); anything else in an address is ignored. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

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
