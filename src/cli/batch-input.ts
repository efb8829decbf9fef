import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import {
  modelParametersSchema,
  SYSTEM_PROMPT_MAX_LENGTH,
  type ModelParameters,
} from '../shared/assistants.ts';
import type { ChatMessageInput } from '../shared/llm-events.ts';
import { IdSet } from './id-set.ts';

/**
 * The lines of a `parley batch` input file, read as a stream (one line in memory at a time): each a
 * JSON object `{"id", "prompt"}` or `{"id", "messages": [...]}`, optionally with `model`, `system`
 * and parameters under their API names (`temperature`, `top_p`, `max_tokens`...), checked by the
 * app's own parameter schema. A line that is not one is a `BadLine` with its number and why, never a throw.
 */

export interface BatchItem {
  line: number;
  id: string;
  messages: ChatMessageInput[];
  model?: string;
  system?: string;
  parameters: ModelParameters;
}

export interface BadLine {
  line: number;
  problem: string;
}

/** A parameter's name on an input line (as the OpenAI API spells it) and in the app's schema. */
const parameterFields = {
  temperature: 'temperature',
  top_p: 'topP',
  max_tokens: 'maxOutputTokens',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
  seed: 'seed',
  stop: 'stop',
  reasoning_effort: 'reasoningEffort',
  thinking_budget: 'thinkingBudget',
} as const satisfies Record<string, keyof ModelParameters>;

const ID_MAX = 200;
const PROMPT_MAX = 1_000_000;

const messageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string().max(PROMPT_MAX),
  })
  .strict();

const lineSchema = z
  .object({
    id: z.union([z.string().min(1).max(ID_MAX), z.number().int()]).transform(String),
    prompt: z.string().min(1).max(PROMPT_MAX).optional(),
    messages: z.array(messageSchema).min(1).max(1000).optional(),
    model: z.string().min(1).max(200).optional(),
    system: z.string().max(SYSTEM_PROMPT_MAX_LENGTH).optional(),
    ...Object.fromEntries(
      Object.entries(parameterFields).map(([wire, field]) => [wire, modelParametersSchema.shape[field]]),
    ),
  })
  .strict();

/** The first problem zod found, in plain words with the field it is about. */
function problemOf(error: z.ZodError, json: object): string {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  const field = issue.path.join('.');
  const value = issue.path.reduce<unknown>(
    (at, key) =>
      at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined,
    json,
  );
  if (value === undefined) return `"${field}" is missing`;
  if (field === 'id') return '"id" must be a string (or a number) of 1 to 200 characters';
  return field ? `"${field}": ${issue.message}` : issue.message;
}

/** One line's text as an item, or why it is not one. Blank lines are neither (null). */
export function readLine(text: string, line: number): BatchItem | BadLine | null {
  if (text.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { line, problem: 'not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { line, problem: 'not a JSON object' };
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) return { line, problem: problemOf(parsed.error, json) };
  const data = parsed.data as z.infer<typeof lineSchema> & Record<string, unknown>;
  if ((data.prompt === undefined) === (data.messages === undefined))
    return { line, problem: 'give either "prompt" or "messages" (one of them)' };
  const parameters: Record<string, unknown> = {};
  for (const [wire, field] of Object.entries(parameterFields))
    if (data[wire] !== undefined) parameters[field] = data[wire];
  return {
    line,
    id: data.id,
    messages: data.messages ?? [{ role: 'user', content: data.prompt! }],
    model: data.model,
    system: data.system,
    parameters: parameters as ModelParameters,
  };
}

/**
 * Every line of the file, in order, as an item or a bad line. An id in `resumed` (answered by an
 * earlier run) is skipped; an id seen on an earlier line is a bad line of its own. The ids are kept
 * as hashes (id-set.ts), never the lines.
 */
export async function* readBatchInput(
  path: string,
  resumed: IdSet,
): AsyncGenerator<BatchItem | BadLine | { line: number; skipped: string }> {
  const seen = new IdSet();
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    const read = readLine(text, number);
    if (read === null) continue;
    if ('problem' in read) {
      yield read;
      continue;
    }
    if (!seen.add(read.id)) {
      yield { line: number, problem: `the id "${read.id}" was already used on an earlier line` };
      continue;
    }
    yield resumed.has(read.id) ? { line: number, skipped: read.id } : read;
  }
}

/** How many lines hold something (a cheap pass over the bytes, for the progress bar's total). */
export async function countLines(path: string): Promise<number> {
  let count = 0;
  let lineHasText = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at]!;
      if (byte === 0x0a) {
        if (lineHasText) count++;
        lineHasText = false;
      } else if (byte !== 0x20 && byte !== 0x0d && byte !== 0x09) lineHasText = true;
    }
  }
  return lineHasText ? count + 1 : count;
}
