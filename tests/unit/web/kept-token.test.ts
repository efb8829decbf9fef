import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { keptToken } from '../../../src/web/kept-token.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-kept-token-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('makes a token once, owner-only, and gives the same one at the next start', () => {
  const token = keptToken(dir);
  expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  const file = join(dir, 'web-token');
  expect(readFileSync(file, 'utf8').trim()).toBe(token);
  if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(keptToken(dir)).toBe(token);
});

it.each([
  ['empty', ''],
  ['too short', 'abc'],
  ['not a token', '<script>alert(1)</script>xxxxxxxxxxxxxxxx'],
  ['binary', '\u0000\u0001\u0002'],
])('a damaged token file (%s) just yields a new token', (_name, content) => {
  writeFileSync(join(dir, 'web-token'), content);
  const token = keptToken(dir);
  expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(readFileSync(join(dir, 'web-token'), 'utf8').trim()).toBe(token);
});
