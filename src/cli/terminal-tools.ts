import type { ChatStreamEvent } from '../shared/chat.ts';
import type { ToolDecisionChoice } from '../shared/tools.ts';
import type { CommandIo } from './io.ts';
import { TerminalLines } from './terminal-lines.ts';
import { foldedLine, terminalText } from './terminal-text.ts';

/**
 * `parley ask --tools` on the terminal: each call the model makes is shown (server › tool and its
 * arguments) on standard error and, unless `--yes`, asked about: once, always or no. Questions are
 * asked one at a time, in the order the calls came. With no terminal to ask on, a call is refused and
 * standard error says so. A result gets one folded line; standard output keeps only the answer.
 */

type ToolCallEvent = Extract<ChatStreamEvent, { type: 'tool_call' }>;
type ToolResultEvent = Extract<ChatStreamEvent, { type: 'tool_result' }>;

export interface TerminalToolsOptions {
  /** `yes`: every call is allowed without asking (`--yes`). */
  consent: 'ask' | 'yes';
  /** Gives the person's answer to a call that asked (the chat service's approveTool). */
  decide(streamId: string, callId: string, decision: ToolDecisionChoice): unknown;
}

/** The longest arguments shown in full; the rest is counted. */
const SHOWN_ARGUMENTS = 4000;

const answers: Readonly<Record<string, ToolDecisionChoice>> = {
  o: 'once',
  once: 'once',
  y: 'once',
  yes: 'once',
  a: 'always',
  always: 'always',
  n: 'deny',
  no: 'deny',
  d: 'deny',
  deny: 'deny',
};

export class TerminalTools {
  readonly #io: CommandIo;
  readonly #options: TerminalToolsOptions;
  readonly #lines: TerminalLines;
  /** Each call's `server › tool`, for its result line. */
  readonly #labels = new Map<string, string>();
  readonly #denied = new Set<string>();
  /** The questions, one after another. */
  #queue: Promise<void> = Promise.resolve();
  /** The answer ended (done, stopped): questions still queued are dropped unasked. */
  #over = false;

  constructor(io: CommandIo, options: TerminalToolsOptions) {
    this.#io = io;
    this.#options = options;
    this.#lines = new TerminalLines(io);
  }

  call(event: ToolCallEvent): void {
    const label = `${terminalText(event.server)} › ${terminalText(event.tool)}`;
    // Some models number their calls anew at each step: an id seen before is a new call now.
    this.#labels.set(event.call.id, label);
    this.#denied.delete(event.call.id);
    const shown = `${label} ${argumentsText(event.call.arguments)}`;
    if (event.approval === 'allowed') return this.#say(`Running ${shown} (always allowed)`);
    if (this.#options.consent === 'yes') {
      this.#say(`Running ${shown} (--yes)`);
      return this.#decide(event, 'once');
    }
    if (!this.#io.stdinIsTTY) {
      this.#say(
        `Denied ${shown}: there is no terminal to ask on (standard input is not one). --yes allows tool calls.`,
      );
      return this.#decide(event, 'deny');
    }
    this.#queue = this.#queue.then(() => this.#ask(event, shown));
  }

  result(event: ToolResultEvent): void {
    const label = this.#labels.get(event.callId) ?? 'Tool';
    if (this.#denied.has(event.callId)) return;
    const { text, isError } = event.outcome;
    this.#say(`${label}${isError ? ' failed' : ''}: ${foldedLine(text)}`);
  }

  /** The answer is over: a question still open is answered "no". */
  close(): void {
    this.#over = true;
    this.#lines.close();
  }

  async #ask(event: ToolCallEvent, shown: string): Promise<void> {
    if (this.#over) return;
    this.#say(`The model wants to run ${shown}`);
    let decision: ToolDecisionChoice | undefined;
    while (decision === undefined) {
      const line = await this.#lines.ask(
        'Allow it? [o]nce, [a]lways (this tool, until this command ends), [n]o: ',
      );
      // Stopped while asking: the answer no longer waits, so nothing more is said.
      if (this.#over) return;
      if (line === null) {
        this.#io.stderr('\n(standard input ended)\n');
        decision = 'deny';
      } else decision = answers[line.trim().toLowerCase()];
      if (decision === undefined) this.#say('Type o (once), a (always) or n (no).');
    }
    if (decision === 'deny') this.#say('Denied; the model is told so.');
    this.#decide(event, decision);
  }

  #decide(event: ToolCallEvent, decision: ToolDecisionChoice): void {
    if (decision === 'deny') this.#denied.add(event.call.id);
    // An answer already stopped no longer waits for the decision; nothing to tell then.
    void Promise.resolve()
      .then(() => this.#options.decide(event.streamId, event.call.id, decision))
      .catch(() => undefined);
  }

  #say(text: string): void {
    this.#io.stderr(`${text}\n`);
  }
}

/** A call's arguments as the person reads them: compact JSON, or indented when long; capped. */
function argumentsText(raw: string): string {
  if (raw.trim() === '') return '(no arguments)';
  let shown = raw;
  try {
    const value: unknown = JSON.parse(raw);
    shown = JSON.stringify(value);
    if (shown.length > 120) shown = `\n${JSON.stringify(value, null, 2)}`;
  } catch {
    // Not JSON: shown as the model wrote it (the tool will be told it is invalid).
  }
  if (shown.length > SHOWN_ARGUMENTS)
    shown = `${shown.slice(0, SHOWN_ARGUMENTS)}… (${shown.length} characters in all)`;
  return terminalText(shown);
}
