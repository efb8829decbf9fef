import type { ChatInputPart, ChatMessageInput } from '../../../../shared/llm-events.ts';
import type { ToolCall, ToolOutcome } from '../../../../shared/tools.ts';

/**
 * An assistant message that used tools is stored as one message whose parts run in order: what the
 * model said, the calls it made, what they gave back, then what it said next, and so on. Each API
 * wants that as turns: an assistant turn (its text and calls) followed by the calls' results. This
 * is the one place that splits a message into those turns, for every adapter.
 */

export type TextPart = Exclude<ChatInputPart, { type: 'tool_call' | 'tool_result' }>;

export interface ToolTurn {
  /** What the model said in this turn (before its calls). */
  say: TextPart[];
  calls: ToolCall[];
  /** One per call, in the calls' order (a call with no stored result gets an error result). */
  results: { call: ToolCall; outcome: ToolOutcome }[];
}

/** Said when a call has no stored result (the answer stopped while it ran). */
const NO_RESULT: ToolOutcome = { text: 'The tool call did not finish: no result.', isError: true };

/** What the model said in a turn: its text parts, as one text. */
export function sayText(say: readonly TextPart[]): string {
  return say.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

export function isToolPart(part: ChatInputPart): part is Exclude<ChatInputPart, TextPart> {
  return part.type === 'tool_call' || part.type === 'tool_result';
}

/** True when the message carries tool calls (only those messages need turns). */
export function usesTools(message: ChatMessageInput): boolean {
  return message.parts?.some((part) => part.type === 'tool_call') ?? false;
}

/** The message's turns; the last one has no calls when the model ended with text. */
export function toolTurns(parts: readonly ChatInputPart[]): ToolTurn[] {
  const turns: ToolTurn[] = [];
  let turn: ToolTurn = { say: [], calls: [], results: [] };
  const outcomes = new Map<string, ToolOutcome>();
  const close = () => {
    turn.results = turn.calls.map((call) => ({ call, outcome: outcomes.get(call.id) ?? NO_RESULT }));
    turns.push(turn);
    turn = { say: [], calls: [], results: [] };
  };
  let sawResult = false;
  for (const part of parts) {
    if (part.type === 'tool_call') {
      if (sawResult) {
        close();
        sawResult = false;
      }
      turn.calls.push(part.call);
    } else if (part.type === 'tool_result') {
      outcomes.set(part.callId, part.outcome);
      sawResult = true;
    } else {
      if (turn.calls.length > 0) {
        close();
        sawResult = false;
      }
      turn.say.push(part);
    }
  }
  if (turn.say.length > 0 || turn.calls.length > 0) close();
  return turns;
}
