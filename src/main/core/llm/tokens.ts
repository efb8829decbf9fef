import type { ChatInputPart, ChatMessageInput, Usage } from '../../../shared/llm-events.ts';

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
  for (const message of messages) total += PER_MESSAGE + (await contentTokens(message));
  return total;
}

/** The text a part costs: a tool call's name and arguments, a tool result's text. */
function partText(part: Exclude<ChatInputPart, { type: 'image' }>): string {
  if (part.type === 'tool_call') return `${part.call.name} ${part.call.arguments}`;
  if (part.type === 'tool_result') return part.outcome.text;
  return part.text;
}

/** A message's text, or its parts: their text, files by their text, images of unknown size as a square. */
async function contentTokens(message: ChatMessageInput): Promise<number> {
  if (!message.parts) return countTextTokens(message.content);
  let total = 0;
  for (const part of message.parts)
    total +=
      part.type === 'image' ? imageTokens({}, part.detail, 'openai') : await countTextTokens(partText(part));
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

/** The APIs whose image pricing differs: OpenAI (Azure and compatibles count the same way) and Anthropic. */
export type ImageTokenRule = 'openai' | 'anthropic';

/** An image whose size is unknown is counted as this square (what most screenshots come to). */
const UNKNOWN_SIDE = 1024;

/**
 * Estimated input tokens of one image, as each API documents it. OpenAI: 85 at `low` detail, else
 * scaled to fit 2048×2048 and then to 768 on its short side, 85 + 170 per 512-pixel tile. Anthropic:
 * scaled to 1568 on its long side, width × height / 750.
 */
export function imageTokens(
  size: { width?: number; height?: number },
  detail: 'auto' | 'low' | 'high' | undefined,
  rule: ImageTokenRule,
): number {
  let width = size.width && size.width > 0 ? size.width : UNKNOWN_SIDE;
  let height = size.height && size.height > 0 ? size.height : UNKNOWN_SIDE;
  const shrink = (limit: number, side: number) => {
    if (side <= limit) return;
    width = (width * limit) / side;
    height = (height * limit) / side;
  };
  if (rule === 'anthropic') {
    shrink(1568, Math.max(width, height));
    return Math.ceil((width * height) / 750);
  }
  if (detail === 'low') return 85;
  shrink(2048, Math.max(width, height));
  shrink(768, Math.min(width, height));
  return 85 + 170 * Math.ceil(width / 512) * Math.ceil(height / 512);
}
