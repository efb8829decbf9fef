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

/** What a price is looked up for: a bare model name, or a model on a provider. */
export type PricedModel = string | { providerId: string; model: string };

const tables = new WeakMap<PriceTable, PriceTable>();

/**
 * The one table every cost uses: the built-in prices with the user's overrides on top. The same
 * overrides object gives the same table, so a table's lower-cased keys are made once (`keysOf`).
 */
export function priceTable(overrides?: PriceTable): PriceTable {
  if (!overrides) return defaultPrices;
  let table = tables.get(overrides);
  if (!table) {
    table = { ...defaultPrices, ...overrides };
    tables.set(overrides, table);
  }
  return table;
}

/** Each table's keys beside their lower-case forms, made once per table (a table is never changed). */
const loweredKeys = new WeakMap<PriceTable, readonly (readonly [key: string, lower: string])[]>();

function keysOf(table: PriceTable): readonly (readonly [string, string])[] {
  let keys = loweredKeys.get(table);
  if (!keys) {
    keys = Object.keys(table).map((key) => [key, key.toLowerCase()] as const);
    loweredKeys.set(table, keys);
  }
  return keys;
}

/** The exact key, else the longest key that prefixes `name` at a `-` boundary (case-insensitive). */
function lookup(table: PriceTable, name: string): { key: string; price: ModelPrice } | null {
  if (table[name]) return { key: name, price: table[name] };
  const lowerName = name.toLowerCase();
  let best: string | null = null;
  for (const [key, lower] of keysOf(table)) {
    if (
      (lowerName === lower || (lowerName.startsWith(lower) && lowerName.charAt(lower.length) === '-')) &&
      (best === null || key.length > best.length)
    )
      best = key;
  }
  return best === null ? null : { key: best, price: table[best]! };
}

/**
 * A model's price. A `providerId/model` entry (as the settings document overrides) and a plain
 * `model` entry are both looked up; the one naming more of the model wins, the provider's on a tie.
 * Each also prices dated or suffixed variants (`gpt-4o` prices `gpt-4o-2024-08-06`); a vendor prefix
 * in the model name (`openai/gpt-4o`) is ignored when nothing names it whole.
 */
export function priceFor(table: PriceTable, what: PricedModel): ModelPrice | null {
  const model = typeof what === 'string' ? what : what.model;
  const qualifier = typeof what === 'string' ? null : `${what.providerId}/`;
  const qualified = qualifier ? lookup(table, qualifier + model) : null;
  const plain = lookup(table, model) ?? lookup(table, model.slice(model.lastIndexOf('/') + 1));
  if (qualified && (!plain || qualified.key.length - qualifier!.length >= plain.key.length))
    return qualified.price;
  return plain?.price ?? null;
}

/** Cost of one exchange in USD, or null when the model has no price. */
export function costUsd(
  table: PriceTable,
  what: PricedModel,
  usage: Pick<Usage, 'inputTokens' | 'outputTokens'>,
): number | null {
  const entry = priceFor(table, what);
  if (!entry) return null;
  return (usage.inputTokens * entry.inputPerMTok + usage.outputTokens * entry.outputPerMTok) / 1_000_000;
}
