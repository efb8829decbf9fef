import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import type { SnippetPart } from '../../../src/shared/history.ts';

/** Titles are matched with Unicode case folding and NFKC on both sides (real SQLite, real files). */

let dataDir: string;
let history: HistoryService;
let clock: number;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-search-fold-'));
  clock = Date.UTC(2025, 0, 1);
  history = (await openHistory({ dataDir, now: () => (clock += 1000), autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function conversation(title: string, ...contents: string[]): string {
  const c = history.createConversation({ title });
  let parentId: string | null = null;
  contents.forEach((content, i) => {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    parentId = history.addMessage({ conversationId: c.id, parentId, role, content, state: 'complete' }).id;
  });
  return c.id;
}

const marked = (parts: SnippetPart[] | null) => (parts ?? []).filter((p) => p.match).map((p) => p.text);
const found = (query: string) => history.searchConversations({ query }).map((g) => g.conversationId);

describe('title search folds case and width in every script', () => {
  it('finds “Ärger” by “ärger” and “ÄRGER”, and marks the title’s own letters', () => {
    const id = conversation('Ärger im Büro', 'Nothing about it here');
    conversation('Something else', 'Nothing either');
    for (const query of ['ärger', 'ÄRGER', 'büro', 'BÜRO im']) expect(found(query), query).toEqual([id]);
    expect(marked(history.searchConversations({ query: 'ärger' })[0]!.titleMatch)).toEqual(['Ärger']);
  });

  it('matches full-width letters and plain ones either way', () => {
    const wide = conversation('ＡＢＣ 计划', 'Nothing here');
    const plain = conversation('xyz notes', 'Nothing here either');
    expect(found('abc')).toEqual([wide]);
    expect(found('ABC')).toEqual([wide]);
    expect(marked(history.searchConversations({ query: 'abc' })[0]!.titleMatch)).toEqual(['ＡＢＣ']);
    expect(found('ｘｙｚ')).toEqual([plain]);
    expect(marked(history.searchConversations({ query: 'ｘｙｚ' })[0]!.titleMatch)).toEqual(['xyz']);
  });

  it('matches short words at a word’s start, folded too', () => {
    const id = conversation('Öl wechseln', 'Nothing here');
    conversation('Böll lesen', 'Nothing here');
    expect(found('öl')).toEqual([id]);
    expect(found('ÖL')).toEqual([id]);
  });

  it('ranks a message that says the word more often first, whatever its case', () => {
    // The older conversation says it three times in capitals; the newer one once, in lower case.
    const often = conversation('First', 'ÄRGER ÄRGER ÄRGER über alles');
    const once = conversation('Second', 'ein wenig ärger über alles');
    expect(found('ärger')).toEqual([often, once]);
  });
});
