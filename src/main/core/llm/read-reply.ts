import type { Readable } from 'node:stream';
import type { AppError } from '../../../shared/errors.ts';
import type { FinishReason, LlmEvent } from '../../../shared/llm-events.ts';
import { StreamState, type ProviderAdapter } from './adapters/types.ts';
import { appError, cancelledError, looksLikeHtml, summariseHtml } from './errors.ts';
import { classifyNetworkError } from './network-errors.ts';
import { cleanDetail } from './redact.ts';
import { readText } from './http.ts';
import { isAbort, type Failure, type OpenReply } from './open-request.ts';
import { modelRef, type ChainLink } from './routing.ts';
import type { RunTally } from './run-tally.ts';
import { createSseDecoder } from './sse.ts';

/**
 * Reading one 2xx reply into events: a server-sent event stream, a complete JSON answer (some servers
 * ignore the stream request), or a body that is no answer at all. Returns null when the reply ended in
 * `finish`, else the failure for the retry loop to judge.
 */

/** After the end marker, how long to wait for the server to close the body before cutting it. */
const DRAIN_AFTER_DONE_MS = 2000;
/** The largest complete JSON reply read when a server ignores the stream request. */
const JSON_REPLY_LIMIT = 64 * 1024 * 1024;
/** How much of a body with no content type is kept in case it turns out to be plain JSON. */
const SNIFF_LIMIT = 1024 * 1024;

/** The events of a reply, a batch per network read, then null when it finished, else why it failed. */
export type ReplyEvents = AsyncGenerator<LlmEvent[], Failure | null, undefined>;

/** One reply being read: the link and adapter that asked, the run's tally, and the run's signal. */
export interface ReplyReader {
  link: ChainLink;
  adapter: ProviderAdapter;
  tally: RunTally;
  signal: AbortSignal;
}

/** A failure after output was shown: the answer so far stays, marked incomplete. */
export function interruption(cause: AppError): AppError {
  return { ...cause, code: 'interrupted', message: `${cause.message} The answer is incomplete.` };
}

export async function* readReply(reader: ReplyReader, opened: OpenReply): ReplyEvents {
  const { adapter, tally } = reader;
  const { reply, context } = opened;
  const state = new StreamState(context);
  const contentType = reply.contentType ?? '';
  if (contentType.includes('json')) return yield* readJsonReply(reader, state, reply.body);

  const body = reply.body;
  // After an in-stream error nothing more is read: events behind it in the same chunk are dropped.
  const sse = createSseDecoder((message) => {
    if (state.error === null) adapter.readEvent(message, state);
  });
  const events = state.events;
  // Without an event-stream content type the body may be a plain JSON answer: keep its start to check.
  const sniffer = contentType.includes('event-stream') ? null : new TextDecoder();
  let sniffed = sniffer ? '' : null;
  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  let sawEvents = false;
  try {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      if (sniffed !== null)
        sniffed = sniffed.length < SNIFF_LIMIT ? sniffed + sniffer!.decode(chunk, { stream: true }) : null;
      sse.push(chunk);
      if (events.length > 0) {
        sawEvents = true;
        yield tally.emit(events);
      }
      if (state.error) break;
      if (state.done && drainTimer === undefined)
        drainTimer = setTimeout(() => body.destroy(), DRAIN_AFTER_DONE_MS);
    }
    if (!state.error) {
      sse.end();
      if (events.length > 0) {
        sawEvents = true;
        yield tally.emit(events);
      }
    }
  } catch (error) {
    if (isAbort(error, reader.signal)) return { error: cancelledError() };
    if (!state.done) {
      const cause = classifyNetworkError(error, { ...context, ...opened.network });
      return { error: tally.streamed ? interruption(cause) : cause };
    }
  } finally {
    clearTimeout(drainTimer);
    body.destroy();
  }
  if (!sawEvents && !state.done && !state.error && state.finishReason === null && sniffed) {
    return yield* readWholeReply(reader, state, sniffed, contentType);
  }
  return yield* settle(reader, state);
}

async function* readJsonReply(reader: ReplyReader, state: StreamState, body: Readable): ReplyEvents {
  let text: string;
  try {
    text = await readText(body, JSON_REPLY_LIMIT);
  } catch (error) {
    if (isAbort(error, reader.signal)) return { error: cancelledError() };
    return {
      error: appError('network_unreachable', `The reply from ${reader.link.provider.name} broke off.`, {
        detail: String(error),
      }),
    };
  }
  return yield* readWholeReply(reader, state, text, 'application/json');
}

/** A complete non-streaming body: a JSON answer, a JSON error, or something that is not an answer at all. */
async function* readWholeReply(
  reader: ReplyReader,
  state: StreamState,
  text: string,
  contentType: string,
): ReplyEvents {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const what = looksLikeHtml(contentType, text)
      ? {
          message: 'sent a web page instead of an answer',
          detail: summariseHtml(text, state.context.secrets),
        }
      : {
          message: 'sent a reply that is not an answer',
          detail: cleanDetail(text, state.context.secrets, 200) || 'an empty reply',
        };
    return {
      error: appError('server_error', `${reader.link.provider.name} ${what.message}.`, {
        detail: what.detail,
      }),
    };
  }
  reader.adapter.readReply(json, state);
  if (state.events.length > 0) yield reader.tally.emit(state.events);
  return yield* settle(reader, state);
}

/** How a reply that reached its end (or an in-stream error) comes out: finish, or a failure. */
async function* settle({ link, tally }: ReplyReader, state: StreamState): ReplyEvents {
  if (state.error) return { error: state.error };
  if (!state.done && state.finishReason === null) {
    const cause = appError(
      'network_unreachable',
      `${link.provider.name} closed the reply before the answer was complete.`,
    );
    return { error: tally.streamed ? interruption(cause) : cause };
  }
  const calls = state.tools.calls();
  // Some compatible servers end a turn of calls with `stop`: the calls are what counts.
  const reason: FinishReason = calls.length > 0 ? 'tool_calls' : (state.finishReason ?? 'stop');
  // A filter that fired before any output is an error; after output, the shown part is kept as the answer.
  if (reason === 'content_filter' && !tally.streamed) {
    const error = appError(
      'content_filtered',
      `${link.provider.name}'s content filter blocked this answer.`,
      {
        detail: state.filterDetail ?? undefined,
      },
    );
    return { error };
  }
  if (calls.length > 0) yield [{ type: 'tool_calls', calls }];
  tally.usage = state.usage ?? (await tally.estimate());
  yield [{ type: 'usage', usage: tally.usage }];
  tally.outcome = 'complete';
  yield [{ type: 'finish', reason, answeredBy: modelRef(link), route: tally.route() }];
  return null;
}
