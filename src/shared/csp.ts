/**
 * The one Content-Security-Policy of every Parley page. The browser-edition host sends it as a
 * header (with its own socket's exact address); the build writes it into both HTML pages as a
 * `<meta>` (electron.vite.config.ts), which is what the desktop windows get.
 *
 * Our own scripts only, no eval, no remote anything. Styles come from our own stylesheets;
 * `style-src-attr 'unsafe-inline'` lets `style="…"` attributes through (KaTeX positions math with
 * them) while `<style>` elements and remote stylesheets stay blocked. Attributes cannot hold
 * selectors, so the usual CSS exfiltration tricks need what stays blocked. `img-src blob:` shows
 * attachments as images from object URLs the window made of bytes it holds (nothing remote; an
 * image is never a document, so an SVG there cannot run script).
 */
const directives: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['style-src-attr', "'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** Any port: the pages are built before the browser-edition host picks its port. */
export const ANY_LOCAL_SOCKET = 'ws://127.0.0.1:*';

/**
 * The policy as a header (`socket`: the host's own `ws://127.0.0.1:<port>`) or as a `<meta>`
 * (browsers ignore `frame-ancestors` there, so it is left out; the host's header carries it).
 */
export function contentSecurityPolicy(delivery: 'header' | 'meta', socket = ANY_LOCAL_SOCKET): string {
  return directives
    .filter(([name]) => delivery === 'header' || name !== 'frame-ancestors')
    .map(([name, value]) => `${name} ${name === 'connect-src' ? `${value} ${socket}` : value}`)
    .join('; ');
}
