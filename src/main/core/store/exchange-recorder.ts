import type { AppError } from '../../../shared/errors.ts';
import type { Usage } from '../../../shared/llm-events.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { HistoryService } from './history-service.ts';

/** What one prompt-and-answer (a `parley ask`, a quick-window exchange) needs from the history. */
export interface ExchangeRecorder {
  conversationId: string;
  messageId: string;
  text(delta: string): void;
  reasoning(delta: string): void;
  finish(result: {
    state: 'complete' | 'interrupted' | 'error';
    error?: AppError | null;
    usage?: Usage | null;
    costUsd?: number | null;
    answeredBy?: ModelRef | null;
  }): void;
}

/** Starts a new conversation with the prompt and a streaming answer; text is on disk within 250 ms. */
export function recordExchange(
  history: HistoryService,
  init: { prompt: string; model: ModelRef; source?: 'parley' | 'quick'; system?: string | null },
): ExchangeRecorder {
  const conversation = history.createConversation({
    model: init.model.model,
    source: init.source ?? 'parley',
  });
  let parentId: string | null = null;
  if (init.system) {
    parentId = history.addMessage({
      conversationId: conversation.id,
      parentId: null,
      role: 'system',
      content: init.system,
      state: 'complete',
    }).id;
  }
  const user = history.addMessage({
    conversationId: conversation.id,
    parentId,
    role: 'user',
    content: init.prompt,
    state: 'complete',
  });
  const answer = history.addMessage({
    conversationId: conversation.id,
    parentId: user.id,
    role: 'assistant',
    content: '',
    state: 'streaming',
    providerId: init.model.providerId,
    model: init.model.model,
  });
  return {
    conversationId: conversation.id,
    messageId: answer.id,
    text: (delta) => history.appendToMessage(answer.id, { text: delta }),
    reasoning: (delta) => history.appendToMessage(answer.id, { reasoning: delta }),
    finish: (result) => {
      history.finishMessage(answer.id, result);
    },
  };
}
