import type { AppError } from '../../../shared/errors.ts';
import type {
  ConversationSource,
  ConversationSummary,
  MessageState,
  StoredMessage,
} from '../../../shared/history.ts';
import type { ChatRole, Usage } from '../../../shared/llm-events.ts';
import type { RequestAdjustments } from '../../../shared/assistants.ts';
import type { AnswerTiming } from '../../../shared/chat.ts';
import type { MessageFilter } from '../../../shared/filters.ts';
import type { AnswerRating, AnswerRoute } from '../../../shared/routing.ts';
import { partsOf } from './attachment-refs.ts';

/** Rows as node:sqlite returns them, and their mapping to the shared history types. */
export interface ConversationRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
  pinned: number;
  archived: number;
  folder: string | null;
  tags: string;
  provider_id: string | null;
  model: string | null;
  source: string;
  title_state: string;
  current_leaf_id: string | null;
  deleted_at: number | null;
  message_count: number;
}

export interface MessageRow {
  seq: number;
  id: string;
  conversation_id: string;
  parent_id: string | null;
  role: string;
  content: string;
  parts: string | null;
  reasoning: string | null;
  state: string;
  error: string | null;
  provider_id: string | null;
  model: string | null;
  usage: string | null;
  cost_usd: number | null;
  adjustments: string | null;
  filter: string | null;
  timing: string | null;
  compare_id: string | null;
  rating: string | null;
  route: string | null;
  created_at: number;
  updated_at: number;
}

export const CONVERSATION_COLUMNS = `c.id, c.title, c.created_at, c.updated_at, c.pinned, c.archived, c.folder, c.tags,
  c.provider_id, c.model, c.source, c.title_state, c.current_leaf_id, c.deleted_at,
  (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count`;

export const MESSAGE_COLUMNS = `seq, id, conversation_id, parent_id, role, content, parts, reasoning, state, error,
  provider_id, model, usage, cost_usd, adjustments, filter, timing, compare_id, rating, route, created_at, updated_at`;

export function toSummary(row: ConversationRow): ConversationSummary {
  return {
    id: row.id,
    title: row.title,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    pinned: row.pinned === 1,
    archived: row.archived === 1,
    folder: row.folder,
    tags: parseJson<string[]>(row.tags) ?? [],
    providerId: row.provider_id,
    model: row.model,
    source: row.source as ConversationSource,
    messageCount: Number(row.message_count),
  };
}

export function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    parentId: row.parent_id,
    role: row.role as ChatRole,
    content: row.content,
    parts: partsOf(row.content, row.parts),
    reasoning: row.reasoning,
    state: row.state as MessageState,
    error: parseJson<AppError>(row.error),
    providerId: row.provider_id,
    model: row.model,
    usage: parseJson<Usage>(row.usage),
    costUsd: row.cost_usd,
    adjustments: parseJson<RequestAdjustments>(row.adjustments),
    timing: parseJson<AnswerTiming>(row.timing),
    filter: parseJson<MessageFilter>(row.filter),
    compareId: row.compare_id,
    rating: (row.rating as AnswerRating | null) ?? null,
    route: parseJson<AnswerRoute>(row.route),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function parseJson<T>(text: string | null): T | null {
  if (text === null || text === '') return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
