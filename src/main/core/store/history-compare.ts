import { ParleyError } from '../../../shared/errors.ts';
import type { HistoryContext } from './history-context.ts';
import { notFound } from './history-context.ts';
import { getMessage } from './history-tree.ts';

/**
 * The answers of a comparison are siblings sharing a `compareId` (their question's id). While it is
 * open, the window shows them side by side; the person then chooses one to go on with.
 */

/**
 * Shows an answer of a comparison and makes its model the conversation's (what its next answers
 * use). With `settle`, the comparison is closed: its answers lose their `compareId` and stay as
 * ordinary branches of the question.
 */
export function showComparedAnswer(
  ctx: HistoryContext,
  conversationId: string,
  messageId: string,
  settle: boolean,
): void {
  const answer = getMessage(ctx, messageId);
  if (answer.conversationId !== conversationId) throw notFound('message in this conversation');
  const { compareId } = answer;
  if (answer.role !== 'assistant' || !compareId) {
    throw new ParleyError({
      code: 'invalid_input',
      message: 'This answer is not part of a comparison.',
    });
  }
  ctx.transaction(() => {
    ctx.db
      .prepare(
        `UPDATE conversations SET current_leaf_id = ?,
           provider_id = coalesce(?, provider_id), model = coalesce(?, model) WHERE id = ?`,
      )
      .run(messageId, answer.providerId, answer.model, conversationId);
    if (settle) {
      ctx.db
        .prepare('UPDATE messages SET compare_id = NULL WHERE conversation_id = ? AND compare_id = ?')
        .run(conversationId, compareId);
    }
  });
}
