import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHistoryCommand } from '../../src/cli/history.ts';
import { openHistory } from '../../src/main/core/store/history-service.ts';
import { cliIo } from '../fixtures/cli-io.ts';

let dir: string;
let dataDir: string;
let ids: string[];

const io = () => cliIo('', { PARLEY_DATA_DIR: dataDir });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-cli-archive-'));
  dataDir = join(dir, 'data');
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  ids = ['Keep me', '旧的计划'].map((title) => history.createConversation({ title }).id);
  history.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function listed(all = false): Promise<string[]> {
  const out = io();
  expect(await runHistoryCommand(all ? ['list', '--all'] : ['list'], out.io)).toBe(0);
  return out
    .out()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[1]!);
}

describe('parley history archive / unarchive / export --all', () => {
  it('archives (hidden from list, shown with --all), unarchives, and exports everything', async () => {
    const archive = io();
    expect(await runHistoryCommand(['archive', ids[1]!], archive.io)).toBe(0);
    expect(archive.out()).toBe(`Archived ${ids[1]}.\n`);
    expect(await listed()).toEqual(['Keep me']);
    expect((await listed(true)).sort()).toEqual(['Keep me', '旧的计划'].sort());

    const file = join(dir, 'all.json');
    const exp = io();
    expect(await runHistoryCommand(['export', '--all', '--format', 'json', '--out', file], exp.io)).toBe(0);
    expect(exp.out()).toBe(`Exported 2 conversations to ${file}.\n`);
    const titles = (
      JSON.parse(readFileSync(file, 'utf8')) as { conversations: { title: string }[] }
    ).conversations.map((c) => c.title);
    expect(titles.sort()).toEqual(['Keep me', '旧的计划'].sort());

    const unarchive = io();
    expect(await runHistoryCommand(['unarchive', ids[1]!], unarchive.io)).toBe(0);
    expect((await listed()).sort()).toEqual(['Keep me', '旧的计划'].sort());
  });

  it('says what is wrong in plain words', async () => {
    const missing = io();
    expect(await runHistoryCommand(['archive', 'nope'], missing.io)).toBe(1);
    expect(missing.err()).toMatch(/does not exist/);
    const usage = io();
    expect(await runHistoryCommand(['export', '--all', '--format', 'pdf', '--out', 'x'], usage.io)).toBe(2);
    expect(usage.err()).toMatch(/md-zip\|json/);
  });
});
