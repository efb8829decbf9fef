import type { ChatRole } from '../../../shared/llm-events.ts';
import { TITLE_MAX_LENGTH, conversationTitle } from '../../../shared/conversation-title.ts';
import { ImportRefusal, megabytes } from './import-limits.ts';
import type { ImportLimits } from './import-limits.ts';
import { orderForest } from './message-forest.ts';
import type { MessagePart } from '../../../shared/attachments.ts';

/**
 * One conversation of a ChatGPT data export (`conversations.json`), turned into Parley messages.
 * Every branch of `mapping` is kept. Nodes a person never saw (the empty root, hidden system
 * context, tool calls and tool output, reasoning summaries) are skipped and their children
 * attached to the nearest kept ancestor, so the tree stays whole. A parent link that loops is cut
 * (the node closing the loop becomes a root). Any JSON shape is accepted: what is not a
 * conversation throws `NotAConversationError`, what exceeds a limit an `ImportRefusal`.
 */
export interface ImportedMessage {
  sourceId: string;
  parentSourceId: string | null;
  role: ChatRole;
  /** Its text, an image shown as `[image]` (chatgpt-images.ts replaces those it finds in the export). */
  content: string;
  /** Set when it shows images: its text and the images' asset ids (`file-…`), in order. */
  pieces?: ImportedPiece[];
  /** Set once its images are stored (chatgpt-images.ts): text, images and placeholders, in order. */
  parts?: MessagePart[];
  createdAt: number;
  model: string | null;
  state: 'complete' | 'interrupted';
}

/** A piece of an imported message: text, or an image by the export's asset id. */
export type ImportedPiece = string | { asset: string };

export const IMAGE_PLACEHOLDER = '[image]';

export interface ImportedConversation {
  sourceId: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  model: string | null;
  archived: boolean;
  /** The kept message the export's `current_node` leads to. */
  currentLeafSourceId: string | null;
  /** Parents before children: every `parentSourceId` is an earlier message's `sourceId`. */
  messages: ImportedMessage[];
}

type Obj = Record<string, unknown>;
type Limits = Pick<ImportLimits, 'maxNodes' | 'maxTextChars'>;

const SHOWN_CONTENT = new Set(['text', 'multimodal_text']);
const MAX_ID_LENGTH = 200;

export class NotAConversationError extends Error {}

export function convertChatGptConversation(raw: unknown, limits: Limits): ImportedConversation {
  const c = asObject(raw);
  const mapping = asObject(c?.mapping);
  const sourceId = idOf(c?.conversation_id) ?? idOf(c?.id);
  if (!c || !mapping || !sourceId) throw new NotAConversationError('no id or mapping');
  const title = conversationTitle(typeof c.title === 'string' ? c.title : '', TITLE_MAX_LENGTH) || 'Untitled';

  const nodes = new Map<string, Obj | null>();
  for (const id of Object.keys(mapping)) {
    if (nodes.size >= limits.maxNodes) {
      throw new ImportRefusal(
        `The conversation “${title}” has more than ${limits.maxNodes.toLocaleString('en')} messages, more than Parley imports in one conversation.`,
      );
    }
    if (idOf(id)) nodes.set(id, asObject(mapping[id]));
  }
  const { order, parent } = orderForest(
    nodes.keys(),
    (id) => {
      const p = nodes.get(id)?.parent;
      return typeof p === 'string' && nodes.has(p) ? p : null;
    },
    (p, child) => {
      const listed = nodes.get(p)?.children;
      const at = Array.isArray(listed) ? listed.indexOf(child) : -1;
      return at < 0 ? Infinity : at;
    },
  );

  const createdAt = seconds(c.create_time) ?? 0;
  const messages: ImportedMessage[] = [];
  /** For each node, itself when kept, else its nearest kept ancestor. */
  const keptOrAbove = new Map<string, string | null>();
  let lastTime = createdAt;
  for (const id of order) {
    const up = parent.get(id);
    const above = up ? (keptOrAbove.get(up) ?? null) : null;
    const shown = visibleMessage(asObject(nodes.get(id)?.message), limits, title);
    keptOrAbove.set(id, shown ? id : above);
    if (!shown) continue;
    const at = shown.createdAt ?? lastTime;
    lastTime = Math.max(lastTime, at);
    messages.push({ ...shown, sourceId: id, parentSourceId: above, createdAt: at });
  }

  const lastModel = messages.findLast((m) => m.model)?.model ?? null;
  const current = typeof c.current_node === 'string' ? (keptOrAbove.get(c.current_node) ?? null) : null;
  return {
    sourceId,
    title,
    createdAt,
    updatedAt: seconds(c.update_time) ?? createdAt,
    model: shortString(c.default_model_slug) ?? lastModel,
    archived: c.is_archived === true,
    currentLeafSourceId: current ?? messages.at(-1)?.sourceId ?? null,
    messages,
  };
}

