import type { RequestAdjustments } from '../../../shared/assistants.ts';
import type { MessagePart } from '../../../shared/attachments.ts';
import type { AnswerTiming, ChatStreamEvent } from '../../../shared/chat.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { MessageFilter } from '../../../shared/filters.ts';
import type { StoredMessage } from '../../../shared/history.ts';
import type { Usage } from '../../../shared/llm-events.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { AnswerRoute } from '../../../shared/routing.ts';
import type { Peer } from '../rpc/bind-contract.ts';
import { answerOutcome, safeCost, storageFailure, type StreamEnd } from './answer-outcome.ts';
import type { ToolAnswers } from './answer-tools.ts';
import { withWireParts } from './attachment-parts.ts';
import type { ChatServiceDeps } from './chat-ports.ts';
import { DeltaCoalescer, realTimers } from './delta-coalescer.ts';
import type { Chain } from './model-chain.ts';
import type { BuiltContext, PlannedMessage } from './request-context.ts';
import { adjustmentsOf, type RequestPlanner } from './request-plan.ts';
import { statusEventOf } from './stream-status.ts';

/** One answer to stream: where it goes, who is asked, and the conversation's messages (the `keep` newest always sent). */
export interface AnswerJob {
  messageId: string;
  conversationId: string;
  chain: Chain;
  messages: PlannedMessage[];
  keep: number;
  /** False: the answer is written without tools even when its conversation has some (Continue). */
  tools?: boolean;
}

export interface ActiveStream {
  controller: AbortController;
  peer: Peer;
  stopped: boolean;
  done: Promise<void>;
}

export interface AnswerRunner {
  deps: ChatServiceDeps;
  planner: RequestPlanner;
  tools: ToolAnswers;
}

/**
 * Streams one answer into its message; never rejects: every failure ends the message in plain
 * words. Text is stored as it comes; a tool call or result is stored (after the text before it)
 * and sent as its own event, the text before it sent first, so a window sees them in order.
 */
