import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dataFiles } from '../main/core/paths.ts';
import { writeFileAtomic } from '../main/core/store/files.ts';

/** What `startWebHost` makes by default: 24 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/**
 * `--keep-token`: the token of the last start, so a bookmarked address keeps working. It lives in
 * the data folder, owner-only (0600), written atomically; a missing or damaged file yields a new one.
 */
export function keptToken(dataDir: string): string {
  const file = dataFiles(dataDir).webToken;
  let saved = '';
  try {
    saved = readFileSync(file, 'utf8').trim();
  } catch {
    // none yet
  }
  if (TOKEN_SHAPE.test(saved)) return saved;
  const token = newToken();
  writeFileAtomic(file, `${token}\n`, 0o600);
  return token;
}
