import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import { jsonParser } from 'stream-json/core/parser.js';
import type parser from 'stream-json/core/parser.js';
import { ImportRefusal, megabytes } from './import-limits.ts';
import type { ImportLimits } from './import-limits.ts';

type Token = parser.Token;
type Json = unknown;
type Container =
  { kind: 'object'; value: Record<string, Json>; key: string | null } | { kind: 'array'; value: Json[] };

/**
 * Reads a JSON array from UTF-8 bytes and yields its elements one at a time, never holding more
 * than one element, and refusing (with an `ImportRefusal`) an element or a string larger than the
 * limits before it is in memory. Invalid UTF-8 and UTF-16 text are refused; a UTF-8 BOM is skipped.
 * Objects have no prototype, so keys like `__proto__` are plain keys. The assembly is iterative:
 * nesting costs no stack.
 */
export async function* readJsonArray(
  bytes: AsyncIterable<Buffer>,
  limits: Pick<ImportLimits, 'maxTextChars' | 'maxConversationChars' | 'maxContainers' | 'maxDepth'>,
): AsyncGenerator<Json> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const tokens = jsonParser({ packValues: false, streamValues: true });
  const assembler = new Assembler(limits);
  let offset = 0;
  const decode = (chunk: Buffer | undefined): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new ImportRefusal(
        'The file is not valid UTF-8 text, as a ChatGPT export always is.',
        `invalid UTF-8 after byte ${offset}`,
      );
    }
  };
  for await (const chunk of bytes) {
    if (offset === 0 && chunk.length >= 2 && isUtf16Bom(chunk)) {
      throw new ImportRefusal(
        'The file is UTF-16 text; a ChatGPT export is UTF-8. Export it again from ChatGPT, or save it as UTF-8.',
      );
    }
    const text = decode(chunk);
    offset += chunk.length;
    yield* assembler.feed(parse(tokens, text));
  }
  yield* assembler.feed(parse(tokens, decode(undefined)));
  yield* assembler.feed(parse(tokens, none));
  assembler.end();
}

function isUtf16Bom(chunk: Buffer): boolean {
  return (chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff);
}

function parse(tokens: ReturnType<typeof jsonParser>, text: string | typeof none): Token[] {
  if (text === '') return [];
  let out;
  try {
    out = tokens(text as string);
  } catch (error) {
    throw new SyntaxError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  return isMany(out) ? (getManyValues(out) as Token[]) : [];
}

class Assembler {
  readonly #limits: Parameters<typeof readJsonArray>[1];
  readonly #stack: Container[] = [];
  #started = false;
  #ended = false;
  #text = '';
  #textChars = 0;
  #entryChars = 0;
  #entryContainers = 0;
  #entries = 0;

  constructor(limits: Parameters<typeof readJsonArray>[1]) {
    this.#limits = limits;
  }

  *feed(tokens: Token[]): Generator<Json> {
    for (const token of tokens) {
      const done = this.#take(token);
      if (done !== NOTHING) yield done;
    }
  }

  end(): void {
    if (!this.#ended) throw new SyntaxError('the file ends before its list of conversations does');
  }

  #take(token: Token): Json | typeof NOTHING {
    if (this.#ended) throw new SyntaxError('there is more after the list of conversations');
    if (!this.#started) {
      if (token.name !== 'startArray') throw new SyntaxError('the file is not a list of conversations');
      this.#started = true;
      return NOTHING;
    }
    this.#entryChars++;
    switch (token.name) {
      case 'startKey':
      case 'startString':
      case 'startNumber':
        this.#text = '';
        this.#textChars = 0;
        return NOTHING;
      case 'stringChunk':
      case 'numberChunk':
        this.#textChars += token.value.length;
        this.#entryChars += token.value.length;
        if (this.#textChars > this.#limits.maxTextChars) {
          throw this.#refuse(
            `a text longer than ${megabytes(this.#limits.maxTextChars)}, more than Parley imports in one message`,
          );
        }
        this.#text += token.value;
        return NOTHING;
      case 'endKey': {
        const top = this.#stack.at(-1);
        if (top?.kind === 'object') top.key = this.#takeText();
        return NOTHING;
      }
      case 'endString':
        return this.#value(this.#takeText());
      case 'endNumber':
        return this.#value(Number(this.#takeText()));
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        return this.#value(token.value);
      case 'startObject':
      case 'startArray':
        this.#open(token.name === 'startObject');
        return NOTHING;
      case 'endObject':
      case 'endArray':
        if (this.#stack.length === 0) {
          this.#ended = true;
          return NOTHING;
        }
        return this.#value(this.#stack.pop()!.value);
      default:
        return NOTHING;
    }
  }

  #takeText(): string {
    const text = this.#text;
    this.#text = '';
    return text;
  }

  #open(isObject: boolean): void {
    if (++this.#entryContainers > this.#limits.maxContainers) {
      throw this.#refuse('more parts than any ChatGPT conversation has');
    }
    if (this.#stack.length >= this.#limits.maxDepth) {
      throw this.#refuse('nesting deeper than any ChatGPT export has');
    }
    this.#stack.push(
      isObject
        ? { kind: 'object', value: Object.create(null) as Record<string, Json>, key: null }
        : { kind: 'array', value: [] },
    );
  }

  /** Puts a finished value into its container; returns it when it is a whole element of the list. */
  #value(value: Json): Json | typeof NOTHING {
    if (this.#entryChars > this.#limits.maxConversationChars) {
      throw this.#refuse(`a conversation larger than ${megabytes(this.#limits.maxConversationChars)}`);
    }
    const top = this.#stack.at(-1);
    if (!top) {
      this.#entries++;
      this.#entryChars = 0;
      this.#entryContainers = 0;
      return value;
    }
    if (top.kind === 'array') top.value.push(value);
    else {
      top.value[top.key!] = value;
      top.key = null;
    }
    return NOTHING;
  }

  #refuse(what: string): ImportRefusal {
    return new ImportRefusal(`Conversation ${this.#entries + 1} of the export has ${what}.`);
  }
}

const NOTHING = Symbol('nothing');
