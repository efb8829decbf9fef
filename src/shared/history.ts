import { z } from 'zod';
import type { AppError } from './errors.ts';
import type { ChatRole, Usage } from './llm-events.ts';
import type { RequestAdjustments } from './assistants.ts';
import type { MessagePart } from './attachments.ts';
import type { AnswerTiming } from './chat.ts';
import type { MessageFilter } from './filters.ts';
import type { AnswerRating, AnswerRoute } from './routing.ts';

/** Conversation history as every side sees it. The store on the main side is the only writer. */
export const messageStates = ['streaming', 'complete', 'interrupted', 'error'] as const;
export type MessageState = (typeof messageStates)[number];

export type ConversationSource = 'parley' | 'quick' | 'chatgpt-import';

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  pinned: boolean;
  archived: boolean;
  folder: string | null;
  tags: string[];
  /** The conversation's model (the one its last answer asked for): what its next answers use. */
  providerId: string | null;
  model: string | null;
  source: ConversationSource;
  messageCount: number;
}

/** Messages form a tree through `parentId`: an edit or a regeneration is a new sibling, never an overwrite. */
export interface StoredMessage {
  id: string;
  conversationId: string;
  parentId: string | null;
  role: ChatRole;
  /** The text of `parts` (all of it, for a message without attachments). */
  content: string;
  /** The message's content in order: text, images and files (one text part for a plain message). */
  parts: MessagePart[];
  reasoning: string | null;
  state: MessageState;
  error: AppError | null;
  providerId: string | null;
  model: string | null;
  usage: Usage | null;
  costUsd: number | null;
  /** What was changed in the request that produced this answer (messages left out, parameters dropped). */
  adjustments: RequestAdjustments | null;
  /** An answer's time to first token and in all (answers from before version 5: absent). */
  timing?: AnswerTiming | null;
  /** What the content filters or the provider's filter found in this answer (flagged ones are folded). */
  filter?: MessageFilter | null;
  /** Answers asked together in one comparison share this id (their user message's id). */
  compareId?: string | null;
  /** A person's thumbs up or down (a regeneration marks the answer it replaced `quiet-down`). */
  rating?: AnswerRating | null;
  /** The route the answer took: model, the key's last four characters, why. */
  route?: AnswerRoute | null;
  createdAt: number;
  updatedAt: number;
}

export interface ConversationDetail extends ConversationSummary {
  messages: StoredMessage[];
  /** The leaf of the branch last shown; the path root..leaf is what the chat view displays. */
  currentLeafId: string | null;
}

/** A conversation's summary alone, without its messages (what lists and `history.changed` carry). */
export function summaryOf(conversation: ConversationSummary | ConversationDetail): ConversationSummary {
  if (!('messages' in conversation)) return conversation;
  const { messages: _messages, currentLeafId: _leaf, ...summary } = conversation;
  return summary;
}

export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

/** A snippet is data, never HTML: the renderer styles the `match` parts. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  conversationId: string;
  messageId: string;
  title: string;
  /** Found in an archived conversation (search covers the archive; the list does not). */
  archived: boolean;
  role: ChatRole;
  createdAt: number;
  snippet: SnippetPart[];
}

/**
 * One conversation in the search results: its title (marked where it matches), its best message hit,
 * and how many messages matched in all. Groups come best first: title matches, then relevance
 * (FTS5 bm25), then recency.
 */
export interface SearchGroup {
  conversationId: string;
  title: string;
  /** An archived conversation (search covers the archive; the list does not). */
  archived: boolean;
  /** The title with the matched terms marked, when the title itself matches; else null. */
  titleMatch: SnippetPart[] | null;
  updatedAt: number;
  /** The conversation's best message hit, or null when only its title matches. */
  best: SearchHit | null;
  /** Messages that match in this conversation (the best one included). */
  hitCount: number;
}

export const conversationIdSchema = z.string().min(1).max(64);
export const messageIdSchema = z.string().min(1).max(64);

export const listConversationsInputSchema = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).nullable().default(null),
  includeArchived: z.boolean().default(false),
  /** Only the archived ones (the archive view). */
  onlyArchived: z.boolean().default(false),
});

export const searchInputSchema = z.object({
  query: z.string().trim().min(1).max(500),
  limit: z.number().int().min(1).max(200).default(50),
});

/** The message hits of one conversation (a search group, expanded). */
export const searchConversationInputSchema = searchInputSchema.extend({
  conversationId: conversationIdSchema,
});

export const exportFormats = ['md', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Everything at once: a zip of one Markdown file per conversation, or one JSON document. */
export const exportAllFormats = ['md-zip', 'json'] as const;
export type ExportAllFormat = (typeof exportAllFormats)[number];
