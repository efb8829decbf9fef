import { ParleyError } from '../shared/errors.ts';
import type { ChatHistory } from '../main/core/chat/chat-ports.ts';
import type { ChatSettings } from '../main/core/chat/create-chat.ts';
import { MemoryChatHistory } from '../main/core/chat/memory-history.ts';
import type { MetricsSink } from '../main/core/metrics/request-metrics.ts';
import type { SecretStore } from '../main/core/secrets/secret-store.ts';
import { CliUsageError, parseArgs } from './args.ts';
import { resolveTarget, targetFlagSpec, type CallTarget } from './call-target.ts';
import { readAll, type CommandIo } from './io.ts';
import { TerminalPeer, type StreamDone } from './terminal-peer.ts';
import { readRequestFlags, requestFlagSpec, setsConversation } from './request-flags.ts';
import type { RequestFlags } from './request-flags.ts';
import { askUsage } from './usage.ts';
import type { Assistant } from '../shared/assistants.ts';
import type { AssistantStore } from '../main/core/assistants/assistant-store.ts';
import { findAssistant } from './assistant.ts';
import type { AttachmentChoice } from '../shared/attachments.ts';
import { ATTACHMENT_LIMITS } from '../shared/attachments.ts';
import type { AttachmentKeeper } from '../main/core/attachments/attach-file.ts';
import { MemoryAttachments } from '../main/core/attachments/memory-attachments.ts';
import type { AttachmentReader } from '../main/core/chat/attachment-parts.ts';
import { attachFiles } from './attach.ts';
import { filterFlagSpec, flaggedExit, heldExit, readFilterFlags, withModeration } from './ask-filters.ts';
import type { AskFilters } from './ask-filters.ts';
import {
  AskToolSession,
  readToolFlags,
  toolFlagSpec,
  type AskTools,
  type ToolSettings,
} from './ask-tools.ts';

const flagSpec = {
  ...targetFlagSpec,
  conversation: 'string',
  continue: 'boolean',
  'no-save': 'boolean',
  assistant: 'string',
  attach: 'list',
  help: 'boolean',
  ...requestFlagSpec,
  ...filterFlagSpec,
  ...toolFlagSpec,
} as const;

/** What `parley ask` needs from its process; `runFromProcess` passes the real ones, tests their own. */
export interface AskDeps {
  /** The user's settings, read once. */
  settings: () => ChatSettings & ToolSettings;
  /** The keychain. Failures to open it are not fatal: keys from the environment still apply. */
  secrets?: () => Promise<SecretStore>;
  /** Opens the history the answer is saved to (never called with --no-save). */
  openHistory: () => Promise<SavedHistory>;
  /** The assistant library (`--assistant NAME`). */
  assistants?: () => AssistantStore;
  /** Ctrl-C: stop the answer, keep what was printed. */
  signal?: AbortSignal;
}

/** The history store as `parley ask` uses it. */
export interface SavedHistory {
  store: ChatHistory;
  recordMetrics: MetricsSink;
  /** Where `--attach` files are kept (the history's attachment store), for the send to read. */
  attachments?: AttachmentKeeper & AttachmentReader;
  /** The most recently updated conversation, if any. */
  mostRecentConversation(): string | null;
  close(): void;
}

interface AskPlan extends CallTarget {
  prompt: string;
  conversation: string | 'latest' | null;
  save: boolean;
  /** `--assistant`: a new conversation starts from it (its system prompt, parameters, model). */
  assistant: { store: AssistantStore; found: Assistant } | null;
  request: RequestFlags;
  /** `--attach`: the files, in the order given. */
  files: string[];
  filters: AskFilters;
  /** `--tools`: the MCP servers whose tools the answer may use, and whether to ask. */
  tools: AskTools | null;
}

/** Reads the flags and the settings into what to send where; usage and setup errors throw CliUsageError. */
async function plan(args: readonly string[], io: CommandIo, deps: AskDeps): Promise<AskPlan | 'help'> {
  const { flags, positionals } = parseArgs(args, flagSpec, { c: 'conversation' });
  if (flags.help === true) return 'help';
  const text = (name: keyof typeof flagSpec) => (typeof flags[name] === 'string' ? flags[name] : undefined);
  const request = readRequestFlags(flags);
  const save = flags['no-save'] !== true;
  const conversation = flags.continue === true ? 'latest' : (text('conversation') ?? null);
  if (flags.continue === true && text('conversation'))
    throw new CliUsageError('Give either --conversation ID or --continue, not both.');
  if (conversation && !save)
    throw new CliUsageError('--no-save starts a conversation that is not kept; it cannot continue one.');
  if (conversation && setsConversation(request))
    throw new CliUsageError(
      '--system and the parameter flags start a new conversation; a saved one keeps its own (change them in Parley).',
    );

  const assistant = chosenAssistant(text('assistant'), conversation, deps);
  // The settings read once: the target and the tools both come from them.
  const settings = deps.settings();
  const tools = readToolFlags(flags, settings);
  // The assistant's model unless the flags choose one.
  const preferred = text('provider') || text('model') ? null : (assistant?.found.model ?? null);
  const target = await resolveTarget(
    flags,
    io,
    { ...deps, settings: () => settings },
    { preferred, request },
  );

  let prompt = positionals.join(' ').trim();
  if (!prompt && !io.stdinIsTTY) prompt = (await readAll(io)).trim();
  const files = Array.isArray(flags.attach) ? flags.attach : [];
  if (!prompt && files.length === 0)
    throw new CliUsageError('Nothing to ask: give a PROMPT, or pipe one to standard input.');
  if (files.length > ATTACHMENT_LIMITS.maxFilesPerMessage)
    throw new CliUsageError(`At most ${ATTACHMENT_LIMITS.maxFilesPerMessage} files a message (--attach).`);
  const filters = readFilterFlags(flags);
  target.settings = withModeration(target.settings, filters, target.model.providerId);
  // The tools the person allowed "always" run without asking, whichever provider answers.
  if (tools) target.settings = { ...target.settings, toolsAlwaysAllowed: settings.toolsAlwaysAllowed ?? [] };
  return { prompt, ...target, conversation, save, assistant, request, files, filters, tools };
}

