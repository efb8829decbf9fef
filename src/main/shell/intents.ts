/**
 * What the quick page asks of its window, expressed as navigations so one page works in both
 * editions. In the browser edition they are real navigations (the tab goes to the main page);
 * in the desktop app the shell cancels them in `will-navigate` and acts instead:
 *
 * - `index.html#c=<conversationId>`: "Open in Parley": show that conversation in the main window.
 * - `quick.html?intent=hide`: hide the quick window and give focus back (desktop only).
 *
 * The renderer side builds them in src/renderer/src/quick/intents.ts (same spelling).
 */
export type QuickIntent = { kind: 'open'; conversationId: string } | { kind: 'hide' };

/** Conversation ids are ours (UUIDs); anything else in a URL is refused. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface IntentPages {
  /** The main page's URL (file:// in a build, the dev server in `npm run dev`). */
  mainPage: string;
  quickPage: string;
}

/** Same origin and path, `/` and `/index.html` being one page (the dev server serves both). */
export function samePage(url: URL, page: string): boolean {
  const target = new URL(page);
  const path = (u: URL) => u.pathname.replace(/\/index\.html$/, '/');
  return url.origin === target.origin && path(url) === path(target);
}

/** The intent a navigation from the quick window carries, or null if it is none of ours. */
export function intentFromUrl(raw: string, pages: IntentPages): QuickIntent | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (samePage(url, pages.mainPage)) {
    const id = new URLSearchParams(url.hash.slice(1)).get('c');
    return id && CONVERSATION_ID.test(id) ? { kind: 'open', conversationId: id } : null;
  }
  if (samePage(url, pages.quickPage) && url.searchParams.get('intent') === 'hide') return { kind: 'hide' };
  return null;
}

/** The main page's address showing one conversation (for a main window created to show it). */
export function conversationUrl(mainPage: string, conversationId: string): string {
  const url = new URL(mainPage);
  url.hash = `c=${encodeURIComponent(conversationId)}`;
  return url.href;
}
