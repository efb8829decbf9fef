/**
 * Tool calls as the real APIs stream them. OpenAI: each call's id and name in its first delta, its
 * arguments in pieces keyed by `index`, several calls interleaved, `finish_reason: "tool_calls"`.
 * Anthropic: one `tool_use` content block per call, its input in `input_json_delta` pieces,
 * `stop_reason: "tool_use"`.
 */
import type { MockToolCall } from './types.ts';

/** A call's arguments as the JSON text the model writes. */
export function argumentsText(call: MockToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
}

/** Pieces of the arguments text, as a model streams them (a few characters at a time). */
function pieces(text: string, size = 7): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

export function openAiCallId(seq: number, index: number, call: MockToolCall): string {
  return call.id ?? `call_mock${seq}x${index}`;
}

export function anthropicCallId(seq: number, index: number, call: MockToolCall): string {
  return call.id ?? `toolu_mock${seq}x${index}`;
}

/**
 * The `tool_calls` deltas of one turn: every call's opening delta first, then their argument
 * pieces round-robin, so a client that does not merge by index gets them wrong.
 */
export function openAiToolDeltas(seq: number, calls: readonly MockToolCall[]): object[] {
  const deltas: object[] = calls.map((call, index) => ({
    tool_calls: [
      {
        index,
        id: openAiCallId(seq, index, call),
        type: 'function',
        function: { name: call.name, arguments: '' },
      },
    ],
  }));
  const split = calls.map((call) => pieces(argumentsText(call)));
  const longest = Math.max(0, ...split.map((p) => p.length));
  for (let round = 0; round < longest; round++)
    split.forEach((parts, index) => {
      if (round < parts.length)
        deltas.push({ tool_calls: [{ index, function: { arguments: parts[round] } }] });
    });
  return deltas;
}

/** The `tool_calls` of a whole (non-streamed) completion message. */
export function openAiToolMessage(seq: number, calls: readonly MockToolCall[]): object[] {
  return calls.map((call, index) => ({
    id: openAiCallId(seq, index, call),
    type: 'function',
    function: { name: call.name, arguments: argumentsText(call) },
  }));
}

/** One `tool_use` block, as its start event and its `input_json_delta` pieces. */
export function anthropicToolBlock(
  seq: number,
  index: number,
  call: MockToolCall,
): { start: object; deltas: object[] } {
  return {
    start: { type: 'tool_use', id: anthropicCallId(seq, index, call), name: call.name, input: {} },
    deltas: pieces(argumentsText(call)).map((partial_json) => ({ type: 'input_json_delta', partial_json })),
  };
}

/** A `tool_use` block of a whole (non-streamed) message. */
export function anthropicToolUse(seq: number, index: number, call: MockToolCall): object {
  return {
    type: 'tool_use',
    id: anthropicCallId(seq, index, call),
    name: call.name,
    input: JSON.parse(argumentsText(call)) as object,
  };
}

/** The last tool result the request carries (OpenAI `role: "tool"`, Anthropic `tool_result`), if it ends with one. */
export function lastToolResult(body: unknown): string | null {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return null;
  const last = messages.at(-1) as { role?: unknown; content?: unknown } | null;
  if (last?.role === 'tool') return typeof last.content === 'string' ? last.content : null;
  if (last?.role === 'user' && Array.isArray(last.content)) {
    const results = last.content.filter(
      (block): block is { type: string; content?: unknown } =>
        !!block && typeof block === 'object' && (block as { type?: unknown }).type === 'tool_result',
    );
    const text = results.at(-1)?.content;
    if (typeof text === 'string') return text;
    if (Array.isArray(text))
      return text.map((b) => (b && typeof b === 'object' && 'text' in b ? String(b.text) : '')).join('');
  }
  return null;
}
