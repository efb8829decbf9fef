import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessagePart } from '../../../src/shared/attachments.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { FLUSH_INTERVAL_MS } from '../../../src/main/core/store/stream-writer.ts';
import { MemoryChatHistory } from '../../../src/main/core/chat/memory-history.ts';
import { appendText, rawDb, startAnswer, userMessage } from '../../fixtures/history-kit.ts';

/**
 * An answer that uses tools, as the store keeps it: text streamed into `content`, each tool call and
 * result stored after the text before it, so the parts read back in order (while streaming too) and
 * what is on disk when Parley is killed is the answer so far.
 */

let dataDir: string;
let history: HistoryService;
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-answer-parts-'));
  history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const call = { id: 'call_1', name: 'everything__get-sum', arguments: '{"a":2,"b":3}' };
const callPart: MessagePart = { type: 'tool_call', call, server: 'everything', tool: 'get-sum' };
const resultPart: MessagePart = {
  type: 'tool_result',
  callId: 'call_1',
  outcome: { text: 'The sum of 2 and 3 is 5.', isError: false },
};

function answer(): string {
  const c = history.createConversation({ title: 'Sums' });
  const user = userMessage(history, { conversationId: c.id, parentId: null, content: 'What is 2 + 3?' });
  return startAnswer(history, { conversationId: c.id, parentId: user.id }).id;
}

describe('an answer’s tool parts in the history', () => {
  it('keeps text, calls and results in order, the text after the last part included while it streams', async () => {
    const id = answer();
    appendText(history, id, 'Let me ');
    appendText(history, id, 'add them.');
    history.appendPart(id, callPart);
    history.appendPart(id, resultPart);
    appendText(history, id, 'It is 5.');
    await new Promise((resolve) => setTimeout(resolve, FLUSH_INTERVAL_MS + 100));
    const streaming = history.getMessage(id);
    expect(streaming.state).toBe('streaming');
    expect(streaming.parts).toEqual([
      { type: 'text', text: 'Let me add them.' },
      callPart,
      resultPart,
      { type: 'text', text: 'It is 5.' },
    ]);
    history.finishMessage(id, { state: 'complete' });
    const done = history.getMessage(id);
    expect(done.content).toBe('Let me add them.It is 5.');
    expect(done.parts).toEqual(streaming.parts);
    expect(history.search({ query: 'add them' }).map((hit) => hit.messageId)).toEqual([id]);
  });

  it('an answer that starts with a call has no empty text part', () => {
    const id = answer();
    history.appendPart(id, callPart);
    history.appendPart(id, resultPart);
    history.finishMessage(id, { state: 'complete' });
    expect(history.getMessage(id).parts).toEqual([callPart, resultPart]);
  });

  it('each part is on disk at once with the text before it: what a killed Parley leaves is the answer so far', async () => {
    const id = answer();
    appendText(history, id, 'Checking.');
    history.appendPart(id, callPart);
    // Read from the file by another connection, as a restart after a crash would.
    const raw = rawDb(dataDir);
    const row = raw.prepare('SELECT content, parts, state FROM messages WHERE id = ?').get(id) as {
      content: string;
      parts: string;
      state: string;
    };
    raw.close();
    expect(row.content).toBe('Checking.');
    expect(JSON.parse(row.parts)).toEqual([{ type: 'text', text: 'Checking.' }, callPart]);
    history.close();
    history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
    expect(history.getMessage(id)).toMatchObject({
      state: 'interrupted',
      parts: [{ type: 'text', text: 'Checking.' }, callPart],
    });
  });

  it('Continue appends its text after the stored parts', () => {
    const id = answer();
    history.appendPart(id, callPart);
    history.appendPart(id, resultPart);
    history.finishMessage(id, { state: 'interrupted' });
    history.resumeMessage(id);
    appendText(history, id, 'The sum is 5.');
    history.finishMessage(id, { state: 'complete' });
    expect(history.getMessage(id).parts).toEqual([
      callPart,
      resultPart,
      { type: 'text', text: 'The sum is 5.' },
    ]);
  });
});

describe('the same in memory (parley ask --no-save)', () => {
  it('keeps the parts in order as they come', () => {
    const memory = new MemoryChatHistory();
    const { id: conversationId } = memory.createConversation({
      providerId: null,
      model: null,
      source: 'parley',
      titlePending: false,
      settings: { assistantId: null, systemPrompt: '', parameters: {}, historyLimit: null, tools: [] },
    });
    const init = { conversationId, content: '', state: 'streaming' as const, parentId: null };
    const id = memory.addMessage({ ...init, role: 'assistant' }).id;
    memory.appendPart(id, callPart);
    memory.appendPart(id, resultPart);
    memory.appendToMessage(id, { text: 'It is ' });
    memory.appendToMessage(id, { text: '5.' });
    expect(memory.getMessage(id)).toMatchObject({
      content: 'It is 5.',
      parts: [callPart, resultPart, { type: 'text', text: 'It is 5.' }],
    });
    memory.updateSettings(conversationId, { tools: ['everything'] });
    expect(memory.settingsOf(conversationId).tools).toEqual(['everything']);
  });
});
