import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/main/core/filters/audit-log.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-audit-'));
  dirs.push(dir);
  return dir;
};
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as object);

describe('the filter audit log', () => {
  it('writes one JSON line per decision, with its time', () => {
    const file = join(folder(), 'filter-audit.jsonl');
    const log = new AuditLog(file, { now: () => new Date('2026-12-02T01:00:00Z') });
    log.write({ source: 'secret', kind: 'openai-key', decision: 'redacted', conversationId: null });
    log.write({ source: 'moderation', categories: ['hate'], decision: 'flagged', conversationId: 'c1' });
    expect(lines(file)).toEqual([
      {
        time: '2026-12-02T01:00:00.000Z',
        source: 'secret',
        kind: 'openai-key',
        decision: 'redacted',
        conversationId: null,
      },
      {
        time: '2026-12-02T01:00:00.000Z',
        source: 'moderation',
        categories: ['hate'],
        decision: 'flagged',
        conversationId: 'c1',
      },
    ]);
  });

  it('moves a full file to .1 and starts again, keeping under its cap', () => {
    const file = join(folder(), 'filter-audit.jsonl');
    const log = new AuditLog(file, { maxBytes: 600 });
    for (let i = 0; i < 20; i++)
      log.write({ source: 'rule', ruleId: `r${i}`, decision: 'held', conversationId: 'c' });
    expect(readFileSync(file).length).toBeLessThanOrEqual(600);
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(lines(file).at(-1)).toMatchObject({ ruleId: 'r19' });
  });

  it('a write that fails is dropped without a throw', () => {
    const dir = folder();
    const file = join(dir, 'filter-audit.jsonl');
    mkdirSync(file); // a folder where the file should be: every append fails
    expect(() =>
      new AuditLog(file).write({ source: 'secret', decision: 'held', conversationId: null }),
    ).not.toThrow();
  });
});
