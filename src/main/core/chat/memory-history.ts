import { randomUUID } from 'node:crypto';
import { ParleyError } from '../../../shared/errors.ts';
import type { ConversationDetail, StoredMessage } from '../../../shared/history.ts';
import { conversationTitle } from '../../../shared/conversation-title.ts';
import type { ChatHistory } from './chat-ports.ts';
import type { ConversationSettings } from '../../../shared/assistants.ts';
import type { MessagePart } from '../../../shared/attachments.ts';

/**
 * A history kept in memory and gone when the process ends: what the chat service writes to when
 * nothing may be saved (`parley ask --no-save`). It follows the store's rules for the parts the chat
 * service uses: one current leaf per conversation, streaming text appended, the path from the root.
 */
export class MemoryChatHistory implements ChatHistory {
  readonly #messages = new Map<string, StoredMessage>();
  readonly #leaves = new Map<string, string | null>();
  readonly #created = new Map<string, number>();
  readonly #settings = new Map<string, ConversationSettings>();

  createConversation(init: Parameters<ChatHistory['createConversation']>[0]): { id: string } {
    const id = randomUUID();
    this.#leaves.set(id, null);
    this.#created.set(id, Date.now());
    const version = init.settings.systemPrompt ? 1 : 0;
    this.#settings.set(id, { ...init.settings, systemPromptVersion: version });
    return { id };
  }

  settingsOf(conversationId: string): ConversationSettings {
    const settings = this.#settings.get(conversationId);
    if (!settings) throw new ParleyError({ code: 'not_found', message: 'That conversation does not exist.' });
    return structuredClone(settings);
  }

  open(conversationId: string): ConversationDetail {
    const createdAt = this.#created.get(conversationId);
    if (createdAt === undefined)
      throw new ParleyError({ code: 'not_found', message: 'That conversation does not exist.' });
    const messages = [...this.#messages.values()].filter((m) => m.conversationId === conversationId);
    const firstUser = messages.find((m) => m.role === 'user');
    return {
      id: conversationId,
      title: conversationTitle(firstUser?.content ?? ''),
      createdAt,
      updatedAt: messages.at(-1)?.updatedAt ?? createdAt,
      pinned: false,
      archived: false,
      folder: null,
      tags: [],
      providerId: null,
      model: null,
      source: 'parley',
      messageCount: messages.length,
      messages,
      currentLeafId: this.currentLeaf(conversationId),
    };
  }

  /** Nothing here outlives the process, so there is nothing to take out of history or bring back. */
  delete(): void {}
  undoDelete(): void {}

  getMessage(messageId: string): StoredMessage {
    const message = this.#messages.get(messageId);
    if (!message) throw new ParleyError({ code: 'not_found', message: 'That message does not exist.' });
    return message;
  }

  resumeMessage(messageId: string): void {
    Object.assign(this.getMessage(messageId), { state: 'streaming', error: null });
  }

  currentLeaf(conversationId: string): string | null {
    return this.#leaves.get(conversationId) ?? null;
  }

  addMessage(init: Parameters<ChatHistory['addMessage']>[0]): StoredMessage {
    if (!this.#leaves.has(init.conversationId))
      throw new ParleyError({ code: 'not_found', message: 'That conversation does not exist.' });
    const now = Date.now();
    const message: StoredMessage = {
      id: randomUUID(),
      conversationId: init.conversationId,
      parentId: init.parentId,
      role: init.role,
      content: init.content,
      parts: init.parts ?? [{ type: 'text', text: init.content }],
      reasoning: null,
      state: init.state,
      error: null,
      providerId: init.providerId ?? null,
      model: init.model ?? null,
      usage: null,
      costUsd: null,
      adjustments: null,
      compareId: init.compareId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    this.#messages.set(message.id, message);
    this.#leaves.set(init.conversationId, message.id);
    return message;
  }

  showComparedAnswer(conversationId: string, messageId: string, settle: boolean): void {
    const { compareId } = this.getMessage(messageId);
    this.#leaves.set(conversationId, messageId);
    if (!settle || !compareId) return;
    for (const message of this.#messages.values())
      if (message.compareId === compareId) message.compareId = null;
  }

  appendToMessage(messageId: string, delta: { text?: string; reasoning?: string }): void {
    const message = this.getMessage(messageId);
    message.content += delta.text ?? '';
    if (delta.reasoning) message.reasoning = (message.reasoning ?? '') + delta.reasoning;
    if (delta.text) {
      // Its parts follow its text: the last text part grows, or a new one starts after a tool part.
      const last = message.parts.at(-1);
      message.parts =
        last?.type === 'text'
          ? [...message.parts.slice(0, -1), { type: 'text', text: last.text + delta.text }]
          : [...message.parts, { type: 'text', text: delta.text }];
    }
  }

  appendPart(messageId: string, part: MessagePart): void {
    const message = this.getMessage(messageId);
    message.parts = [...message.parts.filter((p) => p.type !== 'text' || p.text !== ''), part];
  }

  updateSettings(conversationId: string, patch: { tools: string[] }): void {
    this.#settings.set(conversationId, { ...this.settingsOf(conversationId), ...patch });
  }

  finishMessage(
    messageId: string,
    result: Parameters<ChatHistory['finishMessage']>[1],
  ): ReturnType<ChatHistory['finishMessage']> {
    return Object.assign(this.getMessage(messageId), {
      state: result.state,
      error: result.error,
      usage: result.usage,
      costUsd: result.costUsd,
      adjustments: result.adjustments,
      timing: result.timing ?? null,
      filter: result.filter ?? null,
      route: result.route ?? null,
      ...(result.answeredBy
        ? { providerId: result.answeredBy.providerId, model: result.answeredBy.model }
        : {}),
    });
  }

  setRating(messageId: string, rating: StoredMessage['rating']): void {
    this.getMessage(messageId).rating = rating;
  }

  pathTo(messageId: string): StoredMessage[] {
    const path: StoredMessage[] = [];
    for (let id: string | null = messageId; id !== null; id = this.getMessage(id).parentId)
      path.unshift(this.getMessage(id));
    return path;
  }
}
