import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ConversationDetail, ExportFormat, StoredMessage } from '../../../shared/history.ts';
import { ZipWriter } from './zip-writer.ts';
import { safeAttachmentName, safeFileName } from './safe-file-name.ts';
import { attachmentsOf } from '../../../shared/attachments.ts';
import type { StoredAttachment } from './attachment-store.ts';

/** Exports carry conversations only: no settings, and never a key. */
export const EXPORT_FORMAT_NAME = 'parley-history';
/** 2: messages carry their parts, and the document the attachments' bytes (`attachments`, by id). */
export const EXPORT_VERSION = 2;

/** Where a JSON export gets the attachments its messages refer to. */
export interface ExportAttachments {
  get(id: string): StoredAttachment | null;
  bytes(id: string): Buffer;
}

export function renderConversation(conversation: ConversationDetail, format: ExportFormat): string {
  return format === 'json'
    ? JSON.stringify(
        { format: EXPORT_FORMAT_NAME, version: EXPORT_VERSION, conversations: [conversation] },
        null,
        2,
      ) + '\n'
    : toMarkdown(conversation);
}

/**
 * The branch the conversation shows (root → current leaf), or the latest leaf when none is set.
 * Parent links that loop (a database written before imports cut cycles) end the walk at the loop.
 */
export function visibleBranch(conversation: ConversationDetail): StoredMessage[] {
  const byId = new Map(conversation.messages.map((m) => [m.id, m]));
  let leaf = conversation.currentLeafId ? byId.get(conversation.currentLeafId) : undefined;
  leaf ??= conversation.messages.at(-1);
  const path: StoredMessage[] = [];
  const seen = new Set<string>();
  for (let m = leaf; m && !seen.has(m.id); m = m.parentId ? byId.get(m.parentId) : undefined) {
    seen.add(m.id);
    path.push(m);
  }
  return path.reverse();
}

const roleNames = { user: 'You', assistant: 'Assistant', system: 'System' } as const;