export async function runAnswer(
  runner: AnswerRunner,
  streamId: string,
  stream: ActiveStream,
  job: AnswerJob,
): Promise<Exclude<StoredMessage['state'], 'streaming'>> {
  const { deps, planner } = runner;
  const { history } = deps;
  const { messageId, conversationId, chain } = job;
  const send = (event: ChatStreamEvent) => {
    try {
      stream.peer.send('chat.event', event);
    } catch {
      // A window or socket that cannot be told any more: the answer is still saved.
    }
  };
  const coalescer = new DeltaCoalescer(
    (text, reasoning) => send({ streamId, type: 'delta', text, reasoning }),
    16,
    deps.timers ?? realTimers,
  );
  const end: StreamEnd = { stopped: false, error: null, interrupted: false, finishReason: null };
  let usage: Usage | null = null;
  let answeredBy: ModelRef | null = null;
  let route: AnswerRoute | null = null;
  let streaming = false;
  let keptParts = false;
  let saveFailed = false;
  let built: BuiltContext | null = null;
  let dropped: RequestAdjustments['dropped'] = [];
  const startedAt = performance.now();
  let firstTokenAt: number | null = null;
  const onFilter = (filter: MessageFilter) => send({ streamId, type: 'filter', filter });
  const watch = deps.filters?.watchAnswer(conversationId, chain[0]!.provider.id, onFilter);
  const failedToSave = (error: unknown) => {
    // Nothing more can be kept: stop asking the model rather than print what is lost.
    end.error = storageFailure(error);
    saveFailed = true;
    stream.controller.abort();
  };
  const keep = (part: MessagePart) => {
    try {
      history.appendPart(messageId, part);
      keptParts = true;
    } catch (error) {
      failedToSave(error);
    }
  };
  try {
    const prepared = await planner.prepare(conversationId, job.messages, job.keep, chain);
    built = prepared.built;
    // The attachments' bytes are read only now, for the messages this request sends.
    const messages = await withWireParts(prepared.request.messages, deps.attachments);
    const routing = deps.settings().routingMode;
    const request = { chain, ...prepared.request, messages, routing, requestId: streamId, conversationId };
    deps.requestTags?.set(streamId, prepared.tags);
    const answer = await runner.tools.events(request, {
      streamId,
      servers: job.tools === false ? [] : history.settingsOf(conversationId).tools,
      signal: stream.controller.signal,
      send: (event) => {
        coalescer.flush();
        send(event);
      },
    });
    // A batch per network read: one asynchronous step per read, the events handled one by one.
    reading: for await (const batch of answer.batches) {
      for (const event of batch) {
        if (event.type !== 'tool_result') watch?.see(event);
        switch (event.type) {
          case 'text':
          case 'reasoning': {
            const delta = event.type === 'text' ? { text: event.text } : { reasoning: event.text };
            if (!streaming) {
              streaming = true;
              firstTokenAt = performance.now();
              send({ streamId, type: 'status', status: 'streaming' });
            }
            try {
              history.appendToMessage(messageId, delta);
            } catch (error) {
              failedToSave(error);
            }
            coalescer.push(delta.text ?? '', delta.reasoning ?? '');
            break;
          }
          case 'tool_calls':
            // Stored as the model made them; each is announced when it is asked about (answer-tools.ts).
            for (const call of event.calls) keep(answer.callPart(call));
            break;
          case 'tool_result':
            coalescer.flush();
            send({ streamId, type: 'tool_result', callId: event.callId, outcome: event.outcome });
            keep({ type: 'tool_result', callId: event.callId, outcome: event.outcome });
            break;
          case 'usage':
            usage = event.usage;
            break;
          case 'queued':
          case 'retrying':
          case 'failover':
            send(statusEventOf(streamId, event)!);
            break;
          case 'adjusted':
            // Each one lists every parameter left out of the request now being sent.
            dropped = event.dropped;
            break;
          case 'finish':
            answeredBy = event.answeredBy;
            route = event.route ?? null;
            end.finishReason = event.reason;
            break;
          case 'error':
            // A save failure that aborted the request is the reason, not the abort it caused.
            end.error ??= event.error;
            break;
        }
        if (saveFailed) break reading;
      }
    }
  } catch (error) {
    // The client promises not to throw; if it does anyway, the answer so far is still kept.
    end.error ??=
      error instanceof ParleyError
        ? error.toJSON()
        : { code: 'internal', message: 'The answer stopped because of an error inside Parley.' };
  } finally {
    deps.requestTags?.delete(streamId);
  }
  // Text or tool calls kept: an answer cut short is interrupted (Continue), not an error.
  end.interrupted = streaming || keptParts;
  end.stopped = stream.stopped;
  coalescer.flush();
  const filter = (await watch?.finish()) ?? null;
  let { state, error } = answerOutcome(end);
  const costUsd = usage && answeredBy ? safeCost(deps.cost, answeredBy, usage) : null;
  const adjustments = adjustmentsOf(built, dropped);
  const timing: AnswerTiming = {
    ttftMs: firstTokenAt === null ? null : Math.round(firstTokenAt - startedAt),
    durationMs: Math.round(performance.now() - startedAt),
  };
  try {
    const saved = history.finishMessage(messageId, {
      state,
      error,
      usage,
      costUsd,
      answeredBy,
      adjustments,
      timing,
      filter,
      route,
    });
    // The store could not save the answer (a full disk): it ends in `error`, saying so.
    if (saved.error?.code === 'storage') {
      state = 'error';
      error = saved.error;
    }
  } catch (failure) {
    error = storageFailure(failure);
    state = streaming || keptParts ? 'interrupted' : 'error';
  }
  send({
    streamId,
    type: 'done',
    state,
    stopped: end.stopped,
    error,
    answeredBy,
    usage,
    costUsd,
    adjustments,
    timing,
    filter,
    route,
  });
  return state;
}