function visibleMessage(message: Obj | null, limits: Limits, title: string) {
  if (!message) return null;
  const role = asObject(message.author)?.role;
  if (role !== 'user' && role !== 'assistant' && role !== 'system') return null; // tool output
  const meta = asObject(message.metadata) ?? {};
  if (meta.is_visually_hidden_from_conversation === true) return null;
  const recipient = message.recipient;
  if (role === 'assistant' && typeof recipient === 'string' && recipient && recipient !== 'all') return null; // a tool call
  const body = asObject(message.content);
  const type = body?.content_type ?? 'text';
  if (typeof type !== 'string' || !SHOWN_CONTENT.has(type)) return null; // code for tools, thoughts, browsing…
  const pieces = piecesOf(Array.isArray(body?.parts) ? body.parts : []);
  const content = pieces.map((p) => (typeof p === 'string' ? p : IMAGE_PLACEHOLDER)).join('\n');
  if (!content.trim()) return null;
  if (content.length > limits.maxTextChars) {
    throw new ImportRefusal(
      `A message in the conversation “${title}” is longer than ${megabytes(limits.maxTextChars)}, more than Parley imports in one message.`,
    );
  }
  return {
    role: role as ChatRole,
    content,
    ...(pieces.some((p) => typeof p !== 'string') ? { pieces } : {}),
    createdAt: seconds(message.create_time),
    model: shortString(meta.model_slug),
    state: message.status === 'in_progress' ? ('interrupted' as const) : ('complete' as const),
  };
}

function piecesOf(parts: unknown[]): ImportedPiece[] {
  const out: ImportedPiece[] = [];
  for (const part of parts) {
    if (typeof part === 'string') out.push(part);
    else {
      const p = asObject(part);
      if (typeof p?.text === 'string') out.push(p.text);
      else if (p?.content_type === 'image_asset_pointer') out.push(imagePiece(p.asset_pointer));
      else if (
        p?.content_type === 'audio_asset_pointer' ||
        p?.content_type === 'real_time_user_audio_video_asset_pointer'
      )
        out.push('[audio]');
    }
  }
  return out;
}

/**
 * `file-service://file-AbC123` (older exports) or `sediment://file_00…` (newer): the asset id the
 * export's image files are named by. Anything else stays a placeholder.
 */
function imagePiece(pointer: unknown): ImportedPiece {
  const match =
    typeof pointer === 'string' ? /^[a-z-]+:\/\/(file[-_][A-Za-z0-9]{1,100})$/.exec(pointer) : null;
  return match ? { asset: match[1]! } : IMAGE_PLACEHOLDER;
}

function asObject(value: unknown): Obj | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : null;
}

/** An id or a slug: a non-empty string of reasonable length (numbers are ids too). */
function idOf(value: unknown): string | null {
  const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH ? id : null;
}

function shortString(value: unknown): string | null {
  return typeof value === 'string' && value.length <= MAX_ID_LENGTH ? value : null;
}

/** Seconds since the epoch to milliseconds, for times a database and `Date` can hold. */
function seconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e11
    ? Math.round(value * 1000)
    : null;
}
