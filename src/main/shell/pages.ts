/**
 * Where the desktop app's two pages come from. A build serves them from Parley's own privileged
 * scheme (`parley://app/…`, see app-protocol.ts); only `npm run dev` (electron-vite's dev server,
 * never a packaged app) loads them from `ELECTRON_RENDERER_URL`, and only there are DevTools on.
 */

export const APP_SCHEME = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

export interface ShellPages {
  mainPage: string;
  quickPage: string;
}

export interface RendererSource extends ShellPages {
  /** `npm run dev` on an unpackaged app: the dev server's pages, DevTools allowed. */
  development: boolean;
}

/** Only a dev server on this machine may stand in for the built pages. */
function localDevServer(raw: string | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return local && (url.protocol === 'http:' || url.protocol === 'https:') ? url : null;
  } catch {
    return null;
  }
}

export function rendererSource(
  app: { isPackaged: boolean },
  env: Record<string, string | undefined>,
): RendererSource {
  const devServer =
    !app.isPackaged && env.NODE_ENV_ELECTRON_VITE === 'development'
      ? localDevServer(env.ELECTRON_RENDERER_URL)
      : null;
  const base = devServer?.href ?? `${APP_ORIGIN}/`;
  return {
    mainPage: new URL('index.html', base).href,
    quickPage: new URL('quick.html', base).href,
    development: devServer !== null,
  };
}

/**
 * Same scheme, host and path, `/` and `/index.html` being one page (the dev server serves both).
 * Not `origin`: a URL parser outside Chromium gives every custom-scheme URL the origin "null".
 */
export function samePage(url: URL, page: string): boolean {
  const target = new URL(page);
  // An origin alone ("parley://app", as permission checks give it) is the page at "/".
  const key = (u: URL) => `${u.protocol}//${u.host}${(u.pathname || '/').replace(/\/index\.html$/, '/')}`;
  return key(url) === key(target);
}

/** Whether `raw` is one of Parley's own pages (any fragment or query). */
export function isOwnPage(raw: string, pages: ShellPages): boolean {
  try {
    const url = new URL(raw);
    return samePage(url, pages.mainPage) || samePage(url, pages.quickPage);
  } catch {
    return false;
  }
}
