import type { BrowserWindowConstructorOptions, NativeImage, Shell, WebContents } from 'electron';

/**
 * Security settings every Parley window shares. DevTools only in development (`npm run dev`):
 * a built app has no way to open them, from a menu, a shortcut or the page.
 */
export function secureWebPreferences(
  preload: string,
  options: { devTools: boolean },
): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    devTools: options.devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
  };
}

export function mainWindowOptions(
  preload: string,
  bounds: { width: number; height: number; x?: number; y?: number },
  options: { devTools: boolean; icon?: NativeImage | null },
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    ...(options.icon ? { icon: options.icon } : {}),
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Parley',
    backgroundColor: '#1e1f22',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload, { devTools: options.devTools }),
  };
}

/** Only plain web links leave the app, and only to the system browser. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * Denies navigation away from our page, new windows and webviews; safe http(s) links a person
 * clicked open in the system browser instead.
 */
export function hardenWebContents(
  contents: WebContents,
  shell: Pick<Shell, 'openExternal'>,
  isOwnPage: (url: string) => boolean,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) {
      event.preventDefault();
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
