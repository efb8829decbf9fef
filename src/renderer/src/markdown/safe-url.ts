/**
 * Model output decides where its links point, so only a few schemes ever become live links:
 * http(s) and mailto. Everything else (`javascript:`, `data:`, `vbscript:`, `file:`, relative
 * paths that would resolve against the app's own origin…) stays plain text.
 */
const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  // Browsers ignore control characters and whitespace inside a scheme ("java\nscript:").
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (!cleaned) return null;
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return null; // relative or malformed: never resolved against the app's origin
  }
  if (!ALLOWED.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  return url.href;
}
