import type { ToolDefinition } from '../../../../shared/tools.ts';
import { sayText, toolTurns } from './tool-turns.ts';
import type { ChatInputPart } from '../../../../shared/llm-events.ts';
import { isRecord, type StreamState } from './types.ts';

/** Function calling in Chat Completions: `tools` out, `tool_calls` deltas in, `role: "tool"` results back. */

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAiTurnMessage =
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAiToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** The request's `tools` field. */
export function openAiTools(tools: readonly ToolDefinition[]): object[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  }));
}

/**
 * An assistant message that used tools, as Chat Completions turns: each turn's text and calls, then
 * one `tool` message per call. OpenAI has no error flag on a result, so an error says so in words.
 */
export function openAiTurns(parts: readonly ChatInputPart[]): OpenAiTurnMessage[] {
  const messages: OpenAiTurnMessage[] = [];
  for (const turn of toolTurns(parts)) {
    const text = sayText(turn.say);
    if (turn.calls.length === 0) {
      if (text) messages.push({ role: 'assistant', content: text });
      continue;
    }
    messages.push({
      role: 'assistant',
      content: text || null,
      tool_calls: turn.calls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments || '{}' },
      })),
    });
    for (const { call, outcome } of turn.results)
      messages.push({
        role: 'tool',
        tool_call_id: call.id,
        content: outcome.isError ? `Error: ${outcome.text}` : outcome.text,
      });
  }
  return messages;
}

/** `tool_calls` of a delta (pieces keyed by index) or of a whole message (complete calls). */
export function readOpenAiToolCalls(toolCalls: unknown, state: StreamState): void {
  if (!Array.isArray(toolCalls)) return;
  for (const [position, raw] of toolCalls.entries()) {
    if (!isRecord(raw)) continue;
    const fn = isRecord(raw.function) ? raw.function : {};
    // Some compatible servers send whole calls without an index: place them by id, else by position.
    const index =
      typeof raw.index === 'number' ? raw.index : raw.id ? state.tools.indexFor(raw.id) : position;
    state.tools.add(index, { id: raw.id, name: fn.name, arguments: fn.arguments });
  }
}
