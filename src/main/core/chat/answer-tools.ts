import type { MessagePart } from '../../../shared/attachments.ts';
import type { ChatStreamEvent } from '../../../shared/chat.ts';
import type { ChatMessageInput } from '../../../shared/llm-events.ts';
import type { ToolCall, ToolDecisionChoice, ToolOutcome } from '../../../shared/tools.ts';
import {
  runWithTools,
  type ServerToolBox,
  type ToolDecision,
  type ToolLoopEvent,
} from '../tools/tool-loop.ts';
import type { ChatServiceDeps } from './chat-ports.ts';

/**
 * Answers that use tools, with a person in control. When the conversation names MCP servers whose
 * tools are up, the answer runs through the tool loop: each call is announced (`tool_call`) and
 * waits for the person (`approveTool`) unless its tool is always allowed; a running call can be
 * cancelled alone (`cancelTool`), and the model is told so. Stop, or the window going away, while a
 * call waits denies it and ends the answer. Without tools the answer is the client's stream as is.
 */

/** Sent back when the person cancels a running call; the answer goes on. */
export const CANCELLED_OUTCOME: ToolOutcome = { text: 'The user cancelled this tool call.', isError: true };

type Pending =
  | { kind: 'waiting'; decide(decision: ToolDecisionChoice): void }
  | { kind: 'running'; controller: AbortController; cancelled: boolean };

export type ToolRequest = Parameters<ChatServiceDeps['client']['streamBatches']>[0];

/** One answer's stream, as the tool calls see it. */
export interface ToolStream {
  streamId: string;
  /** The conversation's MCP servers (none: no tools). */
  servers: readonly string[];
  signal: AbortSignal;
  /** Sends a stream event after the text that came before it. */
  send(event: Extract<ChatStreamEvent, { type: 'tool_call' | 'tool_result' }>): void;
}

/** The answer's events, and the stored part of each call the model makes. */
export interface AnswerEvents {
  batches: AsyncIterable<ToolLoopEvent[]>;
  callPart(call: ToolCall): Extract<MessagePart, { type: 'tool_call' }>;
}

export type ToolAnswerDeps = Pick<ChatServiceDeps, 'client' | 'tools' | 'settings' | 'allowToolAlways'>;

export class ToolAnswers {
  readonly #deps: ToolAnswerDeps;
  /** Calls waiting for the person or running, by stream then call id. */
  readonly #pending = new Map<string, Map<string, Pending>>();
  /** "Always" chosen where it cannot be saved (no settings port): kept until the process ends. */
  readonly #alwaysHere = new Set<string>();

  constructor(deps: ToolAnswerDeps) {
    this.#deps = deps;
  }

