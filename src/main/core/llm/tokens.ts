import type { ChatMessageInput, Usage } from '../../../shared/llm-events.ts';

/**
 * Token estimates with gpt-tokenizer (o200k_base), loaded on first use so that requests that never
 * need an estimate never pay for loading the vocabulary.
 */
type Encoder = { countTokens(text: string): number };

let encoder: Promise<Encoder> | null = null;

function loadEncoder(): Promise<Encoder> {
  encoder ??= import('gpt-tokenizer/encoding/o200k_base').then((module) => ({
    countTokens: module.countTokens,
  }));
  return encoder;
}

/** Above this many characters, count a sample and scale: an estimate either way, and it stays fast. */
const SAMPLE_CHARS = 200_000;

export async function countTextTokens(text: string): Promise<number> {
  if (text.length === 0) return 0;
  const { countTokens } = await loadEncoder();
  if (text.length <= SAMPLE_CHARS) return countTokens(text);
  const sample = countTokens(text.slice(0, SAMPLE_CHARS));
  return Math.ceil((sample * text.length) / SAMPLE_CHARS);
}

/** Per-message framing overhead as OpenAI documents it for chat models. */
const PER_MESSAGE = 4;
const PER_REPLY = 3;

export async function countMessageTokens(messages: readonly ChatMessageInput[]): Promise<number> {
  let total = PER_REPLY;
  for (const message of messages) total += PER_MESSAGE + (await countTextTokens(message.content));
  return total;
}

export async function estimateUsage(
  messages: readonly ChatMessageInput[],
  answer: string,
  reasoning: string,
): Promise<Usage> {
  const [inputTokens, answerTokens, reasoningTokens] = await Promise.all([
    countMessageTokens(messages),
    countTextTokens(answer),
    countTextTokens(reasoning),
  ]);
  const usage: Usage = { inputTokens, outputTokens: answerTokens + reasoningTokens, estimated: true };
  if (reasoningTokens > 0) usage.reasoningTokens = reasoningTokens;
  return usage;
}
