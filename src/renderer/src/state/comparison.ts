import type { StoredMessage } from '../../../shared/history.ts';
import type { MessageTree } from './tree.ts';
import { siblingsOf } from './tree.ts';

/** A comparison the person has not settled yet: its question and its answers, in the order asked. */
export interface OpenComparison {
  question: StoredMessage;
  answers: StoredMessage[];
}

/**
 * The rule for showing a comparison side by side: the shown branch ends at an answer of a
 * comparison (it still carries its `compareId`: choosing one clears it) and no answer of it has a
 * follow-up yet. Otherwise the branch reads as a normal thread, its answers as ‹ 1 / n › siblings.
 */
export function openComparison(tree: MessageTree, path: readonly StoredMessage[]): OpenComparison | null {
  const last = path.at(-1);
  if (!last || last.role !== 'assistant' || !last.compareId || last.parentId === null) return null;
  const question = tree.byId.get(last.parentId);
  if (!question) return null;
  const answers = siblingsOf(tree, last).siblings.filter((m) => m.compareId === last.compareId);
  if (answers.some((a) => (tree.children.get(a.id)?.length ?? 0) > 0)) return null;
  return { question, answers };
}

/** What a finished answer's column shows about its speed, size and cost (null: not known). */
export interface AnswerFigures {
  ttftMs: number | null;
  durationMs: number | null;
  /** Output tokens over the time spent writing them (after the first token). */
  tokensPerSecond: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export function answerFigures(message: StoredMessage): AnswerFigures {
  const timing = message.timing ?? null;
  const output = message.usage?.outputTokens ?? null;
  const writing = timing && timing.ttftMs !== null ? timing.durationMs - timing.ttftMs : null;
  return {
    ttftMs: timing?.ttftMs ?? null,
    durationMs: timing?.durationMs ?? null,
    tokensPerSecond: output !== null && writing !== null && writing > 0 ? (output * 1000) / writing : null,
    inputTokens: message.usage?.inputTokens ?? null,
    outputTokens: output,
    costUsd: message.costUsd ?? null,
  };
}
