import type { MessagePart } from '../../../shared/attachments.ts';
import type { ChatStreamEvent } from '../../../shared/chat.ts';
import type { ToolCall, ToolOutcome } from '../../../shared/tools.ts';

type ToolCallEvent = Extract<ChatStreamEvent, { type: 'tool_call' }>;
type ToolResultEvent = Extract<ChatStreamEvent, { type: 'tool_result' }>;

/**
 * Where a call stands while its answer streams: waiting for the person (`ask`), running
 * (`allowed`, or once they chose Allow / Always), or refused (`denied`, its refusal on its way back).
 * A call with a result is done, whatever this says.
 */
export type ToolApproval = 'ask' | 'allowed' | 'denied';

/** A tool call of a streaming answer: what the model asked, and where in the text it came. */
export interface LiveToolCall {
  call: ToolCall;
  server: string;
  tool: string;
  /** The length of the answer's text when the call came: the text before it is shown before it. */
  at: number;
  approval: ToolApproval;
  outcome: ToolOutcome | null;
}

/**
 * The live calls with a `tool_call` event applied. The id of a call still open adds nothing; some
 * models number their calls anew at each step, so a finished call's id may come again.
 */
export function withToolCall(
  calls: readonly LiveToolCall[],
  event: ToolCallEvent,
  at: number,
): LiveToolCall[] {
  if (calls.some((c) => c.call.id === event.call.id && c.outcome === null)) return [...calls];
  const { call, server, tool, approval } = event;
  return [...calls, { call, server, tool, at, approval, outcome: null }];
}

/** The live calls with a `tool_result` event applied to the open call it answers (none: dropped). */
export function withToolResult(calls: readonly LiveToolCall[], event: ToolResultEvent): LiveToolCall[] {
  const open = calls.findIndex((c) => c.call.id === event.callId && c.outcome === null);
  return calls.map((c, i) => (i === open ? { ...c, outcome: event.outcome } : c));
}

/** The live calls after the person's decision on one of them. */
export function withApproval(
  calls: readonly LiveToolCall[],
  callId: string,
  approval: ToolApproval,
): LiveToolCall[] {
  return calls.map((c) => (c.call.id === callId && c.approval === 'ask' ? { ...c, approval } : c));
}

/**
 * A streaming answer as stored parts: its text cut where each call came, each call followed by
 * its result once there is one (text → call → result → text). The text parts, joined, are the
 * answer's text, as main stores them. No calls: one text part.
 */
export function liveParts(content: string, calls: readonly LiveToolCall[]): MessagePart[] {
  const parts: MessagePart[] = [];
  let from = 0;
  const text = (to: number) => {
    if (to > from) parts.push({ type: 'text', text: content.slice(from, to) });
    from = Math.max(from, to);
  };
  for (const c of calls) {
    text(c.at);
    parts.push({ type: 'tool_call', call: c.call, server: c.server, tool: c.tool });
    if (c.outcome) parts.push({ type: 'tool_result', callId: c.call.id, outcome: c.outcome });
  }
  text(content.length);
  return parts;
}

/**
 * The calls of a stored answer as live ones (a Continue streams on top of it): each where it came
 * in the text, with its result; done, so none asks.
 */
export function liveToolsOf(parts: readonly MessagePart[]): LiveToolCall[] {
  const calls: LiveToolCall[] = [];
  let at = 0;
  for (const p of parts) {
    if (p.type === 'text') at += p.text.length;
    else if (p.type === 'tool_call')
      calls.push({ call: p.call, server: p.server, tool: p.tool, at, approval: 'allowed', outcome: null });
    else if (p.type === 'tool_result') {
      const call = calls.find((c) => c.call.id === p.callId && c.outcome === null);
      if (call) call.outcome = p.outcome;
    }
  }
  return calls;
}

/** What an answer shows, in order: its text pieces and its tool calls, each with its result. */
export type AnswerSegment =
  | { kind: 'text'; key: string; text: string }
  | { kind: 'tool'; key: string; call: ToolCall; server: string; tool: string; outcome: ToolOutcome | null }
  /** A result whose call is not in the answer (kept, shown on its own). */
  | { kind: 'result'; key: string; callId: string; outcome: ToolOutcome };

/**
 * The segments of an answer's parts: each result is shown with its call (a turn's several calls
 * come before their results in the parts; a reused id's n-th call takes its n-th result), text
 * and calls keep their order; images and files are shown apart. Keys stay the same as the answer
 * grows, so shown pieces keep their elements.
 */
export function answerSegments(parts: readonly MessagePart[]): AnswerSegment[] {
  const results = new Map<string, ToolOutcome[]>();
  const calls = new Map<string, number>();
  for (const p of parts) {
    if (p.type === 'tool_result') results.set(p.callId, [...(results.get(p.callId) ?? []), p.outcome]);
    else if (p.type === 'tool_call') calls.set(p.call.id, (calls.get(p.call.id) ?? 0) + 1);
  }
  const segments: AnswerSegment[] = [];
  let texts = 0;
  const seenCalls = new Map<string, number>();
  const seenResults = new Map<string, number>();
  for (const p of parts) {
    if (p.type === 'text') {
      // (Blank text between two calls shows nothing; counted all the same, so keys stay put.)
      const key = `t${texts++}`;
      if (p.text.trim() !== '') segments.push({ kind: 'text', key, text: p.text });
    } else if (p.type === 'tool_call') {
      const { call, server, tool } = p;
      const n = seenCalls.get(call.id) ?? 0;
      seenCalls.set(call.id, n + 1);
      const outcome = results.get(call.id)?.[n] ?? null;
      segments.push({ kind: 'tool', key: `c${n}:${call.id}`, call, server, tool, outcome });
    } else if (p.type === 'tool_result') {
      // A result beyond its id's calls has no call to go with: shown on its own.
      const n = seenResults.get(p.callId) ?? 0;
      seenResults.set(p.callId, n + 1);
      if (n >= (calls.get(p.callId) ?? 0))
        segments.push({ kind: 'result', key: `r${n}:${p.callId}`, callId: p.callId, outcome: p.outcome });
    }
  }
  return segments;
}

/** What an answer waits for, if a call: the person (`ask`) or a tool running; null when neither. */
export type ToolWait = 'ask' | 'running' | null;

/** What a streaming answer waits on (while it does, it is not stalled: the model is not late). */
export function toolWait(calls: readonly LiveToolCall[]): ToolWait {
  const open = calls.filter((c) => c.outcome === null);
  if (open.some((c) => c.approval === 'ask')) return 'ask';
  return open.some((c) => c.approval === 'allowed') ? 'running' : null;
}
