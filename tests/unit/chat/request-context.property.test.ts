/**
 * Property test of how a request's context is built: whatever the conversation, the history limit
 * and the window, the system prompt comes first, the newest messages are always sent, what is kept
 * is the most recent stretch (never starting with an answer), it fits the window unless even the
 * newest messages alone cannot, and the counts add up. The quick path (no tokenizer) agrees with
 * the counted one. Fixed seed plus a printed random seed (PARLEY_FUZZ_SEED replays one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/main/core/chat/request-context.ts';
import { countMessageTokens } from '../../../src/main/core/llm/tokens.ts';
import type { ChatMessageInput } from '../../../src/shared/llm-events.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom('你好，世界。'.repeat(20), 'token '.repeat(80), '🙂'.repeat(30), ''),
);
/** A conversation alternates question and answer, and ends with the question being answered. */
const conversation = fc.array(fc.tuple(text, text), { maxLength: 12 }).chain((pairs) =>
  text.map((last): ChatMessageInput[] => [
    ...pairs.flatMap(([q, a]): ChatMessageInput[] => [
      { role: 'user', content: q },
      { role: 'assistant', content: a },
    ]),
    { role: 'user', content: last },
  ]),
);

describe('the context of a request', () => {
  it('keeps the system prompt and the newest message, leaves out the oldest, and fits the window', async () => {
    await checkSeeds(
      'request context',
      fc.asyncProperty(
        conversation,
        fc.string({ maxLength: 200 }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
        fc.option(fc.integer({ min: 256, max: 4000 }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
        async (messages, systemPrompt, historyLimit, contextWindow, maxOutputTokens) => {
          const request = {
            settings: { systemPrompt, historyLimit, parameters: { maxOutputTokens } },
            messages,
            keep: 1,
            window: { contextWindow, defaultMaxOutput: 4096 },
          };
          const built = await buildContext({ ...request, exact: true });
          const quick = await buildContext(request);
          expect(quick.messages).toEqual(built.messages);
          expect(quick.leftOutToFit).toBe(built.leftOutToFit);

          const sent = built.messages;
          if (systemPrompt) expect(sent[0]).toEqual({ role: 'system', content: systemPrompt });
          expect(sent.at(-1)).toBe(messages.at(-1));
          const kept = sent.filter((m) => m.role !== 'system').slice(0, -1);
          expect(kept).toEqual(messages.slice(messages.length - 1 - kept.length, -1));
          if (kept.length) expect(kept[0]!.role).toBe('user');
          expect(built.sentEarlier).toBe(kept.length);
          expect(built.sentEarlier + built.leftOutByLimit + built.leftOutToFit).toBe(messages.length - 1);
          if (historyLimit !== null) expect(kept.length).toBeLessThanOrEqual(historyLimit);
          expect(built.inputTokens).toBe(await countMessageTokens(sent));
          expect(built.fitTokens).toBe(built.leftOutToFit > 0 ? contextWindow : null);
          if (contextWindow !== null && !built.tooLong) {
            const reserve = maxOutputTokens ?? Math.min(4096, contextWindow / 4);
            expect(built.inputTokens + reserve).toBeLessThanOrEqual(contextWindow);
          }
          if (built.tooLong) expect(kept).toEqual([]);
        },
      ),
      60,
      6,
    );
  }, 30_000);
});
