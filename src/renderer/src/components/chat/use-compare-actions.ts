import { useMemo } from 'react';
import { chatStore } from '../../state/app-state.ts';
import type { CompareActions } from './CompareColumns.tsx';

/** What a comparison's columns do, reported like the thread's actions (`report` shows a failure). */
export function useCompareActions(
  conversationId: string | null,
  report: (run: () => Promise<unknown>) => void,
): CompareActions {
  return useMemo(
    () => ({
      stop: (message) => report(() => chatStore.stopAnswer(message.id)),
      stopAll: (answers) => report(() => Promise.all(answers.map((a) => chatStore.stopAnswer(a.id)))),
      choose: (message) => {
        if (conversationId) report(() => chatStore.chooseAnswer(conversationId, message.id));
      },
      // Asks that answer's model again (a new branch of the question, outside the comparison).
      retry: ({ parentId, providerId, model }) => {
        const ref = providerId && model ? { providerId, model } : null;
        if (parentId) report(() => chatStore.regenerate(parentId, ref));
      },
    }),
    [conversationId, report],
  );
}
