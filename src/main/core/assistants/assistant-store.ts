import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Assistant, AssistantInput } from '../../../shared/assistants.ts';
import { assistantIdSchema, assistantInputSchema } from '../../../shared/assistants.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { NoticeText } from '../../../shared/settings.ts';
import { fileTimestamp, moveAside, writeFileAtomic } from '../store/files.ts';
import { builtInAssistants } from './built-in-assistants.ts';
import type { BuiltInAssistant } from './built-in-assistants.ts';

/**
 * Assistants in one small JSON file in the data folder (`assistants.json`), written atomically and
 * read again on every call, so the app and `parley assistant` never overwrite each other's changes.
 * The file holds the person's own assistants and, for built-ins, only whether each is hidden and
 * its edit, so an untouched built-in follows Parley's updates. A file that cannot be read is set
 * aside (never lost) and a notice says so.
 */

const storedAssistantSchema = assistantInputSchema.extend({
  id: assistantIdSchema,
  hidden: z.boolean().default(false),
  createdAt: z.number().int().min(0),
  updatedAt: z.number().int().min(0),
});
type StoredAssistant = z.infer<typeof storedAssistantSchema>;

const builtInStateSchema = z.object({
  hidden: z.boolean().default(false),
  /** The person's edit; null: as shipped. */
  edit: storedAssistantSchema.nullable().default(null),
});

const fileSchema = z.object({
  version: z.literal(1),
  custom: z.array(z.unknown()).default([]),
  builtIns: z.record(z.string(), z.unknown()).default({}),
});

interface AssistantsFile {
  custom: StoredAssistant[];
  builtIns: Record<string, z.infer<typeof builtInStateSchema>>;
}

export interface AssistantStoreOptions {
  dataDir: string;
  now?: () => number;
}

export class AssistantStore {
  readonly file: string;
  readonly #now: () => number;
  /** Plain-words notices about the file (set aside, entries dropped), in English and Chinese. */
  readonly notices: NoticeText[] = [];
  /** The file could not be read nor kept aside: writing would lose it. */
  #frozen = false;

  constructor(options: AssistantStoreOptions) {
    this.file = join(options.dataDir, 'assistants.json');
    this.#now = options.now ?? Date.now;
  }

  /** Built-ins first (in their shipped order), then the person's own, oldest first; hidden ones flagged. */
  list(): Assistant[] {
    const data = this.#read();
    const builtIns = builtInAssistants.map((b) => toBuiltIn(b, data.builtIns[b.id]));
    const custom = data.custom.map((a): Assistant => ({ ...a, builtIn: false }));
    return [...builtIns, ...custom];
  }

  get(id: string): Assistant {
    const found = this.list().find((a) => a.id === id);
    if (!found) throw notFound(id);
    return found;
  }

  /** By id, or by name (English or Chinese, any case): what a person types on the command line. */
  find(nameOrId: string): Assistant | null {
    const wanted = nameOrId.trim().toLowerCase();
    const all = this.list();
    return (
      all.find((a) => a.id === wanted) ??
      all.find((a) => a.name.toLowerCase() === wanted || a.nameZh?.toLowerCase() === wanted) ??
      null
    );
  }

  /** Creates (no id, or an id not yet used) or replaces an assistant; an edited built-in keeps the edit. */
  save(input: AssistantInput): Assistant {
    const parsed = parseInput(input);
    const data = this.#read();
    const clash = this.list().find(
      (a) => a.id !== parsed.id && a.name.trim().toLowerCase() === parsed.name.toLowerCase(),
    );
    if (clash)
      throw new ParleyError({
        code: 'invalid_input',
        message: `There is already an assistant named "${clash.name}". Choose another name.`,
      });
    const saved = this.#put(data, parsed);
    this.#write(data);
    return this.get(saved);
  }

  /** Adds or replaces many at once (an import); returns which ids were new. @internal for assistant-transfer.ts */
  saveMany(entries: { input: z.infer<typeof assistantInputSchema>; hidden?: boolean }[]): {
    added: number;
    updated: number;
  } {
    const data = this.#read();
    const known = new Set(this.list().map((a) => a.id));
    let added = 0;
    for (const { input, hidden } of entries) {
      const id = this.#put(data, input, hidden);
      if (known.has(id)) continue;
      known.add(id);
      added++;
    }
    this.#write(data);
    return { added, updated: entries.length - added };
  }

  remove(id: string): boolean {
    if (builtInAssistants.some((b) => b.id === id))
      throw new ParleyError({
        code: 'invalid_input',
        message: 'A built-in assistant cannot be deleted; hide it instead.',
      });
    const data = this.#read();
    const before = data.custom.length;
    data.custom = data.custom.filter((a) => a.id !== id);
    if (data.custom.length === before) return false;
    this.#write(data);
    return true;
  }

  setHidden(id: string, hidden: boolean): Assistant {
    const data = this.#read();
    if (builtInAssistants.some((b) => b.id === id)) {
      data.builtIns[id] = { edit: null, ...data.builtIns[id], hidden };
    } else {
      const found = data.custom.find((a) => a.id === id);
      if (!found) throw notFound(id);
      found.hidden = hidden;
    }
    this.#write(data);
    return this.get(id);
  }

