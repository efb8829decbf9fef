import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { EventName, RequestName } from '../../../src/shared/contract.ts';
import type { ToolCall } from '../../../src/shared/tools.ts';
import type { Api } from '../../../src/renderer/src/lib/api.ts';
import type { LiveAnswer, StreamEnd } from '../../../src/renderer/src/state/answer-streams.ts';
import { AnswerStreams } from '../../../src/renderer/src/state/answer-streams.ts';
import { Emitter } from '../../../src/renderer/src/state/emitter.ts';
import {
  answerSegments,
  liveParts,
  liveToolsOf,
  toolWait,
} from '../../../src/renderer/src/state/tool-parts.ts';
import { capText, formatArguments } from '../../../src/renderer/src/state/tool-text.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

const streamId = '7d1c1f0e-3a0b-4b8e-9d57-2f7c1f0f6a11';
const call = (id: string, args = '{"a":1,"b":2}'): ToolCall => ({
  id,
  name: 'everything__get-sum',
  arguments: args,
});
const toolCall = (id: string, approval: 'ask' | 'allowed' = 'ask'): ChatStreamEvent => ({
  streamId,
  type: 'tool_call',
  call: call(id),
  server: 'everything',
  tool: 'get-sum',
  approval,
});
const toolResult = (callId: string, text: string, isError = false): ChatStreamEvent => ({
  streamId,
  type: 'tool_result',
  callId,
  outcome: { text, isError },
});
const delta = (text: string): ChatStreamEvent => ({ streamId, type: 'delta', text, reasoning: '' });

/**
 * The window's stream state fed the `chat.event` events main sends (in the order it sends them),
 * and the requests the window makes in return, as main would receive them.
 */
