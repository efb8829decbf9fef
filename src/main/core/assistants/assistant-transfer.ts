import { z } from 'zod';
import type { AssistantImportResult } from '../../../shared/assistants.ts';
import { assistantInputSchema } from '../../../shared/assistants.ts';
import type { ExportResult } from '../../../shared/contract.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { AssistantStore } from './assistant-store.ts';

/**
 * Assistants to and from one JSON file. An import is validated entry by entry: a file that is not
 * an assistants file is refused in plain words with nothing changed; an entry that is not a valid
 * assistant is skipped; an entry whose id is already here updates that assistant (never a twin).
 */

export const ASSISTANTS_FILE_FORMAT = 'parley-assistants';
const MAX_ENTRIES = 1000;
const inputKeys = Object.keys(assistantInputSchema.shape);

export function exportAssistants(store: AssistantStore, now = new Date()): ExportResult {
  // Built-ins travel only when edited: an untouched one is already in every Parley.
  const assistants = store
    .list()
    .filter((a) => !a.builtIn || a.updatedAt > 0)
    .map((a) => ({ ...pick(a), hidden: a.hidden }));
  const content = JSON.stringify({ format: ASSISTANTS_FILE_FORMAT, version: 1, assistants }, null, 2) + '\n';
  return {
    fileName: `parley-assistants-${now.toISOString().slice(0, 10)}.json`,
    mimeType: 'application/json',
    content,
  };
}

export function importAssistants(store: AssistantStore, content: string): AssistantImportResult {
  const entries = readEntries(content);
  const valid: { input: z.infer<typeof assistantInputSchema>; hidden?: boolean }[] = [];
  let skipped = 0;
  for (const entry of entries) {
    const input = entry && typeof entry === 'object' ? assistantInputSchema.safeParse(pick(entry)) : null;
    if (!input?.success) {
      skipped++;
      continue;
    }
    const hidden = (entry as { hidden?: unknown }).hidden;
    valid.push({ input: input.data, hidden: typeof hidden === 'boolean' ? hidden : undefined });
  }
  const names = new Map(store.list().map((a) => [a.name.toLowerCase(), a.id]));
  for (const { input } of valid) {
    // A new assistant named like another one here gets a distinct name rather than a confusing twin.
    const owner = names.get(input.name.toLowerCase());
    if (owner !== undefined && owner !== input.id) input.name = distinctName(input.name, names);
    names.set(input.name.toLowerCase(), input.id ?? '');
  }
  const { added, updated } = valid.length ? store.saveMany(valid) : { added: 0, updated: 0 };
  return { added, updated, skipped };
}

function readEntries(content: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw refused('it is not valid JSON');
  }
  const list = Array.isArray(parsed)
    ? parsed
    : z
        .object({ format: z.literal(ASSISTANTS_FILE_FORMAT).optional(), assistants: z.array(z.unknown()) })
        .safeParse(parsed).data?.assistants;
  if (!list) throw refused('it holds no list of assistants');
  if (list.length > MAX_ENTRIES) throw refused(`it holds more than ${MAX_ENTRIES} assistants`);
  return list;
}

/** Only the fields an assistant has (a file's other keys, `__proto__` included, are ignored). */
function pick(entry: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of inputKeys)
    if (Object.hasOwn(entry, key)) out[key] = (entry as Record<string, unknown>)[key];
  return out;
}

function distinctName(name: string, taken: Map<string, string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${name.slice(0, 70)} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function refused(why: string): ParleyError {
  return new ParleyError({
    code: 'invalid_input',
    message: `That file was not imported because ${why}; nothing was changed. Choose a file exported from Parley's assistants.`,
  });
}
