import { z } from 'zod';

/**
 * Function calling as every side sees it: the tools a request offers the model, the calls the model
 * makes, and what goes back. Wire formats (OpenAI's `tool_calls`, Anthropic's `tool_use`) are the
 * adapters' business; these are the shapes between them and the rest of Parley.
 */

/** The most steps (model turns) one answer may take through tools before Parley stops it. */
export const DEFAULT_TOOL_STEPS = 10;

/** A tool the model may call. `name` is the name the model sees (see tool-names in core). */
export interface ToolDefinition {
  name: string;
  description: string;
  /** A JSON Schema object for the arguments (`{"type":"object",...}`). */
  inputSchema: Record<string, unknown>;
}

/** One call the model made: its id (the provider's), the tool's name, the arguments as JSON text. */
export interface ToolCall {
  id: string;
  name: string;
  /** As the model wrote it; may be invalid JSON (the tool is then told so, not run). */
  arguments: string;
}

/** What a tool call gave back: text for the model, and whether it is an error. */
export interface ToolOutcome {
  text: string;
  isError: boolean;
}

/** The longest call id Parley takes from a provider (longer ones are replaced, see tool-drafts.ts). */
export const TOOL_CALL_ID_MAX = 200;

/** A person's answer to a call: run it this once, always run this tool, or send a refusal back. */
export const toolDecisions = ['once', 'always', 'deny'] as const;
export type ToolDecisionChoice = (typeof toolDecisions)[number];

/** `tools.approve`: the answer to a `tool_call` event that asked. */
export const toolApproveInputSchema = z
  .object({
    streamId: z.string().uuid(),
    callId: z.string().min(1).max(TOOL_CALL_ID_MAX),
    decision: z.enum(toolDecisions),
  })
  .strict();

/** `tools.cancel`: stops a running call; the model is told it was cancelled. */
export const toolCancelInputSchema = z
  .object({ streamId: z.string().uuid(), callId: z.string().min(1).max(TOOL_CALL_ID_MAX) })
  .strict();

/** Parses a call's arguments into an object, or says in plain words why they are not one. */
export function parseToolArguments(
  call: ToolCall,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  const text = call.arguments.trim() === '' ? '{}' : call.arguments;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: `The arguments for ${call.name} are not valid JSON.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: `The arguments for ${call.name} must be a JSON object.` };
  return { ok: true, value: value as Record<string, unknown> };
}
