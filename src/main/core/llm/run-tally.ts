import type { AppError } from '../../../shared/errors.ts';
import type { AnswerRoute, RouteReason, SkippedLink } from '../../../shared/routing.ts';
import type { ChatMessageInput, LlmEvent, Usage } from '../../../shared/llm-events.ts';
import { costUsd, type PriceTable } from '../metrics/prices.ts';
import type { MetricsSink, RequestMetrics } from '../metrics/request-metrics.ts';
import type { Clock } from './clock.ts';
import { modelRef, type ChainLink } from './routing.ts';
import { estimateUsage } from './tokens.ts';

/**
 * What one chat run has seen so far, for its events and its one metrics record: when output started
 * and last arrived, the text (for usage estimates), retries, failover hops, the usage and the outcome.
 */

export interface TallyDeps {
  clock: Clock;
  prices: () => PriceTable;
  metrics?: MetricsSink;
}

export interface TallyRequest {
  messages: ChatMessageInput[];
  requestId: string;
  conversationId: string | null;
}

export class RunTally {
  readonly #deps: TallyDeps;
  readonly #request: TallyRequest;
  readonly #startedAt: number;
  /** The link being tried (the last one tried once the run is over). */
  link: ChainLink;
  retries = 0;
  hops = 0;
  usage: Usage | null = null;
  /** How the answer found its link and key (routing.ts): reasons beyond `first`, links passed over, the key's hint. */
  readonly why: RouteReason[] = [];
  readonly skipped: SkippedLink[] = [];
  keyHint: string | null = null;
  outcome: RequestMetrics['outcome'] = 'cancelled';
  #errorCode: AppError['code'] | null = null;
  #firstOutputAt: number | null = null;
  #lastOutputAt: number | null = null;
  readonly #answer: string[] = [];
  readonly #reasoning: string[] = [];

  constructor(deps: TallyDeps, request: TallyRequest, link: ChainLink) {
    this.#deps = deps;
    this.#request = request;
    this.#startedAt = deps.clock.now();
    this.link = link;
  }

  /** The route the answer took through the link being tried now. */
  route(): AnswerRoute {
    return {
      providerId: this.link.provider.id,
      model: this.link.model,
      keyHint: this.keyHint,
      why: this.why.length ? [...this.why] : ['first'],
      skipped: [...this.skipped],
    };
  }

  /** Output has reached the consumer: from here on a failure interrupts an answer, and no link is retried. */
  get streamed(): boolean {
    return this.#firstOutputAt !== null;
  }

  /**
   * Takes the parsed text and reasoning out of `events` as one batch to pass on, noting when output
   * started and keeping the text for estimates.
   */
  emit(events: LlmEvent[]): LlmEvent[] {
    let output = false;
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      if (event.type === 'text') this.#answer.push(event.text);
      else if (event.type === 'reasoning') this.#reasoning.push(event.text);
      // A provider's filter note alone is not output: a filter that fires first still fails the link.
      output ||= event.type !== 'filter';
    }
    if (output) {
      const now = this.#deps.clock.now();
      if (this.#firstOutputAt === null) this.#firstOutputAt = now;
      this.#lastOutputAt = now;
    }
    return events.splice(0);
  }

  /** The run's last event when it fails; records the outcome. */
  fail(error: AppError): LlmEvent {
    const interrupted = this.streamed;
    this.outcome = error.code === 'cancelled' ? 'cancelled' : interrupted ? 'interrupted' : 'error';
    this.#errorCode = error.code;
    return { type: 'error', error, interrupted };
  }

  estimate(): Promise<Usage> {
    return estimateUsage(this.#request.messages, this.#answer.join(''), this.#reasoning.join(''));
  }

  /** One record per request, after the stream settled; estimating usage never delays the last event. */
  report(): void {
    const sink = this.#deps.metrics;
    if (!sink) return;
    const finishedAt = this.#deps.clock.now();
    const link = this.link;
    const build = (usage: Usage | null): RequestMetrics => {
      const generationMs =
        this.#firstOutputAt !== null && this.#lastOutputAt !== null
          ? this.#lastOutputAt - this.#firstOutputAt
          : 0;
      return {
        requestId: this.#request.requestId,
        conversationId: this.#request.conversationId,
        providerId: link?.provider.id ?? '',
        model: link?.model ?? '',
        startedAt: this.#startedAt,
        ttftMs: this.#firstOutputAt === null ? null : this.#firstOutputAt - this.#startedAt,
        totalMs: finishedAt - this.#startedAt,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        usageEstimated: usage?.estimated ?? true,
        tokensPerSecond: usage && generationMs > 0 ? (usage.outputTokens * 1000) / generationMs : null,
        retries: this.retries,
        failoverHops: this.hops,
        outcome: this.outcome,
        errorCode: this.#errorCode,
        costUsd: usage && link ? costUsd(this.#deps.prices(), modelRef(link), usage) : null,
      };
    };
    const deliver = (record: RequestMetrics): void => {
      try {
        sink(record);
      } catch {
        // A failing sink must not break the stream it measures.
      }
    };
    if (this.usage || !this.streamed) deliver(build(this.usage));
    else
      this.estimate().then(
        (usage) => deliver(build(usage)),
        () => deliver(build(null)),
      );
  }
}
