/** What the host needs from a request line's target: the decoded path and the query. */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
}

const BASE = 'http://127.0.0.1';

/**
 * Reads a request target the way a browser sends it to this host (origin form: `/path?query`).
 * Anything else (`http://[`, `//host`, `*`, a path that does not decode) is null, so the caller
 * answers 400 instead of throwing.
 */
export function readTarget(raw: string | undefined): RequestTarget | null {
  if (!raw || raw[0] !== '/' || raw[1] === '/' || raw[1] === '\\' || !URL.canParse(raw, BASE)) return null;
  const url = new URL(raw, BASE);
  try {
    return { pathname: decodeURIComponent(url.pathname), searchParams: url.searchParams };
  } catch {
    return null;
  }
}
