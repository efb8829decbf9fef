import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { appendText, rawDb, startAnswer, userMessage } from '../../fixtures/history-kit.ts';

/** Deleting one message (and everything under it) from a real SQLite history. */

let dataDir: string;
let history: HistoryService;
let clock: number;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-delete-message-'));
  clock = Date.UTC(2025, 0, 1);
  history = (await openHistory({ dataDir, now: () => clock++, autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function answer(conversationId: string, parentId: string, text: string) {
  const a = startAnswer(history, { conversationId, parentId, model: 'gpt-4o-mini' });
  appendText(history, a.id, text);
  return history.finishMessage(a.id, { state: 'complete' });
}

/**
 * question ─┬─ first (answer) ── followUp ── followUpAnswer
 *           └─ second (a regenerated answer)
 */
function branchyConversation() {
  const c = history.createConversation();
  const question = userMessage(history, {
    conversationId: c.id,
    parentId: null,
    content: 'Tell me about the quokka',
  });
  const first = answer(c.id, question.id, 'The quokka lives on Rottnest zebrafinchisland.');
  const followUp = userMessage(history, {
    conversationId: c.id,
    parentId: first.id,
    content: '鸭嘴兽呢？platypusology',
  });
  const followUpAnswer = answer(c.id, followUp.id, 'Platypuses lay eggs; 鸭嘴兽会下蛋。');
  const second = answer(c.id, question.id, 'A second answer about wombatography.');
  return { c, question, first, followUp, followUpAnswer, second };
}

const found = (query: string) => history.search({ query }).map((h) => h.messageId);
const indexed = (table: 'message_fts' | 'message_grams') => {
  const raw = rawDb(dataDir);
  try {
    return Number((raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
  } finally {
    raw.close();
  }
};

describe('deleting a message', () => {
  it('deletes the message and its whole subtree, keeps its siblings, and search no longer finds them', () => {
    const { c, question, first, followUp, followUpAnswer, second } = branchyConversation();
    history.setCurrentLeaf(c.id, followUpAnswer.id);
    expect(found('zebrafinch')).toEqual([first.id]);
    expect(found('platypusology')).toEqual([followUp.id]);
    // Both, in order of relevance (search.test.ts checks the ranking).
    expect(found('鸭嘴').sort()).toEqual([followUpAnswer.id, followUp.id].sort());
    expect(indexed('message_fts')).toBe(5);

    expect(history.deleteMessage(c.id, first.id)).toEqual({ deleted: 3 });

    const detail = history.open(c.id);
    expect(detail.messages.map((m) => m.id)).toEqual([question.id, second.id]);
    expect(detail.messageCount).toBe(2);
    expect(() => history.getMessage(followUp.id)).toThrow(/does not exist/);
    // The search rows went with them (contentless FTS tables, keyed by messages.seq).
    expect(found('zebrafinch')).toEqual([]);
    expect(found('platypusology')).toEqual([]);
    expect(found('鸭嘴')).toEqual([]);
    expect(found('wombatography')).toEqual([second.id]);
    expect(indexed('message_fts')).toBe(2);
    expect(indexed('message_grams')).toBe(2);
    // The shown branch was inside: it moves to the parent's newest remaining leaf.
    expect(detail.currentLeafId).toBe(second.id);
  });

  it('moves the shown branch only if it ran through the deleted messages; to the parent when nothing is left under it', () => {
    const { c, question, first, followUp, second } = branchyConversation();
    history.setCurrentLeaf(c.id, second.id);
    expect(history.deleteMessage(c.id, followUp.id)).toEqual({ deleted: 2 });
    expect(history.currentLeaf(c.id)).toBe(second.id);

    expect(history.deleteMessage(c.id, second.id)).toEqual({ deleted: 1 });
    expect(history.currentLeaf(c.id)).toBe(first.id);
    expect(history.deleteMessage(c.id, first.id)).toEqual({ deleted: 1 });
    expect(history.currentLeaf(c.id)).toBe(question.id);

    // The root: the conversation stays, empty, with no leaf.
    expect(history.deleteMessage(c.id, question.id)).toEqual({ deleted: 1 });
    const detail = history.open(c.id);
    expect(detail.messages).toEqual([]);
    expect(detail.currentLeafId).toBeNull();
    expect(indexed('message_fts')).toBe(0);
  });

  it('deleting a root moves the shown branch to the newest remaining root’s newest leaf', () => {
    const { c, question, second } = branchyConversation();
    const edited = userMessage(history, { conversationId: c.id, parentId: null, content: 'An edit' });
    const editedAnswer = answer(c.id, edited.id, 'Answer to the edit');
    history.setCurrentLeaf(c.id, editedAnswer.id);
    expect(history.deleteMessage(c.id, edited.id)).toEqual({ deleted: 2 });
    expect(history.currentLeaf(c.id)).toBe(second.id);
    expect(history.open(c.id).messages[0]!.id).toBe(question.id);
  });

  it('refuses, in plain words, while the message or an answer under it is streaming', () => {
    const { c, question, second } = branchyConversation();
    const streaming = startAnswer(history, { conversationId: c.id, parentId: question.id });
    appendText(history, streaming.id, 'still arriving');
    const refusal = (() => {
      try {
        history.deleteMessage(c.id, streaming.id);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ParleyError);
    expect((refusal as ParleyError).code).toBe('invalid_input');
    expect((refusal as ParleyError).message).toBe(
      'This answer is still being written. Stop it first, then delete it.',
    );
    expect(() => history.deleteMessage(c.id, question.id)).toThrow(
      'An answer under this message is still being written. Stop it first, then delete the message.',
    );
    expect(history.open(c.id).messages).toHaveLength(6);
    // Other branches can go meanwhile.
    expect(history.deleteMessage(c.id, second.id)).toEqual({ deleted: 1 });

    history.finishMessage(streaming.id, { state: 'interrupted' });
    expect(history.deleteMessage(c.id, streaming.id)).toEqual({ deleted: 1 });
    expect(found('arriving')).toEqual([]);
  });

  it('refuses a message of another conversation, or one that does not exist', () => {
    const one = branchyConversation();
    const other = branchyConversation();
    expect(() => history.deleteMessage(one.c.id, other.first.id)).toThrow(/does not exist/);
    expect(() => history.deleteMessage(one.c.id, 'nope')).toThrow(/does not exist/);
    history.delete(one.c.id);
    expect(() => history.deleteMessage(one.c.id, one.first.id)).toThrow(/does not exist/);
    expect(history.open(other.c.id).messages).toHaveLength(5);
  });
});
