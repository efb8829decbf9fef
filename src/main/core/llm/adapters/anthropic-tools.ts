import type { ChatInputPart } from '../../../../shared/llm-events.ts';
import { parseToolArguments, type ToolDefinition } from '../../../../shared/tools.ts';
import { sayText, toolTurns } from './tool-turns.ts';
import { isRecord, type StreamState } from './types.ts';

/** Function calling in the Messages API: `tools` out, `tool_use` blocks in, `tool_result` blocks back. */

export type AnthropicToolBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

export interface AnthropicTurnMessage {
  role: 'assistant' | 'user';
  content: AnthropicToolBlock[];
}

export function anthropicTools(tools: readonly ToolDefinition[]): object[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: tool.inputSchema,
  }));
}

/**
 * An assistant message that used tools, as Messages API turns: the assistant's text and `tool_use`
 * blocks, then a user turn of `tool_result` blocks. Arguments that are not a JSON object are sent as
 * `{}` (the API takes only objects); the tool's result already told the model what was wrong.
 */
export function anthropicTurns(parts: readonly ChatInputPart[]): AnthropicTurnMessage[] {
  const messages: AnthropicTurnMessage[] = [];
  for (const turn of toolTurns(parts)) {
    const text = sayText(turn.say);
    const content: AnthropicToolBlock[] = text ? [{ type: 'text', text }] : [];
    for (const call of turn.calls) {
      const parsed = parseToolArguments(call);
      content.push({ type: 'tool_use', id: call.id, name: call.name, input: parsed.ok ? parsed.value : {} });
    }
    if (content.length) messages.push({ role: 'assistant', content });
    if (turn.results.length)
      messages.push({
        role: 'user',
        content: turn.results.map(({ call, outcome }) => ({
          type: 'tool_result',
          tool_use_id: call.id,
          content: outcome.text,
          ...(outcome.isError ? { is_error: true } : {}),
        })),
      });
  }
  return messages;
}

/**
 * The API wants turns to alternate: tool results (a user turn) before the person's next message
 * become one user turn, results first, as Anthropic asks.
 */
export function mergeTurns<T extends { role: string; content: unknown }>(messages: T[]): T[] {
  const merged: T[] = [];
  for (const message of messages) {
    const last = merged.at(-1);
    if (last && last.role === message.role) {
      last.content = [...blocksOf(last.content), ...blocksOf(message.content)];
      continue;
    }
    merged.push({ ...message });
  }
  return merged;
}

function blocksOf(content: unknown): unknown[] {
  if (Array.isArray(content)) return content;
  return typeof content === 'string' && content ? [{ type: 'text', text: content }] : [];
}

/** `content_block_start` of a `tool_use` block (a whole reply's block carries its `input` already). */
export function readToolUseStart(index: number, block: Record<string, unknown>, state: StreamState): void {
  const input = block.input;
  const whole = isRecord(input) && Object.keys(input).length > 0 ? JSON.stringify(input) : undefined;
  state.tools.add(index, { id: block.id, name: block.name, arguments: whole });
}

/** `input_json_delta`: a piece of the block's arguments. */
export function readInputJsonDelta(index: number, delta: Record<string, unknown>, state: StreamState): void {
  state.tools.add(index, { arguments: delta.partial_json });
}