/** `--assistant NAME`: the assistant of the library, for a new conversation only. */
function chosenAssistant(name: string | undefined, conversation: string | null, deps: AskDeps) {
  if (name === undefined) return null;
  if (conversation)
    throw new CliUsageError(
      '--assistant starts a new conversation; it cannot continue one (-c or --continue).',
    );
  if (!deps.assistants) throw new CliUsageError('There are no assistants here.');
  const store = deps.assistants();
  try {
    return { store, found: findAssistant(store, name) };
  } catch (error) {
    throw error instanceof ParleyError ? new CliUsageError(error.message) : error;
  }
}

export async function runAskCommand(args: string[], io: CommandIo, deps: AskDeps): Promise<number> {
  let call: AskPlan;
  try {
    const planned = await plan(args, io, deps);
    if (planned === 'help') {
      io.stdout(`${askUsage}\n`);
      return 0;
    }
    call = planned;
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`${error.message}\n\nUsage:\n${askUsage}\n`);
    return 2;
  }
  const history = call.save ? await deps.openHistory() : null;
  try {
    // Files are kept where the send reads them: the history's store, or memory with --no-save.
    const store = history?.attachments ?? new MemoryAttachments();
    let attachments: AttachmentChoice[];
    try {
      attachments = await attachFiles(call.files, store, io);
    } catch (error) {
      if (!(error instanceof ParleyError)) throw error;
      io.stderr(`${error.message}\n`);
      return error instanceof CliUsageError ? 2 : 1;
    }
    return await answer(call, io, deps, history, { store, attachments });
  } finally {
    history?.close();
  }
}

async function answer(
  call: AskPlan,
  io: CommandIo,
  deps: AskDeps,
  saved: SavedHistory | null,
  attached: { store: AttachmentReader; attachments: AttachmentChoice[] },
): Promise<number> {
  const { createChat } = await import('../main/core/chat/create-chat.ts');
  const tools =
    call.tools &&
    new AskToolSession(call.tools, {
      io,
      secrets: call.secrets,
      decide: (streamId, callId, decision) => chat.approveTool(streamId, callId, decision),
    });
  const { client, chat } = createChat({
    settings: () => call.settings,
    secrets: call.secrets,
    history: saved?.store ?? new MemoryChatHistory(),
    assistants: call.assistant?.store,
    attachments: attached.store,
    metrics: saved ? (record) => saved.recordMetrics(record) : undefined,
    env: io.env,
    tools: tools?.manager,
  });
  const peer = new TerminalPeer(io, tools?.terminal);
  let done: StreamDone;
  try {
    const conversationId =
      call.conversation === 'latest' ? saved!.mostRecentConversation() : call.conversation;
    if (call.conversation === 'latest' && !conversationId)
      io.stderr('There is no saved conversation yet; starting one.\n');
    const started = await chat.send(
      {
        content: call.prompt,
        attachments: attached.attachments,
        conversationId,
        model: call.model,
        source: 'parley',
        assistantId: call.assistant?.found.id ?? null,
        settings: { systemPrompt: call.request.systemPrompt, parameters: call.request.parameters },
        filters: call.filters.override,
        tools: tools?.names ?? [],
      },
      peer,
    );
    const stop = () => chat.stop(started.streamId);
    if (deps.signal?.aborted) stop();
    deps.signal?.addEventListener('abort', stop, { once: true });
    done = await peer.done;
    deps.signal?.removeEventListener('abort', stop);
  } catch (error) {
    if (!(error instanceof ParleyError)) throw error;
    const held = heldExit(error, io);
    if (held === null) io.stderr(`${error.message}\n`);
    return held ?? 1;
  } finally {
    await chat.settled();
    await tools?.close();
    await client.close();
  }
  if (!peer.endsWithNewline) io.stdout('\n');
  return report(done, peer, io, call);
}

/** The end of the answer on standard error, and the exit status. */
function report(done: StreamDone, peer: TerminalPeer, io: CommandIo, call: AskPlan): number {
  const flagged = flaggedExit(done, io);
  if (flagged !== null) return flagged;
  if (done.state === 'complete') return 0;
  if (done.stopped) {
    io.stderr(peer.printed ? 'Stopped; the answer above is incomplete.\n' : 'Stopped.\n');
    return 130;
  }
  const error = done.error ?? { code: 'internal' as const, message: 'The answer failed.' };
  const message =
    error.code === 'bad_key' && call.noKeyFound
      ? call.noKeyFound
      : error.detail
        ? `${error.message}\n  (${error.detail})`
        : error.message;
  io.stderr(`${done.state === 'interrupted' ? 'The answer was cut off. ' : ''}${message}\n`);
  return 1;
}
