import type { ToolCall } from '../../../shared/tools.ts';
import { parseToolArguments } from '../../../shared/tools.ts';

/** How much of a tool's text a card shows at most (the model may have been sent more). */
export const TOOL_DISPLAY_CHARS = 20_000;

/** The first `max` characters of a text (never cutting a surrogate pair), and how many are left out. */
export function capText(text: string, max = TOOL_DISPLAY_CHARS): { shown: string; more: number } {
  if (text.length <= max) return { shown: text, more: 0 };
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { shown: text.slice(0, end), more: text.length - end };
}

/** A call's arguments as the person reads them: indented JSON, or the model's text as it came. */
export function formatArguments(call: ToolCall): { text: string; valid: boolean } {
  const parsed = parseToolArguments(call);
  return parsed.ok
    ? { text: JSON.stringify(parsed.value, null, 2), valid: true }
    : { text: call.arguments, valid: false };
}
