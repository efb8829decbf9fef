/**
 * What the real APIs refuse about tools, with their words: tool names outside the allowed pattern,
 * a call without its result right after it, a result for a call that was not made.
 */
import type { ContentProblem } from './content-rules.ts';

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

type Json = Record<string, unknown>;
const record = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** OpenAI's 400 for the first tool problem of a chat completion request. */
export function openAiToolProblem(body: unknown): ContentProblem | undefined {
  for (const [t, tool] of list(record(body)?.tools).entries()) {
    const fn = record(record(tool)?.function);
    const name = fn?.name;
    if (record(tool)?.type !== 'function' || typeof name !== 'string' || !NAME.test(name))
      return {
        message: `Invalid 'tools[${t}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        param: `tools[${t}].function.name`,
        code: 'invalid_value',
      };
  }
  const messages = list(record(body)?.messages).map(record);
  for (const [m, message] of messages.entries()) {
    if (message?.role === 'tool') {
      const owner = messages.slice(0, m).findLast((earlier) => earlier?.role !== 'tool');
      const ids = list(owner?.tool_calls).map((call) => record(call)?.id);
      if (owner?.role !== 'assistant' || !ids.includes(message.tool_call_id))
        return {
          message:
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: `messages.[${m}].role`,
          code: null,
        };
    }
    const calls = list(message?.tool_calls);
    if (message?.role !== 'assistant' || calls.length === 0) continue;
    const answered = new Set<unknown>();
    for (const next of messages.slice(m + 1)) {
      if (next?.role !== 'tool') break;
      answered.add(next.tool_call_id);
    }
    const missing = calls.map((call) => record(call)?.id).filter((id) => !answered.has(id));
    if (missing.length)
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`,
        param: 'messages',
        code: null,
      };
  }
  return undefined;
}

/** Anthropic's 400 message for the first tool problem of a Messages request. */
export function anthropicToolProblem(body: unknown): string | undefined {
  for (const [t, tool] of list(record(body)?.tools).entries()) {
    const name = record(tool)?.name;
    if (typeof name !== 'string' || !NAME.test(name))
      return `tools.${t}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
  }
  const messages = list(record(body)?.messages).map(record);
  const blocks = (message: Json | null, type: string) =>
    list(message?.content)
      .map(record)
      .filter((block) => block?.type === type);
  for (const [m, message] of messages.entries()) {
    const uses = blocks(message, 'tool_use').map((block) => block!.id);
    const results = blocks(message, 'tool_result').map((block) => block!.tool_use_id);
    if (uses.length && message?.role !== 'assistant')
      return `messages.${m}: tool_use blocks can only be in assistant messages`;
    if (results.length) {
      const before = blocks(messages[m - 1] ?? null, 'tool_use').map((block) => block!.id);
      const stray = results.filter((id) => !before.includes(id));
      if (message?.role !== 'user' || stray.length)
        return `messages.${m}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    if (uses.length) {
      const after = new Set(
        blocks(messages[m + 1] ?? null, 'tool_result').map((block) => block!.tool_use_id),
      );
      const missing = uses.filter((id) => !after.has(id));
      if (missing.length)
        return `messages.${m}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}
