import { ParleyError } from '../../../shared/errors.ts';
import type { StoredMessage } from '../../../shared/history.ts';
import type { AnswerRating } from '../../../shared/routing.ts';

/**
 * A person's thumbs up or down on an answer, and the quiet thumbs down a regeneration gives the
 * answer it replaces (unless the person rated that answer already). The history keeps the rating in
 * `messages.rating`; the Usage view counts them per model.
 */

export interface RatedHistory {
  getMessage(messageId: string): StoredMessage;
  currentLeaf(conversationId: string): string | null;
  pathTo(messageId: string): StoredMessage[];
  setRating(messageId: string, rating: AnswerRating | null): void;
}

/** Sets (or with null clears) a person's rating of an answer; refuses anything but a finished answer. */
export function rateAnswer(
  history: RatedHistory,
  messageId: string,
  rating: 'up' | 'down' | null,
): StoredMessage {
  const message = history.getMessage(messageId);
  if (message.role !== 'assistant')
    throw new ParleyError({
      code: 'invalid_input',
      message: 'Only an answer can be rated, not a message you wrote.',
    });
  if (message.state === 'streaming')
    throw new ParleyError({
      code: 'invalid_input',
      message: 'This answer is still being written. Rate it when it is finished.',
    });
  history.setRating(messageId, rating);
  return { ...message, rating };
}

/** Before a regeneration: the answer to `userMessageId` now shown gets a quiet thumbs down, unless rated. */
export function quietDownReplaced(history: RatedHistory, user: StoredMessage): void {
  const leaf = history.currentLeaf(user.conversationId);
  if (!leaf) return;
  const path = history.pathTo(leaf);
  const shown = path[path.findIndex((m) => m.id === user.id) + 1];
  if (shown && shown.parentId === user.id && shown.role === 'assistant' && !shown.rating)
    history.setRating(shown.id, 'quiet-down');
}
