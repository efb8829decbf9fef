import type { StoredMessage } from '../../../shared/history.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import { newMessageParts } from './attachment-parts.ts';
import type { AttachmentReader } from './attachment-parts.ts';
import type { ChatFilters, ChatHistory, ModelSettings, SendInput } from './chat-ports.ts';
import type { ConversationChanges } from './conversation-changes.ts';
import { chainFor, chainForInputs, resolveChain } from './model-chain.ts';
import type { Chain } from './model-chain.ts';
import { contextTo } from './request-plan.ts';
import type { RequestPlanner } from './request-plan.ts';
import type { PlannedMessage } from './request-context.ts';

export interface QuestionDeps {
  history: ChatHistory;
  settings: () => ModelSettings;
  attachments?: AttachmentReader;
  planner: RequestPlanner;
  changes: ConversationChanges;
  /** The content filters' gate (absent: nothing is checked). */
  filters?: ChatFilters;
}

/** A question stored, with the models its answers ask (one chain per answer). */
export interface Question {
  user: StoredMessage;
  chains: Chain[];
  /** A new conversation was created for it. */
  reason: 'created' | 'updated';
  quick: boolean;
}

/**
 * Stores a new question (the user message) once everything its answers need has been checked:
 * files the store does not hold, and images for a model that cannot read them, are refused before
 * anything is stored, so the person's draft stays where it was. One answer (a send: the model
 * asked, else the conversation's, else the assistant's or the default, then the failover chain),
 * or one per model of `compare` (each model alone: a comparison shows what that model answers, so
 * an answer never fails over to another model). The content filters see the question first (for a
 * comparison, with the first model's provider): a held question stores nothing.
 */
export async function addQuestion(
  deps: QuestionDeps,
  input: Omit<SendInput, 'model'> & { model?: ModelRef | null },
  compare: readonly ModelRef[] | null = null,
): Promise<Question> {
  const { history, planner, changes } = deps;
  const quick = input.source === 'quick';
  if (quick && input.conversationId) changes.beforeQuickSend(input.conversationId);
  // A new conversation starts from its assistant: its instructions, parameters and model.
  const start = input.conversationId ? null : planner.forNewConversation(input.assistantId, input.settings);
  const settings = deps.settings();
  const asked = compare
    ? compare.map((model) => resolveChain(settings, model).slice(0, 1))
    : [chainFor(deps, input.conversationId, input.model ?? start?.model ?? null)];
  const content = (await deps.filters?.checkQuestion(input, asked[0]![0]!.provider.id)) ?? input.content;
  const parts = newMessageParts(content, input.attachments ?? [], deps.attachments);
  const next: PlannedMessage = { role: 'user', content, attachments: parts };
  const parentId =
    input.parentId !== undefined
      ? input.parentId
      : input.conversationId && history.currentLeaf(input.conversationId);
  const sent = [...contextTo(history, parentId ?? null), next];
  const chains = asked.map((chain) => chainForInputs(settings, chain, sent));
  const first = chains[0]![0]!;
  const tools = input.tools;
  const conversationId =
    input.conversationId ??
    history.createConversation({
      providerId: first.provider.id,
      model: first.model,
      source: input.source ?? 'parley',
      titlePending: true,
      settings: tools ? { ...start!.settings, tools } : start!.settings,
    }).id;
  // The tools asked for are the conversation's from now on (`parley ask --tools`, the window's switch).
  if (input.conversationId && tools) history.updateSettings(conversationId, { tools });
  const user = history.addMessage({
    conversationId,
    parentId,
    role: 'user',
    content,
    ...(parts ? { parts } : {}),
    state: 'complete',
  });
  return { user, chains, reason: input.conversationId ? 'updated' : 'created', quick };
}

/** An answer's row, `streaming` until its stream ends; answers of one comparison share `compareId`. */
export function addAnswer(
  history: Pick<ChatHistory, 'addMessage'>,
  user: StoredMessage,
  chain: Chain,
  compareId: string | null = null,
): StoredMessage {
  return history.addMessage({
    conversationId: user.conversationId,
    parentId: user.id,
    role: 'assistant',
    content: '',
    state: 'streaming',
    providerId: chain[0]!.provider.id,
    model: chain[0]!.model,
    compareId,
  });
}
