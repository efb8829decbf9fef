import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src/main/core/filters/secret-guard.ts';

/**
 * No warning on ordinary prose and code: the guard (as it ships, personal data off) finds nothing
 * in the project's own sources and documents. Test fixtures are left out (they hold fake keys on
 * purpose).
 */
const root = join(import.meta.dirname, '../../..');
const textFiles = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.md',
  '.css',
  '.html',
  '.yml',
  '.yaml',
  '.sh',
]);

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (textFiles.has(extname(name))) yield path;
  }
}

describe('the secret guard over the project itself', () => {
  it('raises no warning on any file of src/ and docs/, nor the README', () => {
    const files = [...walk(join(root, 'src')), ...walk(join(root, 'docs')), join(root, 'README.md')];
    expect(files.length).toBeGreaterThan(200);
    const warned: string[] = [];
    for (const file of files) {
      const found = findSecrets(readFileSync(file, 'utf8'), { personalData: false });
      if (found.size > 0) warned.push(`${relative(root, file)}: ${[...found.keys()].join(', ')}`);
    }
    expect(warned).toEqual([]);
  });
});
