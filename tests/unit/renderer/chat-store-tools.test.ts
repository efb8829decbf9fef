import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessagePart } from '../../../src/shared/attachments.ts';
import { answerParts } from '../../../src/shared/attachments.ts';
import type { MockToolCall } from '../../mock-server/types.ts';
import { ChatStore } from '../../../src/renderer/src/state/chat-store.ts';
import { answerSegments } from '../../../src/renderer/src/state/tool-parts.ts';
import type { CoreHarness } from '../../integration/core/harness.ts';
import { startCore } from '../../integration/core/harness.ts';
import { everything } from '../../integration/tools/mcp-servers.ts';
import { frames, windowApi } from './core-window.ts';

/**
 * The window's store with tools, against the real core: the mock model calls server-everything's
 * tools (a real MCP server from npm), the store shows each call as it asks, sends the person's
 * decision or Cancel, and ends showing the same parts as history holds.
 */
let harness: CoreHarness;

/** Waits for a condition (the real core, a real MCP server and the mock model take their time). */
const until = (ok: () => boolean) =>
  vi.waitFor(() => expect(ok()).toBe(true), { timeout: 15_000, interval: 20 });

/** What an answer shows, in a few words: its text, and each call with its result. */
const shown = (parts: MessagePart[], content: string) =>
  answerSegments(answerParts(parts, content)).map((s) =>
    s.kind === 'text'
      ? s.text
      : s.kind === 'tool'
        ? `${s.tool}→${s.outcome?.isError ? 'error' : s.outcome?.text}`
        : 'result',
  );

/**
 * In a new conversation with the everything server's tools on, the model makes `call` (after
 * `text`) then says `after`; the window shows the call asking. Returns the window and the answer.
 */
async function askedFor(call: MockToolCall, text: string, after: string) {
  const store = new ChatStore(windowApi(harness).api, frames);
  store.start();
  harness.mock.enqueue({ text: 'Hello.' });
  const first = await store.send({ content: 'Hi', conversationId: null, model: null });
  await until(() => store.getLive(first.assistantMessageId) === null);
  const { conversationId } = first;
  await harness.call('history.updateSettings', { conversationId, tools: ['everything'] });
  harness.mock.enqueue({ text, toolCalls: [call] });
  harness.mock.enqueue({ text: after });
  const { assistantMessageId: id } = await store.send({ content: 'Go', conversationId, model: null });
  await until(() => store.getLive(id)?.tools[0]?.approval === 'ask');
  const ended = async () => {
    await until(() => store.getLive(id) === null);
    const mine = store.getView(conversationId)!.detail.messages.find((m) => m.id === id)!;
    const stored = (await harness.core.history.open(conversationId)).messages.find((m) => m.id === id)!;
    // What the window ends with is what history holds.
    expect(shown(mine.parts, mine.content)).toEqual(shown(stored.parts, stored.content));
    return shown(mine.parts, mine.content);
  };
  return { store, id, ended };
}

beforeAll(async () => {
  harness = await startCore({ id: 'setup', send: () => {}, onClose: () => {} }, 'tools-store');
  await harness.call('settings.update', { mcpServers: [everything()] });
});
beforeEach(() => harness.mock.reset());
afterAll(() => harness.close());

describe('a window with tools', () => {
  it('shows the call asking where it came in the text, sends Allow once, ends as history holds', async () => {
    const sum = { id: 'call_sum', name: 'everything__get-sum', arguments: { a: 2, b: 3 } };
    const { store, id, ended } = await askedFor(sum, 'Adding.', ' It is 5.');
    expect(store.getLive(id)!.tools[0]).toMatchObject({ server: 'everything', tool: 'get-sum', at: 7 });
    await store.decideTool(id, 'call_sum', 'once');
    expect(await ended()).toEqual(['Adding.', expect.stringMatching(/^get-sum→.*\b5\b/), ' It is 5.']);
  });

  it('Deny: the call ends refused (an error result), and the answer goes on', async () => {
    const sum = { id: 'call_no', name: 'everything__get-sum', arguments: { a: 1, b: 1 } };
    const { store, id, ended } = await askedFor(sum, '', 'Fine.');
    await store.decideTool(id, 'call_no', 'deny');
    expect(await ended()).toEqual(['get-sum→error', 'Fine.']);
  });

  it('Cancel stops a running call at once: its result says so, and the answer goes on', async () => {
    const long = {
      id: 'call_long',
      name: 'everything__trigger-long-running-operation',
      arguments: { duration: 60, steps: 60 },
    };
    const { store, id, ended } = await askedFor(long, '', 'Stopped.');
    await store.decideTool(id, 'call_long', 'once');
    expect(store.getLive(id)!.tools[0]).toMatchObject({ approval: 'allowed', outcome: null });
    const started = Date.now();
    await store.cancelTool(id, 'call_long');
    expect(await ended()).toEqual(['trigger-long-running-operation→error', 'Stopped.']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
