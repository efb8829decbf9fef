import type { ChatCompareResult } from '../../../shared/chat.ts';
import type { ConversationSummary, StoredMessage } from '../../../shared/history.ts';
import type { ChatHistory } from './chat-ports.ts';
import type { Chain } from './model-chain.ts';
import { addAnswer } from './new-question.ts';
import type { Question } from './new-question.ts';

/**
 * A comparison: one question, then one answer per model as sibling branches of it, all sharing the
 * question's id as their `compareId`, each streamed on its own (retries, rate limits and
 * per-provider caps apply to each, as for any answer; each is stopped on its own with `chat.stop`).
 * The first model's answer is shown (the conversation goes on from it, with its model) until the
 * person chooses another (`chat.chooseAnswer`).
 */
export interface CompareSteps {
  history: Pick<ChatHistory, 'addMessage' | 'showComparedAnswer'>;
  /** The question, stored once checked for every model and by the content filters (`addQuestion`). */
  question: Question;
  /** Starts streaming an answer into its stored row; returns the stream's id. */
  stream(user: StoredMessage, answer: StoredMessage, chain: Chain, quick: boolean): string;
  announce(conversationId: string, reason: 'created' | 'updated'): ConversationSummary;
}

export function compareModels(steps: CompareSteps): ChatCompareResult {
  const { history } = steps;
  const { user, chains, reason, quick } = steps.question;
  const { conversationId } = user;
  // Every row is stored before the first stream starts, so a window is never told of half of them.
  const answers = chains.map((chain) => addAnswer(history, user, chain, user.id));
  history.showComparedAnswer(conversationId, answers[0]!.id, false);
  const streams = answers.map((answer, i) => ({
    streamId: steps.stream(user, answer, chains[i]!, quick),
    assistantMessageId: answer.id,
    model: { providerId: chains[i]![0]!.provider.id, model: chains[i]![0]!.model },
  }));
  return {
    conversationId,
    userMessageId: user.id,
    conversation: steps.announce(conversationId, reason),
    created: [user, ...answers],
    streams,
  };
}
