import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CustomScheme } from 'electron';
import { APP_SCHEME } from './pages.ts';

/**
 * `parley://app/…`: the built renderer served from Parley's own scheme instead of `file://`, so the
 * pages have a real origin of their own (a secure context with `'self'` meaning only Parley's
 * files) and no page can reach the rest of the disk. Register before the app is ready.
 */
// No `corsEnabled`: without it no other origin can read these files (same-origin loads need none).
export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/**
 * The file under `root` that a `parley://app/…` address names, or null for anything else: another
 * host, a path that climbs out of `root` (`..`, encoded or not), a backslash or a NUL.
 */
export function appFileFor(root: string, address: string): string | null {
  let url: URL;
  let path: string;
  try {
    url = new URL(address);
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'app') return null;
  if (!path.startsWith('/') || path.includes('\\') || path.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
  return file.startsWith(base + sep) ? file : null;
}

/**
 * The `protocol.handle` handler: GET and HEAD of files under `root`, nothing else. `fetchFile`
 * is Electron's `net.fetch` (which knows each file's type); tests pass a reader of their own.
 */
export function appProtocolHandler(
  root: string,
  fetchFile: (fileUrl: string) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const file = appFileFor(root, request.url);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return new Response('Not found', { status: 404 });
    return fetchFile(pathToFileURL(file).href);
  };
}