  async events(request: ToolRequest, stream: ToolStream): Promise<AnswerEvents> {
    const box = await this.#toolbox(stream.servers);
    const origin = (call: ToolCall) => box?.origin(call.name) ?? { server: '', tool: call.name };
    const callPart = (call: ToolCall) => ({ type: 'tool_call' as const, call, ...origin(call) });
    if (!box) {
      const plain = { ...request, messages: request.messages.map(toolTurnsAsText) };
      return { batches: this.#deps.client.streamBatches(plain, stream.signal), callPart };
    }
    this.#pending.set(stream.streamId, new Map());
    const batches = runWithTools(
      this.#deps.client,
      request,
      {
        tools: { definitions: box.definitions, run: (call, signal) => this.#run(box, stream, call, signal) },
        approve: (call, signal) => this.#approve(stream, callPart(call), signal),
      },
      stream.signal,
    );
    return { batches: this.#forgetAfter(stream.streamId, batches), callPart };
  }

  /** The person's answer to a waiting call; false when no such call waits. */
  approve(streamId: string, callId: string, decision: ToolDecisionChoice): boolean {
    const pending = this.#pending.get(streamId)?.get(callId);
    if (pending?.kind !== 'waiting') return false;
    pending.decide(decision);
    return true;
  }

  /** Stops a running call (the model is told it was cancelled); a waiting one is denied. */
  cancel(streamId: string, callId: string): boolean {
    const pending = this.#pending.get(streamId)?.get(callId);
    if (!pending) return false;
    if (pending.kind === 'waiting') pending.decide('deny');
    else {
      pending.cancelled = true;
      pending.controller.abort();
    }
    return true;
  }

  /** The tools of the conversation's servers; null when it uses none or none are up (then no tools). */
  async #toolbox(servers: readonly string[]): Promise<ServerToolBox | null> {
    if (!this.#deps.tools || servers.length === 0) return null;
    try {
      const box = await this.#deps.tools.toolbox(servers);
      return box.definitions.length > 0 ? box : null;
    } catch {
      return null; // the servers' statuses say why
    }
  }

  async #approve(
    stream: ToolStream,
    part: Extract<MessagePart, { type: 'tool_call' }>,
    signal: AbortSignal,
  ): Promise<ToolDecision> {
    const { call } = part;
    const always = this.#deps.settings().toolsAlwaysAllowed ?? [];
    const allowed = always.includes(call.name) || this.#alwaysHere.has(call.name);
    stream.send({ streamId: stream.streamId, ...part, approval: allowed ? 'allowed' : 'ask' });
    if (allowed) return 'allow';
    const decision = await this.#ask(stream.streamId, call.id, signal);
    if (decision === 'always') await this.#remember(call.name);
    return decision === 'deny' ? 'deny' : 'allow';
  }

  /** Waits for the person; Stop (or the window closing) while waiting is a denial. */
  #ask(streamId: string, callId: string, signal: AbortSignal): Promise<ToolDecisionChoice> {
    const calls = this.#pending.get(streamId)!;
    return new Promise((resolve) => {
      const decide = (decision: ToolDecisionChoice) => {
        signal.removeEventListener('abort', onAbort);
        calls.delete(callId);
        resolve(decision);
      };
      const onAbort = () => decide('deny');
      if (signal.aborted) return resolve('deny');
      signal.addEventListener('abort', onAbort, { once: true });
      calls.set(callId, { kind: 'waiting', decide });
    });
  }

  async #remember(name: string): Promise<void> {
    const save = this.#deps.allowToolAlways;
    if (!save) return void this.#alwaysHere.add(name);
    try {
      await save(name);
    } catch {
      // Not saved (settings could not be written): this call runs, the next one asks again.
    }
  }

  /** Runs a call with its own signal, so cancelling it leaves the answer going. */
  async #run(box: ServerToolBox, stream: ToolStream, call: ToolCall, signal: AbortSignal) {
    const controller = new AbortController();
    const pending: Pending = { kind: 'running', controller, cancelled: false };
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    const calls = this.#pending.get(stream.streamId)!;
    calls.set(call.id, pending);
    try {
      const outcome = await box.run(call, controller.signal);
      return pending.cancelled ? CANCELLED_OUTCOME : outcome;
    } finally {
      signal.removeEventListener('abort', stop);
      calls.delete(call.id);
    }
  }

  async *#forgetAfter(streamId: string, batches: AsyncIterable<ToolLoopEvent[]>) {
    try {
      yield* batches;
    } finally {
      this.#pending.delete(streamId);
    }
  }
}

/**
 * A request that offers no tools (none switched on, their servers down, a comparison) still carries
 * earlier answers that used them: their calls and results go as text, since an API may refuse tool
 * turns in a request that defines no tools.
 */
export function toolTurnsAsText(message: ChatMessageInput): ChatMessageInput {
  if (!message.parts?.some((part) => part.type === 'tool_call' || part.type === 'tool_result'))
    return message;
  const said = message.parts.map((part) => {
    if (part.type === 'tool_call')
      return `[Called the tool ${part.call.name} with ${part.call.arguments || '{}'}]`;
    if (part.type === 'tool_result')
      return `[The tool ${part.outcome.isError ? 'failed' : 'answered'}: ${part.outcome.text}]`;
    return part.type === 'text' ? part.text : '';
  });
  return { role: message.role, content: said.filter(Boolean).join('\n\n') };
}
