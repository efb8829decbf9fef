/**
 * What the quick page asks of its window, as navigations, so one page works in both editions
 * (the desktop shell reads them in src/main/quick/intents.ts, same spelling):
 *
 * - Open in Parley: go to the main page at `index.html#c=<id>`. In the browser edition this is
 *   a real navigation (the main page opens that conversation); the desktop shell cancels it and
 *   shows the conversation in the main window instead.
 * - Hide: `quick.html?intent=hide`. Desktop only: the shell cancels it, hides the window and
 *   gives focus back to the app that had it. The browser edition has no window to hide.
 */
export function openInParleyUrl(conversationId: string, base: string): string {
  const url = new URL('index.html', base);
  url.hash = `c=${encodeURIComponent(conversationId)}`;
  return url.href;
}

export function hideUrl(base: string): string {
  const url = new URL('quick.html', base);
  url.search = '?intent=hide';
  return url.href;
}

/** If a hide ever reached the page (no shell to cancel it), forget it instead of acting on reload. */
export function dropStaleIntent(
  location: { search: string; pathname: string; hash: string },
  history: { replaceState(data: unknown, unused: string, url: string): void },
): void {
  if (new URLSearchParams(location.search).has('intent')) {
    history.replaceState(null, '', location.pathname + location.hash);
  }
}
