import type { ChatInputPart, ChatMessageInput, LlmEvent, Usage } from '../../../shared/llm-events.ts';
import {
  DEFAULT_TOOL_STEPS,
  type ToolCall,
  type ToolDefinition,
  type ToolOutcome,
} from '../../../shared/tools.ts';
import type { ChatRequest, LlmClient } from '../llm/client.ts';
import { appError, cancelledError } from '../llm/errors.ts';

/**
 * One answer that may use tools: the model is asked, its calls are approved (or not) and run, their
 * results go back, and the model is asked again, until it answers without calling a tool or the step
 * limit is reached. Each step is an ordinary client request, so retries, failover and the rate
 * limiter work around every step. A tool that fails, or a call the person denies, goes back to the
 * model as an error result: the model decides what to do next.
 */

export interface ToolBox {
  /** The tools offered to the model. */
  definitions: ToolDefinition[];
  /** Runs one call. Never throws: a failure is an error outcome. */
  run(call: ToolCall, signal: AbortSignal): Promise<ToolOutcome>;
}

/** Which server and tool a model's tool name stands for. */
export interface ToolOrigin {
  server: string;
  tool: string;
}

/** A toolbox of MCP servers' tools, which knows the server and tool behind each model name. */
export interface ServerToolBox extends ToolBox {
  origin(name: string): ToolOrigin | null;
}

export type ToolDecision = 'allow' | 'deny';

export interface ToolLoopOptions {
  tools: ToolBox;
  /** Asked before each call; `deny` sends a refusal back instead of running it. */
  approve(call: ToolCall, signal: AbortSignal): Promise<ToolDecision>;
  /** Model turns at most (default 10). */
  maxSteps?: number;
}

/** The client's events, plus each call's result as it comes. */
export type ToolLoopEvent = LlmEvent | { type: 'tool_result'; callId: string; outcome: ToolOutcome };

/** Each step's own request id (its metrics record), the answer's for the first step. */
export function stepRequestId(answerId: string, step: number): string {
  return step === 1 ? answerId : `${answerId}:step${step}`;
}

/** The answer's request id a step's id was made from. */
export function answerRequestId(stepId: string): string {
  return stepId.replace(/:step\d+$/, '');
}

/** Sent back when the person denies a call. */
export const DENIED_OUTCOME: ToolOutcome = {
  text: 'The user denied this tool call. Do not try it again; answer without it or ask the user.',
  isError: true,
};

function addUsage(sum: Usage | null, next: Usage): Usage {
  if (!sum) return next;
  return {
    inputTokens: sum.inputTokens + next.inputTokens,
    outputTokens: sum.outputTokens + next.outputTokens,
    estimated: sum.estimated || next.estimated,
    ...(sum.reasoningTokens !== undefined || next.reasoningTokens !== undefined
      ? { reasoningTokens: (sum.reasoningTokens ?? 0) + (next.reasoningTokens ?? 0) }
      : {}),
  };
}

/** The answer so far as the assistant message the next step sends. */
function answerSoFar(parts: ChatInputPart[]): ChatMessageInput {
  const content = parts
    .map((part) => (part.type === 'text' ? part.text : ''))
    .filter(Boolean)
    .join('');
  return { role: 'assistant', content, parts: [...parts] };
}

/**
 * The events of the whole answer, a batch per network read or tool result. `usage` events carry the
 * sum over the steps so far; `finish` comes once, at the end. Never throws.
 */
export async function* runWithTools(
  client: Pick<LlmClient, 'streamBatches'>,
  request: ChatRequest,
  options: ToolLoopOptions,
  signal: AbortSignal,
): AsyncGenerator<ToolLoopEvent[], void, undefined> {
  const maxSteps = options.maxSteps ?? DEFAULT_TOOL_STEPS;
  const tools = options.tools.definitions;
  const parts: ChatInputPart[] = [];
  let usage: Usage | null = null;
  for (let step = 1; ; step++) {
    const messages = parts.length ? [...request.messages, answerSoFar(parts)] : request.messages;
    let calls: ToolCall[] = [];
    let said = '';
    const requestId = request.requestId && stepRequestId(request.requestId, step);
    for await (const batch of client.streamBatches({ ...request, messages, tools, requestId }, signal)) {
      const passed: ToolLoopEvent[] = [];
      for (const event of batch) {
        if (event.type === 'text') said += event.text;
        else if (event.type === 'tool_calls') calls = event.calls;
        else if (event.type === 'usage') {
          usage = addUsage(usage, event.usage);
          passed.push({ type: 'usage', usage });
          continue;
        } else if (event.type === 'finish' && calls.length > 0) continue; // the answer goes on
        passed.push(event);
      }
      if (passed.length) yield passed;
    }
    if (calls.length === 0) return; // the model answered (finish) or the step failed (error): passed on
    if (said) parts.push({ type: 'text', text: said });
    for (const call of calls) parts.push({ type: 'tool_call', call });
    if (step >= maxSteps) {
      const error = appError(
        'interrupted',
        `The answer stopped after ${maxSteps} tool steps without a final reply.`,
      );
      yield [{ type: 'error', error, interrupted: true }];
      return;
    }
    for (const call of calls) {
      const decision = signal.aborted
        ? 'deny'
        : await options.approve(call, signal).catch((): ToolDecision => 'deny');
      const outcome = decision === 'allow' ? await options.tools.run(call, signal) : DENIED_OUTCOME;
      parts.push({ type: 'tool_result', callId: call.id, outcome });
      yield [{ type: 'tool_result', callId: call.id, outcome }];
      if (signal.aborted) {
        // Stopped while asking or running: what was done is kept, nothing more is asked.
        yield [{ type: 'error', error: cancelledError(), interrupted: true }];
        return;
      }
    }
  }
}
