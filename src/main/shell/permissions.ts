import type { Session, WebContents } from 'electron';
import type { ShellPages } from './pages.ts';
import { isOwnPage, samePage } from './pages.ts';

/** Electron's permission names (the ones Session's handlers are called with). */
type Permission = Parameters<Parameters<Session['setPermissionCheckHandler']>[0] & object>[1];

export interface PermissionDeps {
  pages: ShellPages;
  /** Settings' quickPrompt.prefillFromClipboard: the one reason Parley reads the clipboard. */
  prefillFromClipboard(): boolean;
}

/**
 * What Parley's pages may use, and nothing else: writing to the clipboard (Copy), notifications,
 * and reading the clipboard only in the quick prompt when the person turned on "prefill from the
 * clipboard". Camera, microphone, location, MIDI, HID and the rest are refused, as is everything
 * asked by a page that is not Parley's own.
 */
export function permits(deps: PermissionDeps, permission: Permission | string, pageUrl: string): boolean {
  if (!isOwnPage(pageUrl, deps.pages)) return false;
  switch (permission) {
    case 'clipboard-sanitized-write':
    case 'notifications':
      return true;
    case 'clipboard-read':
      return samePage(new URL(pageUrl), deps.pages.quickPage) && deps.prefillFromClipboard();
    default:
      return false;
  }
}

type SessionPort = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** The asking page: the frame's own URL when Electron says it, else the window's page. */
function pageOf(details: { requestingUrl?: string }, contents: WebContents | null, fallback = ''): string {
  return details.requestingUrl || contents?.getURL() || fallback;
}

/** Installs one policy for both ways Chromium asks: a request (a prompt) and a check (a query). */
export function installPermissionHandlers(session: SessionPort, deps: PermissionDeps): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(permits(deps, permission, pageOf(details, contents))),
  );
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    permits(deps, permission, pageOf(details, contents, requestingOrigin)),
  );
}
