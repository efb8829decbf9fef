import type { ParameterName } from '../shared/assistants.ts';
import type { ChatStreamEvent } from '../shared/chat.ts';
import type { EventName, EventPayload } from '../shared/contract.ts';
import type { Peer } from '../main/core/rpc/bind-contract.ts';
import type { CommandIo } from './io.ts';
import type { TerminalTools } from './terminal-tools.ts';

export type StreamDone = Extract<ChatStreamEvent, { type: 'done' }>;

/** Each parameter as the terminal names it. */
const parameterWords: Record<ParameterName, string> = {
  temperature: 'temperature',
  topP: 'top-p',
  maxOutputTokens: 'max tokens',
  presencePenalty: 'presence penalty',
  frequencyPenalty: 'frequency penalty',
  seed: 'seed',
  stop: 'stop sequences',
  reasoningEffort: 'reasoning effort',
  thinkingBudget: 'thinking budget',
};

function seconds(ms: number): string {
  return ms < 10_000 && ms % 1000 !== 0 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * The terminal as the chat service's caller: the answer's text to standard output as it arrives,
 * waits, retries and failovers to standard error in plain words; never the reasoning. Tool calls
 * and their results go to `tools` (`parley ask --tools`).
 */
export class TerminalPeer implements Peer {
  readonly id = 'terminal';
  readonly done: Promise<StreamDone>;
  /** Whether any answer text was printed, and whether it ended a line. */
  printed = false;
  endsWithNewline = true;
  readonly #io: CommandIo;
  readonly #tools: TerminalTools | null;
  #finish!: (event: StreamDone) => void;

  constructor(io: CommandIo, tools: TerminalTools | null = null) {
    this.#io = io;
    this.#tools = tools;
    this.done = new Promise((resolve) => (this.#finish = resolve));
  }

  send<E extends EventName>(name: E, event: EventPayload<E>): void {
    if (name === 'chat.event') this.#show(event as ChatStreamEvent);
  }

  #show(payload: ChatStreamEvent): void {
    const line = (text: string) => this.#io.stderr(`${text}\n`);
    switch (payload.type) {
      case 'delta':
        if (!payload.text) return;
        this.#io.stdout(payload.text);
        this.printed = true;
        this.endsWithNewline = payload.text.endsWith('\n');
        return;
      case 'status':
        if (payload.status === 'queued') line('Waiting for the rate limit or for other requests to finish.');
        if (payload.status === 'retrying' && payload.error)
          line(
            `${payload.error.message} Retrying in ${seconds(payload.delayMs ?? 0)}, attempt ${payload.attempt} of ${payload.maxAttempts}.`,
          );
        return;
      case 'tool_call':
        this.#tools?.call(payload);
        return;
      case 'tool_result':
        this.#tools?.result(payload);
        return;
      case 'failover':
        line(`${payload.error.message} Trying ${payload.to.model} on ${payload.to.providerId} instead.`);
        return;
      case 'done': {
        const dropped = payload.adjustments?.dropped ?? [];
        if (dropped.length)
          line(
            `Not sent, because ${payload.answeredBy?.model ?? 'the model'} does not take ${dropped.length > 1 ? 'them' : 'it'}: ${dropped.map((name) => parameterWords[name]).join(', ')}.`,
          );
        this.#tools?.close();
        this.#finish(payload);
      }
    }
  }

  onClose(): void {
    // A terminal does not go away before the process does.
  }
}
