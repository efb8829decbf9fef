import type { HistoryContext } from './history-context.ts';

/**
 * The rule that a generated title never replaces a name the user gave: a conversation made by a send
 * starts `pending`; claiming it (`generating`) lets one title request go out; a rename (`kept`) at
 * any time, even while that request is out, makes the generated title count for nothing.
 */

/** Claims the one title request of a conversation; false when it is not due (renamed, done, gone). */
export function claimTitle(ctx: HistoryContext, conversationId: string): boolean {
  const result = ctx.db
    .prepare(
      `UPDATE conversations SET title_state = 'generating'
       WHERE id = ? AND title_state = 'pending' AND deleted_at IS NULL`,
    )
    .run(conversationId);
  return Number(result.changes) === 1;
}

/**
 * Ends a claimed title request: with a title, it becomes the conversation's unless the user renamed
 * it meanwhile; without one (a failure), the conversation keeps its title. True when it was saved.
 */
export function settleTitle(ctx: HistoryContext, conversationId: string, title: string | null): boolean {
  const result = ctx.db
    .prepare(
      `UPDATE conversations SET title = coalesce(?, title), title_state = 'kept'
       WHERE id = ? AND title_state = 'generating'`,
    )
    .run(title, conversationId);
  return title !== null && Number(result.changes) === 1;
}
