import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import { installPermissionHandlers, permits } from '../../src/main/shell/permissions.ts';
import { pages } from './electron-fakes.ts';

/** The permissions Chromium asks for that Parley never uses. */
const refused = [
  'media',
  'geolocation',
  'midi',
  'midiSysex',
  'hid',
  'serial',
  'usb',
  'display-capture',
  'fullscreen',
  'pointerLock',
  'openExternal',
  'idle-detection',
  'window-management',
  'storage-access',
  'unknown',
];

/** A Session that keeps the handlers Parley installs, to ask them as Chromium would. */
function fakeSession() {
  const handlers: {
    request?: Parameters<Session['setPermissionRequestHandler']>[0];
    check?: Parameters<Session['setPermissionCheckHandler']>[0];
  } = {};
  const session = {
    setPermissionRequestHandler: (h: typeof handlers.request) => void (handlers.request = h),
    setPermissionCheckHandler: (h: typeof handlers.check) => void (handlers.check = h),
  };
  const contents = (url: string) => ({ getURL: () => url }) as unknown as WebContents;
  return {
    session,
    ask(permission: string, url: string, requestingUrl: string | undefined = url): Promise<boolean> {
      return new Promise((resolve) =>
        handlers.request!(contents(url), permission as never, resolve, {
          requestingUrl,
          isMainFrame: true,
        } as never),
      );
    },
    check(permission: string, url: string | null, origin: string, requestingUrl?: string): boolean {
      return handlers.check!(url === null ? null : contents(url), permission as never, origin, {
        requestingUrl,
        isMainFrame: true,
      } as never);
    },
  };
}

describe('permissions', () => {
  it('grants clipboard writes and notifications to Parley’s pages, and nothing else', () => {
    const deps = { pages, prefillFromClipboard: () => true };
    for (const page of [pages.mainPage, pages.quickPage]) {
      expect(permits(deps, 'clipboard-sanitized-write', page)).toBe(true);
      expect(permits(deps, 'notifications', page)).toBe(true);
      for (const permission of refused) expect(permits(deps, permission, page), permission).toBe(false);
    }
  });

  it('reads the clipboard only in the quick prompt, and only with "prefill from clipboard" on', () => {
    let prefill = false;
    const deps = { pages, prefillFromClipboard: () => prefill };
    expect(permits(deps, 'clipboard-read', pages.quickPage)).toBe(false);
    prefill = true;
    expect(permits(deps, 'clipboard-read', pages.quickPage)).toBe(true);
    expect(permits(deps, 'clipboard-read', pages.mainPage)).toBe(false);
  });

  it('grants nothing to a page that is not Parley’s', () => {
    const deps = { pages, prefillFromClipboard: () => true };
    for (const url of ['https://evil.test/', 'file:///etc/passwd', 'parley://other/index.html', '']) {
      expect(permits(deps, 'clipboard-sanitized-write', url), url).toBe(false);
      expect(permits(deps, 'notifications', url), url).toBe(false);
    }
  });

  it('installs the same policy for requests and checks', async () => {
    const fake = fakeSession();
    installPermissionHandlers(fake.session, { pages, prefillFromClipboard: () => false });
    expect(await fake.ask('clipboard-sanitized-write', pages.mainPage)).toBe(true);
    expect(await fake.ask('media', pages.mainPage)).toBe(false);
    expect(await fake.ask('geolocation', pages.quickPage)).toBe(false);
    expect(await fake.ask('clipboard-read', pages.quickPage)).toBe(false);
    // A frame inside our page asks with its own URL.
    expect(await fake.ask('notifications', pages.mainPage, 'https://ads.test/frame')).toBe(false);

    expect(fake.check('clipboard-sanitized-write', pages.mainPage, 'parley://app')).toBe(true);
    expect(fake.check('notifications', null, 'parley://app')).toBe(true);
    expect(fake.check('notifications', null, 'https://evil.test')).toBe(false);
    expect(fake.check('media', pages.mainPage, 'parley://app', pages.mainPage)).toBe(false);
    expect(fake.check('hid', pages.quickPage, 'parley://app')).toBe(false);
  });
});
