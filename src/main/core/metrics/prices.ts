import type { Usage } from '../../../shared/llm-events.ts';

/** USD per million tokens. The settings store owns the user's edits; this module only reads a table. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Keys are model names; a key also prices dated or suffixed variants (`gpt-4o` prices `gpt-4o-2024-08-06`). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

const price = (inputPerMTok: number, outputPerMTok: number): ModelPrice => ({ inputPerMTok, outputPerMTok });

/** List prices of common models; editable defaults, not a promise of what a provider bills. */
export const defaultPrices: PriceTable = {
  'gpt-5': price(1.25, 10),
  'gpt-5-mini': price(0.25, 2),
  'gpt-5-nano': price(0.05, 0.4),
  'gpt-4.1': price(2, 8),
  'gpt-4.1-mini': price(0.4, 1.6),
  'gpt-4.1-nano': price(0.1, 0.4),
  'gpt-4o': price(2.5, 10),
  'gpt-4o-mini': price(0.15, 0.6),
  'gpt-4-turbo': price(10, 30),
  'gpt-3.5-turbo': price(0.5, 1.5),
  o1: price(15, 60),
  'o1-mini': price(1.1, 4.4),
  o3: price(2, 8),
  'o3-mini': price(1.1, 4.4),
  'o4-mini': price(1.1, 4.4),
  'claude-opus-4': price(15, 75),
  'claude-sonnet-4': price(3, 15),
  'claude-3-7-sonnet': price(3, 15),
  'claude-3-5-sonnet': price(3, 15),
  'claude-3-5-haiku': price(0.8, 4),
  'claude-haiku-4-5': price(1, 5),
  'claude-3-opus': price(15, 75),
  'claude-3-haiku': price(0.25, 1.25),
  'deepseek-chat': price(0.27, 1.1),
  'deepseek-reasoner': price(0.55, 2.19),
};

/** The exact entry, else the longest key that prefixes the model at a `-` boundary; vendor prefixes (`openai/`) ignored. */
export function priceFor(table: PriceTable, model: string): ModelPrice | null {
  const exact = table[model];
  if (exact) return exact;
  const bare = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  if (table[bare]) return table[bare];
  let best: string | null = null;
  for (const key of Object.keys(table)) {
    const lower = key.toLowerCase();
    if (
      bare.startsWith(lower) &&
      bare.charAt(lower.length) === '-' &&
      (best === null || key.length > best.length)
    )
      best = key;
  }
  return best === null ? null : (table[best] ?? null);
}

/** Cost of one exchange in USD, or null when the model has no price. */
export function costUsd(
  table: PriceTable,
  model: string,
  usage: Pick<Usage, 'inputTokens' | 'outputTokens'>,
): number | null {
  const entry = priceFor(table, model);
  if (!entry) return null;
  return (usage.inputTokens * entry.inputPerMTok + usage.outputTokens * entry.outputPerMTok) / 1_000_000;
}
