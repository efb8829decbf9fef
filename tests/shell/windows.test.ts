import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { hardenWebContents, isSafeExternalUrl, mainWindowOptions } from '../../src/main/shell/windows.ts';
import { emitPreventable } from './electron-fakes.ts';

/** Just enough of WebContents to record what the shell installs on it. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  navigate(event: string, url: string): boolean {
    return emitPreventable(this, event, url);
  }
}

function harden() {
  const contents = new FakeContents();
  const opened: string[] = [];
  hardenWebContents(
    contents as unknown as WebContents,
    { openExternal: async (url: string) => void opened.push(url) },
    (url) => url.startsWith('file:///app/out/renderer/'),
  );
  return { contents, opened };
}

describe('window security', () => {
  it('creates windows isolated, sandboxed, without Node and with web security on', () => {
    const prefs = mainWindowOptions(
      '/app/preload.js',
      { width: 1000, height: 700 },
      { devTools: false },
    ).webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.js',
      devTools: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('gives the main window the icon it is handed, and none when there is none (macOS)', () => {
    const icon = { isEmpty: () => false } as unknown as Electron.NativeImage;
    const bounds = { width: 1000, height: 700 };
    expect(mainWindowOptions('/p.js', bounds, { devTools: false, icon }).icon).toBe(icon);
    expect(mainWindowOptions('/p.js', bounds, { devTools: false, icon: null })).not.toHaveProperty('icon');
  });

  it('denies every new window and sends only safe web links to the system browser', () => {
    const { contents, opened } = harden();
    for (const url of [
      'https://example.com/a',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://u:p@evil.test/',
    ]) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.com/a']);
  });

  it('blocks navigation away from the app page and webviews', () => {
    const { contents, opened } = harden();
    expect(contents.navigate('will-navigate', 'https://phish.test/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///app/out/renderer/index.html')).toBe(false);
    expect(contents.navigate('will-redirect', 'http://evil.test/')).toBe(true);
    expect(contents.navigate('will-attach-webview', 'x')).toBe(true);
    expect(opened).toEqual(['https://phish.test/']);
  });

  it('accepts only plain http(s) URLs as external', () => {
    expect(isSafeExternalUrl('https://openai.com')).toBe(true);
    expect(isSafeExternalUrl('http://localhost:8080/x')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'smb://host/share',
      'not a url',
      'vbscript:x',
    ]) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });
});