/** `files`: where the zip export put each attachment (by id), so the Markdown links to it. */
export function toMarkdown(conversation: ConversationDetail, files?: Map<string, string>): string {
  const branch = visibleBranch(conversation);
  const lines = [`# ${conversation.title || 'Untitled'}`, ''];
  const meta = [`Created ${new Date(conversation.createdAt).toISOString()}`];
  if (conversation.model) meta.push(`model ${conversation.model}`);
  if (conversation.tags.length) meta.push(`tags: ${conversation.tags.join(', ')}`);
  lines.push(`_${meta.join(' · ')}_`, '');
  for (const message of branch) {
    const who = roleNames[message.role] ?? message.role;
    const notes = [message.model, message.state !== 'complete' ? message.state : null].filter(Boolean);
    lines.push(`## ${who}${notes.length ? ` (${notes.join(', ')})` : ''}`, '');
    if (message.reasoning) lines.push(...message.reasoning.split('\n').map((l) => `> ${l}`), '');
    lines.push(message.content, '');
    const attached = attachmentsOf(message.parts);
    if (attached.length) {
      lines.push(
        ...attached.map((a) => {
          const name = safeAttachmentName(a.name);
          const path = files?.get(a.id);
          const shown = path ? `[${name.replace(/[[\]]/g, '\\$&')}](<${path}>)` : name;
          return `- Attached ${a.kind}: ${shown} (${sizeText(a.size)})`;
        }),
        '',
      );
    }
  }
  const hidden = conversation.messages.length - branch.length;
  if (hidden > 0) {
    lines.push(
      `_${hidden} message${hidden === 1 ? '' : 's'} on other branches (edits and regenerations) are in the JSON export._`,
      '',
    );
  }
  return lines.join('\n');
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 ** 2 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * Streams every conversation into one file: JSON as one document, Markdown separated by rules.
 * The JSON ends with each attachment its messages refer to, once, its bytes in base64 (`data`;
 * null, with `missing`, when its file is gone or damaged), one in memory at a time.
 */
export async function exportAllToFile(
  ids: string[],
  load: (id: string) => ConversationDetail,
  format: ExportFormat,
  file: string,
  now: number,
  attachments?: ExportAttachments,
): Promise<{ conversations: number }> {
  await withFileSink(file, async (write) => {
    if (format === 'json') {
      await write(
        `{"format":"${EXPORT_FORMAT_NAME}","version":${EXPORT_VERSION},"exportedAt":${now},"conversations":[\n`,
      );
      const attached = new Set<string>();
      for (const [i, id] of ids.entries()) {
        const conversation = load(id);
        for (const m of conversation.messages) for (const a of attachmentsOf(m.parts)) attached.add(a.id);
        await write((i ? ',\n' : '') + JSON.stringify(conversation));
      }
      await write('\n],"attachments":{');
      let first = true;
      for (const id of attachments ? attached : []) {
        const entry = attachmentEntry(attachments!, id);
        if (!entry) continue;
        await write(`${first ? '\n' : ',\n'}${JSON.stringify(id)}:${JSON.stringify(entry)}`);
        first = false;
      }
      await write('\n}}\n');
    } else {
      for (const [i, id] of ids.entries()) await write((i ? '\n---\n\n' : '') + toMarkdown(load(id)));
    }
  });
  return { conversations: ids.length };
}

function attachmentEntry(attachments: ExportAttachments, id: string) {
  const stored = attachments.get(id);
  if (!stored) return null;
  const { id: _id, ...meta } = stored;
  try {
    return { ...meta, name: safeAttachmentName(meta.name), data: attachments.bytes(id).toString('base64') };
  } catch {
    return { ...meta, name: safeAttachmentName(meta.name), data: null, missing: true };
  }
}

/**
 * Streams every conversation into a zip of Markdown files, one per conversation, named for its
 * title (safe on every OS, Chinese kept, duplicates numbered); one conversation in memory at a time.
 * The attachments of the branches shown go in `attachments/` (each once, safely named), linked
 * from the Markdown; one whose file is missing is listed by name only.
 */
export async function exportAllToZip(
  ids: string[],
  load: (id: string) => ConversationDetail,
  file: string,
  now: number,
  attachments?: ExportAttachments,
): Promise<{ conversations: number }> {
  const names = new UniqueNames();
  const fileNames = new UniqueNames();
  const files = new Map<string, string>();
  await withFileSink(file, async (write) => {
    const zip = new ZipWriter(write, new Date(now));
    for (const id of ids) {
      const conversation = load(id);
      for (const message of attachments ? visibleBranch(conversation) : []) {
        for (const ref of attachmentsOf(message.parts)) {
          if (files.has(ref.id)) continue;
          let data: Buffer;
          try {
            data = attachments!.bytes(ref.id);
          } catch {
            continue;
          }
          const name = safeAttachmentName(ref.name);
          const dot = name.lastIndexOf('.');
          const path = `attachments/${dot > 0 ? fileNames.take(name.slice(0, dot), name.slice(dot)) : fileNames.take(name, '')}`;
          await zip.add(path, data);
          files.set(ref.id, path);
        }
      }
      await zip.add(names.take(safeFileName(conversation.title), '.md'), toMarkdown(conversation, files));
    }
    await zip.finish();
  });
  return { conversations: ids.length };
}

/** Names made unique, case-insensitively (as on Windows and macOS): "Title.md", "Title (2).md", … */
export class UniqueNames {
  readonly #taken = new Set<string>();

  take(base: string, ext: string): string {
    for (let n = 1; ; n++) {
      const name = n === 1 ? `${base}${ext}` : `${base} (${n})${ext}`;
      const key = name.toLowerCase();
      if (!this.#taken.has(key)) {
        this.#taken.add(key);
        return name;
      }
    }
  }
}

/** Runs `fill` with a writer that waits when the file's buffer is full, then closes the file. */
async function withFileSink(
  file: string,
  fill: (write: (chunk: string | Buffer) => Promise<void>) => Promise<void>,
): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let failed: Error | null = null;
  out.on('error', (error) => (failed = error));
  try {
    await fill(async (chunk) => {
      if (failed) throw failed;
      if (!out.write(chunk)) await once(out, 'drain');
    });
  } finally {
    out.end();
    await once(out, 'close');
  }
  if (failed) throw failed;
}
