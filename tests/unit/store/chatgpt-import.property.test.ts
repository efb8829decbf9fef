/**
 * Property tests of the ChatGPT import's parser, in memory: the JSON reader (random values, random
 * chunking, random damage, limits) and the conversion of a mapping (cycles, dangling parents, deep
 * chains, every field of every shape). Fixed seed plus a printed random one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NotAConversationError,
  convertChatGptConversation,
} from '../../../src/main/core/store/chatgpt-mapping.ts';
import { IMPORT_LIMITS, ImportRefusal } from '../../../src/main/core/store/import-limits.ts';
import { readJsonArray } from '../../../src/main/core/store/json-array-reader.ts';
import { orderForest } from '../../../src/main/core/store/message-forest.ts';
import { TITLE_MAX_LENGTH } from '../../../src/shared/titles.ts';
import { chainArb, checkSeeds, conversationArb, mappingArb } from '../../fixtures/import-fuzz.ts';

const LIMITS = {
  ...IMPORT_LIMITS,
  maxTextChars: 64,
  maxConversationChars: 4000,
  maxContainers: 300,
  maxDepth: 12,
};

async function readAll(chunks: Buffer[], limits = IMPORT_LIMITS): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of readJsonArray(
    (async function* () {
      yield* chunks;
    })(),
    limits,
  ))
    out.push(value);
  return out;
}

/** Splits bytes into pieces of random sizes (through multi-byte characters too). */
function cut(bytes: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    pieces.push(bytes.subarray(at, at + size + 1));
    at += size + 1;
  }
  if (at < bytes.length) pieces.push(bytes.subarray(at));
  return pieces;
}

describe('the JSON reader of an export', () => {
  it('yields what JSON.parse reads, however the bytes are cut', async () => {
    const property = fc.asyncProperty(
      fc.array(fc.jsonValue({ maxDepth: 5 }), { maxLength: 8 }),
      fc.array(fc.nat({ max: 300 }), { maxLength: 12 }),
      async (values, points) => {
        const text = JSON.stringify(values);
        const read = await readAll(cut(Buffer.from(text), points));
        expect(JSON.stringify(read)).toBe(JSON.stringify(JSON.parse(text)));
      },
    );
    await checkSeeds('reader round trip', property, 100);
  });

  it('throws only a SyntaxError or its plain-words refusal on damaged bytes, and never a string over the limit', async () => {
    const property = fc.asyncProperty(
      fc.array(fc.jsonValue({ maxDepth: 14 }), { maxLength: 5 }),
      fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 }),
      fc.nat(),
      fc.array(fc.nat({ max: 300 }), { maxLength: 6 }),
      async (values, flips, keep, points) => {
        const bytes = Buffer.from(JSON.stringify(values));
        for (const { at, byte } of flips) if (bytes.length) bytes[at % bytes.length] = byte;
        const damaged = bytes.subarray(0, flips.length ? keep % (bytes.length + 1) : bytes.length);
        try {
          const read = await readAll(cut(damaged, points), LIMITS);
          const longest = Math.max(
            0,
            ...(JSON.stringify(read).match(/"(?:[^"\\]|\\.)*"/g) ?? []).map((s) => s.length),
          );
          expect(longest).toBeLessThanOrEqual(LIMITS.maxTextChars * 6 + 2);
        } catch (error) {
          expect(error instanceof SyntaxError || error instanceof ImportRefusal, String(error)).toBe(true);
          if (error instanceof ImportRefusal)
            expect(error.message).toMatch(/^(Conversation \d+ of the export has|The file is)/);
        }
      },
    );
    await checkSeeds('reader on damaged bytes', property, 200);
  });

  it('keeps __proto__ and constructor as plain keys', async () => {
    const [value] = await readAll([Buffer.from('[{"__proto__": {"polluted": true}, "constructor": 1}]')]);
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value as object)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
  });
});

describe('the conversion of a mapping', () => {
  function checkConverted(raw: unknown) {
    let converted;
    try {
      converted = convertChatGptConversation(raw, IMPORT_LIMITS);
    } catch (error) {
      expect(error instanceof NotAConversationError || error instanceof ImportRefusal, String(error)).toBe(
        true,
      );
      return null;
    }
    const seen = new Set<string>();
    for (const m of converted.messages) {
      expect(seen.has(m.sourceId)).toBe(false);
      if (m.parentSourceId !== null) expect(seen.has(m.parentSourceId)).toBe(true); // parents first: no cycle
      seen.add(m.sourceId);
      expect(m.content.trim()).not.toBe('');
      expect(Number.isFinite(m.createdAt)).toBe(true);
    }
    expect(converted.title.length).toBeLessThanOrEqual(TITLE_MAX_LENGTH);
    expect(converted.title.trim()).toBe(converted.title);
    if (converted.currentLeafSourceId !== null) expect(seen.has(converted.currentLeafSourceId)).toBe(true);
    return converted;
  }

  it('turns any conversation-shaped value into messages whose parents come first, or refuses it', async () => {
    const property = fc.property(fc.oneof(conversationArb, fc.anything()), (raw) => void checkConverted(raw));
    await checkSeeds('conversion of random conversations', property, 150);
  });

  it('keeps every visible message of a chain of up to 3,000 nodes, loops cut', async () => {
    const property = fc.property(chainArb, ({ mapping, length }) => {
      const converted = checkConverted({ conversation_id: 'chain', mapping })!;
      const visible = Object.values(mapping).filter((n) => (n as { message: unknown }).message).length;
      expect(converted.messages).toHaveLength(visible);
      expect(converted.messages.filter((m) => m.parentSourceId === null).length).toBe(visible ? 1 : 0);
      expect(length).toBeGreaterThan(0);
    });
    await checkSeeds('chains', property, 12);
  });

  it('orders any parent graph as a forest: each node once, parents first, loops cut at one node', async () => {
    const property = fc.property(
      fc.array(fc.option(fc.nat({ max: 40 }), { nil: null }), { maxLength: 40 }),
      (parents) => {
        const ids = parents.map((_, i) => `n${i}`);
        const parentOf = (id: string) => {
          const p = parents[Number(id.slice(1))];
          return p !== null && p !== undefined && p < parents.length ? `n${p}` : null;
        };
        const { order, parent } = orderForest(ids, parentOf);
        expect([...order].sort()).toEqual([...ids].sort());
        const at = new Map(order.map((id, i) => [id, i]));
        for (const id of ids) {
          const p = parent.get(id)!;
          expect(p === null || p === parentOf(id)).toBe(true);
          if (p !== null) expect(at.get(p)!).toBeLessThan(at.get(id)!);
        }
      },
    );
    await checkSeeds('forest order', property, 400);
  });

  it('breaks each random mapping the same way twice (stable ids for re-imports)', async () => {
    const property = fc.property(mappingArb, (mapping) => {
      const a = checkConverted({ id: 'c', mapping });
      const b = checkConverted({ id: 'c', mapping });
      expect(a).toEqual(b);
    });
    await checkSeeds('deterministic conversion', property, 200);
  });
});