  /** Writes `input` into `data`; returns its id. */
  #put(data: AssistantsFile, input: z.infer<typeof assistantInputSchema>, hidden?: boolean): string {
    const now = this.#now();
    const id = input.id ?? randomUUID();
    const builtIn = builtInAssistants.find((b) => b.id === id);
    if (builtIn) {
      const state = data.builtIns[id] ?? { hidden: false, edit: null };
      const createdAt = state.edit?.createdAt ?? 0;
      data.builtIns[id] = {
        hidden: hidden ?? state.hidden,
        edit: { ...input, id, hidden: false, createdAt, updatedAt: now },
      };
      return id;
    }
    const index = data.custom.findIndex((a) => a.id === id);
    const previous = index >= 0 ? data.custom[index] : undefined;
    const stored: StoredAssistant = {
      ...input,
      id,
      hidden: hidden ?? previous?.hidden ?? false,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    if (previous) data.custom[index] = stored;
    else data.custom.push(stored);
    return id;
  }

  #read(): AssistantsFile {
    if (!existsSync(this.file)) return { custom: [], builtIns: {} };
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { custom: [], builtIns: {} };
      return this.#setAside();
    }
    const whole = fileSchema.safeParse(raw);
    if (!whole.success) return this.#setAside();
    const custom = whole.data.custom.map((a) => storedAssistantSchema.safeParse(a));
    const builtIns = Object.entries(whole.data.builtIns).map(
      ([id, state]) => [id, builtInStateSchema.safeParse(state)] as const,
    );
    // One entry per id, and none that would shadow a built-in (a hand-edited file).
    const ids = new Set(builtInAssistants.map((b) => b.id));
    const data: AssistantsFile = {
      custom: custom.flatMap((r) => (r.success && !ids.has(r.data.id) && ids.add(r.data.id) ? [r.data] : [])),
      builtIns: Object.fromEntries(builtIns.flatMap(([id, r]) => (r.success ? [[id, r.data]] : []))),
    };
    const dropped =
      whole.data.custom.length - data.custom.length + builtIns.filter(([, r]) => !r.success).length;
    if (dropped > 0) {
      // Kept as it was, then the readable part is written back: nothing is lost, nothing breaks.
      const keptAt = this.file.replace(/\.json$/, `.invalid-${fileTimestamp(new Date(this.#now()))}.json`);
      this.notices.push({
        message: `${dropped} assistant${dropped === 1 ? ' was' : 's were'} not valid and left out; the old assistants file was kept beside it.`,
        messageZh: `有 ${dropped} 个助手无效，已略过；旧的助手文件已保留在旁边。`,
      });
      if (this.#keep(() => copyFileSync(this.file, keptAt))) {
        try {
          this.#write(data);
        } catch {
          // A full disk: the next save writes it.
        }
      }
    }
    return data;
  }

  #setAside(): AssistantsFile {
    this.#keep(() => moveAside(this.file, 'corrupt', new Date(this.#now())));
    this.notices.push({
      message:
        'Your assistants file could not be read, so only the built-in assistants are shown. The old file was kept beside it.',
      messageZh: '无法读取你的助手文件，现在只显示内置助手。旧文件已保留在旁边。',
    });
    return { custom: [], builtIns: {} };
  }

  /** Keeps the old file; when it cannot be kept, nothing may write over it until Parley starts again. */
  #keep(keep: () => unknown): boolean {
    try {
      keep();
      return true;
    } catch {
      this.#frozen = true;
      return false;
    }
  }

  #write(data: AssistantsFile): void {
    if (this.#frozen)
      throw new ParleyError({
        code: 'storage',
        message:
          'The assistants file could not be read or set aside, so nothing is saved over it. Check the data folder’s permissions and start Parley again.',
      });
    try {
      writeFileAtomic(this.file, JSON.stringify({ version: 1, ...data }, null, 2) + '\n');
    } catch (error) {
      throw new ParleyError(
        {
          code: 'storage',
          message: 'The assistants could not be saved to disk; nothing was changed.',
          detail: error instanceof Error ? error.message : String(error),
        },
        { cause: error },
      );
    }
  }
}

function toBuiltIn(
  shipped: BuiltInAssistant,
  state: z.infer<typeof builtInStateSchema> | undefined,
): Assistant {
  const hidden = state?.hidden ?? false;
  const edit = state?.edit;
  if (!edit) return { ...shipped, hidden, createdAt: 0, updatedAt: 0 };
  // A name or description the person left as shipped keeps its Chinese version.
  return {
    ...edit,
    builtIn: true,
    hidden,
    ...(edit.name === shipped.name ? { nameZh: shipped.nameZh } : {}),
    ...(edit.description === shipped.description ? { descriptionZh: shipped.descriptionZh } : {}),
  };
}

function parseInput(input: AssistantInput): z.infer<typeof assistantInputSchema> {
  const parsed = assistantInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ParleyError({
    code: 'invalid_input',
    message: `That assistant was not saved (${where}${issue.message}).`,
  });
}

function notFound(id: string): ParleyError {
  return new ParleyError({
    code: 'not_found',
    message: `There is no assistant "${id}" (it may have been deleted).`,
  });
}
