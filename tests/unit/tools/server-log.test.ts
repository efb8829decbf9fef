import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerLog } from '../../../src/main/core/tools/mcp/server-log.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("an MCP server's log", () => {
  it('keeps the last line for the status and every chunk in the file, private to the user', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-log-'));
    const log = new ServerLog(join(dir, 'mcp-logs'), 'everything');
    log.write('starting\nlisten');
    log.write('ing on stdio\n\n');
    log.note('started');
    expect(log.lastLine).toBe('listening on stdio');
    const text = readFileSync(log.file, 'utf8');
    expect(text).toMatch(/^starting\nlistening on stdio\n\n\[parley \d{4}-.*\] started\n$/);
    expect(statSync(log.file).mode & 0o777).toBe(0o600);
  });

  it('past 1 MB starts a new file and keeps the earlier one as .log.1', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-log-'));
    const log = new ServerLog(dir, 'chatty');
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 1100; i++) log.write(line);
    expect(existsSync(`${log.file}.1`)).toBe(true);
    expect(statSync(`${log.file}.1`).size).toBeGreaterThan(1024 * 1024);
    expect(statSync(log.file).size).toBeLessThan(100 * 1024);
    // A log started again (a restart of Parley) counts what is already there.
    const again = new ServerLog(dir, 'chatty');
    for (let i = 0; i < 1030; i++) again.write(line);
    expect(statSync(log.file).size).toBeLessThanOrEqual(1024 * 1024 + 1024);
  });

  it('a removed folder loses lines, never throws, and writing resumes when it is back', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-log-'));
    const logs = join(dir, 'mcp-logs');
    const log = new ServerLog(logs, 'gone');
    log.write('one\n');
    rmSync(logs, { recursive: true });
    expect(() => log.write('two\n')).not.toThrow();
    expect(log.lastLine).toBe('two');
  });
});
