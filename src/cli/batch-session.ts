import { resolveChain } from '../main/core/chat/model-chain.ts';
import { createLlmClient } from '../main/core/llm/client.ts';
import { costUsd, priceTable } from '../main/core/metrics/prices.ts';
import type { BatchDeps, BatchPlan } from './batch.ts';
import { answerLine, type LineDefaults } from './batch-call.ts';
import { countLines, readBatchInput } from './batch-input.ts';
import { answeredIds, BatchWriter } from './batch-output.ts';
import { BatchProgress } from './batch-progress.ts';
import { runBatch } from './batch-run.ts';
import type { CommandIo } from './io.ts';
import { ContentFilters } from '../main/core/filters/content-filters.ts';

/**
 * A planned `parley batch` run: the ids already in the output, the client, the scheduler, the
 * progress and the summary. Exit status: 0 every line answered, 1 some failed or were bad lines,
 * 130 stopped by Ctrl-C (what was written stays; the same command goes on from there).
 */
export async function runPlanned(call: BatchPlan, io: CommandIo, deps: BatchDeps): Promise<number> {
  const progress = new BatchProgress({ write: io.stderr, terminal: io.stderrIsTTY === true });
  const before = await answeredIds(call.out);
  if (before.tornBytes)
    progress.say(`The output's last line was incomplete (a run was cut off); it is asked again.`);
  void countLines(call.input).then(
    (total) => (progress.total = total),
    () => undefined,
  );
  const prices = priceTable(call.settings.priceOverrides);
  const client = createLlmClient({
    secrets: call.secrets,
    prices: () => prices,
    env: io.env,
    modelOverrides: () => call.settings.modelOverrides ?? {},
  });
  // The same question gate as parley ask's (the secret guard and the person's rules); moderation
  // is per conversation and assistant, which a batch has not.
  const filters = new ContentFilters({ settings: () => call.settings, secrets: call.secrets });
  const defaults: LineDefaults = {
    client,
    chain: (model) =>
      resolveChain(call.settings, { providerId: call.model.providerId, model: model ?? call.model.model }),
    system: call.request.systemPrompt,
    parameters: call.request.parameters,
    cost: (ref, usage) => costUsd(prices, ref, usage),
    guard: (messages) =>
      Promise.all(
        messages.map(async (message) => ({
          ...message,
          content: await filters.checkQuestion(
            { content: message.content, conversationId: null, filters: call.secretsOverride },
            call.model.providerId,
          ),
        })),
      ),
  };
  const writer = new BatchWriter(call.out);
  let keyHintShown = false;
  const never = new AbortController().signal;
  const stopping = () =>
    progress.say(
      'Stopping: no new lines; the running ones finish and are written (Ctrl-C again cancels them).',
    );
  deps.stop?.addEventListener('abort', stopping, { once: true });
  try {
    const outcome = await runBatch(
      readBatchInput(call.input, before.ids),
      (item, signal) => answerLine(item, defaults, signal),
      {
        result: (result) => {
          writer.write(result);
          progress.result(result);
          if (result.error?.code === 'bad_key' && call.noKeyFound && !keyHintShown) {
            keyHintShown = true;
            progress.say(call.noKeyFound);
          }
        },
        bad: (bad) => progress.badLine(bad),
        skipped: () => progress.skippedLine(),
      },
      { concurrency: call.concurrency, stop: deps.stop ?? never, cancel: deps.cancel ?? never },
    );
    io.stderr(progress.summary(outcome));
    if (outcome.stopped) return 130;
    return progress.failed || progress.bad ? 1 : 0;
  } finally {
    deps.stop?.removeEventListener('abort', stopping);
    writer.close();
    await client.close();
  }
}
