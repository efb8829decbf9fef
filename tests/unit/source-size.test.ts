import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No source file over 400 lines: a file that grows past that is doing several jobs and is split
 * along its seams (docs/ARCHITECTURE.md). No exceptions are listed here on purpose.
 */
const LIMIT = 400;
const root = join(import.meta.dirname, '..', '..');

function sourceFiles(): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join('src', file).replaceAll('\\', '/'))
    .sort();
}

/** Lines as an editor numbers them: a final newline does not start another line. */
function lineCount(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

describe('source size', () => {
  it('counts lines as an editor does', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a')).toBe(1);
    expect(lineCount('a\n')).toBe(1);
    expect(lineCount('a\nb')).toBe(2);
    expect(lineCount('a\r\nb\r\n\n')).toBe(3);
  });

  it(`has no .ts or .tsx file in src over ${LIMIT} lines`, () => {
    const files = sourceFiles();
    // The walk itself must see the tree (a wrong root would pass with nothing to check).
    expect(files).toContain('src/main/core/llm/chat-stream.ts');
    expect(files).toContain('src/renderer/src/App.tsx');
    const tooLong = files
      .map((file) => ({ file, lines: lineCount(readFileSync(join(root, file), 'utf8')) }))
      .filter(({ lines }) => lines > LIMIT)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(tooLong, `split these along their seams (limit ${LIMIT} lines)`).toEqual([]);
  });
});