function scriptedStream() {
  const listeners = new Set<(event: ChatStreamEvent) => void>();
  const requests: { name: RequestName; input: unknown }[] = [];
  const ended: { live: LiveAnswer; end: StreamEnd }[] = [];
  const api = {
    call: (name: RequestName, input: unknown) => {
      requests.push({ name, input });
      // (Main takes a decision only for a call that still waits.)
      const waits = s.streams
        .get('a1')
        ?.tools.some((c) => c.call.id === (input as { callId?: string }).callId && c.approval === 'ask');
      return Promise.resolve(name === 'tools.approve' ? { ok: !!waits } : { cancelled: true });
    },
    on: (name: EventName, listener: (event: ChatStreamEvent) => void) => {
      if (name === 'chat.event') listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Api;
  // Deltas are shown at once (no frames here).
  const s = {} as { streams: AnswerStreams };
  const streams = new AnswerStreams({
    api,
    emitter: new Emitter(),
    frames: { request: (cb) => cb() },
    onDone: (live, end) => ended.push({ live, end }),
  });
  s.streams = streams;
  streams.start();
  streams.track({
    streamId,
    conversationId: 'c1',
    userMessageId: 'u1',
    assistantMessageId: 'a1',
    conversation: {} as never,
    created: [],
  });
  const send = (...events: ChatStreamEvent[]) => events.forEach((e) => listeners.forEach((l) => l(e)));
  return { streams, send, requests, ended, live: () => streams.get('a1')! };
}

describe('tool calls in a streaming answer', () => {
  it('keeps text → call → result → text in order, asks, and sends the decision to main', async () => {
    const s = scriptedStream();
    s.send(delta('Let me add those. '), toolCall('call_1'));
    expect(s.live().tools.map((c) => [c.call.id, c.approval, c.at])).toEqual([['call_1', 'ask', 18]]);
    expect(toolWait(s.live().tools)).toBe('ask');

    await s.streams.decideTool('a1', 'call_1', 'once');
    expect(s.requests).toEqual([
      { name: 'tools.approve', input: { streamId, callId: 'call_1', decision: 'once' } },
    ]);
    expect(s.live().tools[0]!.approval).toBe('allowed');
    expect(toolWait(s.live().tools)).toBe('running');

    s.send(toolResult('call_1', '3'), delta('The sum is 3.'));
    expect(toolWait(s.live().tools)).toBeNull();
    expect(answerSegments(liveParts(s.live().content, s.live().tools))).toEqual([
      { kind: 'text', key: 't0', text: 'Let me add those. ' },
      {
        kind: 'tool',
        key: 'c0:call_1',
        call: call('call_1'),
        server: 'everything',
        tool: 'get-sum',
        outcome: { text: '3', isError: false },
      },
      { kind: 'text', key: 't1', text: 'The sum is 3.' },
    ]);

    await s.streams.cancelTool('a1', 'call_1');
    expect(s.requests.at(-1)).toEqual({ name: 'tools.cancel', input: { streamId, callId: 'call_1' } });

    s.send({
      streamId,
      type: 'done',
      state: 'complete',
      stopped: false,
      error: null,
      answeredBy: null,
      usage: null,
      costUsd: null,
      adjustments: null,
      timing: null,
      filter: null,
      route: null,
    });
    expect(liveParts(s.ended[0]!.live.content, s.ended[0]!.live.tools).map((p) => p.type)).toEqual([
      'text',
      'tool_call',
      'tool_result',
      'text',
    ]);
  });

  it('a denied call shows as refused until its refusal comes back; a call main allowed runs at once', async () => {
    const s = scriptedStream();
    s.send(toolCall('call_1'), toolCall('call_2', 'allowed'));
    await s.streams.decideTool('a1', 'call_1', 'deny');
    expect(s.live().tools.map((c) => c.approval)).toEqual(['denied', 'allowed']);
    s.send(toolResult('call_1', 'The person refused this call.', true));
    // A decision on a call that no longer asks changes nothing.
    await s.streams.decideTool('a1', 'call_2', 'deny');
    expect(s.live().tools.map((c) => c.approval)).toEqual(['denied', 'allowed']);
  });

  it('shows each result with its call when a turn made several calls before their results', () => {
    const parts = [
      { type: 'text' as const, text: 'Two sums.' },
      { type: 'tool_call' as const, call: call('x'), server: 's', tool: 't' },
      { type: 'tool_call' as const, call: call('y'), server: 's', tool: 't' },
      { type: 'tool_result' as const, callId: 'x', outcome: { text: 'X', isError: false } },
      { type: 'tool_result' as const, callId: 'y', outcome: { text: 'Y', isError: true } },
      { type: 'tool_result' as const, callId: 'z', outcome: { text: 'Z', isError: false } },
      { type: 'text' as const, text: 'Done.' },
    ];
    const segments = answerSegments(parts);
    expect(segments.map((s) => (s.kind === 'tool' ? `${s.call.id}=${s.outcome?.text}` : s.kind))).toEqual([
      'text',
      'x=X',
      'y=Y',
      'result',
      'text',
    ]);
  });

  it('a model that numbers its calls anew at each step: each call keeps its own result', () => {
    const s = scriptedStream();
    s.send(toolCall('call_0'), toolCall('call_0'), toolResult('call_0', 'first'));
    s.send(
      delta('Again.'),
      toolCall('call_0'),
      toolResult('call_0', 'second'),
      toolResult('call_0', 'extra'),
    );
    const segments = answerSegments(liveParts(s.live().content, s.live().tools));
    expect(
      segments.map((seg) => (seg.kind === 'tool' ? `${seg.key}=${seg.outcome?.text}` : seg.kind)),
    ).toEqual(['c0:call_0=first', 'text', 'c1:call_0=second']);
    // Stored with a result too many: that one shows on its own.
    const stored = [...liveParts(s.live().content, s.live().tools)];
    stored.push({ type: 'tool_result', callId: 'call_0', outcome: { text: 'extra', isError: false } });
    expect(answerSegments(stored).at(-1)).toMatchObject({ kind: 'result', key: 'r2:call_0' });
  });

  it('caps what a card shows, never cutting a character in two, and formats arguments', () => {
    expect(capText('abc', 5)).toEqual({ shown: 'abc', more: 0 });
    expect(capText('a😀b', 2)).toEqual({ shown: 'a', more: 3 });
    expect(capText('x'.repeat(25_000))).toEqual({ shown: 'x'.repeat(20_000), more: 5_000 });
    expect(formatArguments(call('1', '{"a":1}'))).toEqual({ text: '{\n  "a": 1\n}', valid: true });
    expect(formatArguments(call('1', '{"a":'))).toEqual({ text: '{"a":', valid: false });
    expect(formatArguments(call('1', '[1]'))).toEqual({ text: '[1]', valid: false });
  });

  it('whatever the order of text and calls, the segments keep it and lose no text or call', async () => {
    const step = fc.oneof(
      fc.string({ maxLength: 12 }).map((text) => ({ kind: 'delta' as const, text })),
      fc.nat(5).map((n) => ({ kind: 'call' as const, id: `call_${n}` })),
      fc.nat(5).map((n) => ({ kind: 'result' as const, id: `call_${n}` })),
    );
    await checkSeeds(
      'tool parts order',
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const s = scriptedStream();
        // What should show: the text between calls (blank text is no piece), each call where it came.
        const expected: string[] = [];
        let buffer = '';
        // (Calls without a result yet: a call event with such an id adds nothing; a result closes it.)
        const open = new Set<string>();
        for (const st of steps) {
          if (st.kind === 'delta') {
            s.send(delta(st.text));
            buffer += st.text;
          } else if (st.kind === 'call') {
            s.send(toolCall(st.id));
            if (open.has(st.id)) continue;
            open.add(st.id);
            if (buffer.trim()) expected.push('text');
            buffer = '';
            expected.push(st.id);
          } else {
            s.send(toolResult(st.id, st.id));
            open.delete(st.id);
          }
        }
        if (buffer.trim()) expected.push('text');
        const { content, tools } = s.live();
        const parts = liveParts(content, tools);
        // As main stores them: the text parts, joined, are the answer's text.
        expect(parts.map((p) => (p.type === 'text' ? p.text : '')).join('')).toBe(content);
        // And back: a Continue of the stored answer starts from the same calls, where they came.
        const strip = (list: typeof tools) => list.map(({ call, at, outcome }) => ({ call, at, outcome }));
        expect(strip(liveToolsOf(parts))).toEqual(strip(tools));
        const segments = answerSegments(parts);
        expect(segments.map((seg) => (seg.kind === 'tool' ? seg.call.id : seg.kind))).toEqual(expected);
        // Each call shows its own result.
        for (const seg of segments)
          if (seg.kind === 'tool' && seg.outcome) expect(seg.outcome.text).toBe(seg.call.id);
        // The text pieces, joined, are the answer's text (but blank pieces between calls).
        const text = segments.flatMap((seg) => (seg.kind === 'text' ? [seg.text] : [])).join('');
        expect(text.replace(/\s/g, '')).toBe(content.replace(/\s/g, ''));
        expect(new Set(segments.map((seg) => seg.key)).size).toBe(segments.length);
      }),
      200,
    );
  });
});
