/** Parley's title request (sent after a conversation's first answer), told apart from answers. */
import { TITLE_INSTRUCTION, conversationTitle } from '../../src/shared/conversation-title.ts';
import { lastUserText, textOf } from './answer.ts';

/** True for the request Parley sends to title a conversation. */
export function isTitleRequest(body: unknown): boolean {
  return lastUserText(body).startsWith(TITLE_INSTRUCTION);
}

/** The default title: the conversation's first message, as Parley would title it without a model. */
export function defaultTitle(body: unknown): string {
  const messages = (body as { messages?: unknown } | null)?.messages;
  const first = Array.isArray(messages)
    ? (messages as { role?: unknown; content?: unknown }[]).find((m) => m?.role === 'user')
    : undefined;
  return conversationTitle(textOf(first?.content)) || 'Untitled';
}
