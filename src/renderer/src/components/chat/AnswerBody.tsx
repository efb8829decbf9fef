import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import { answerParts, usedTools } from '../../../../shared/attachments.ts';
import { chatStore, useLive } from '../../state/app-state.ts';
import { answerSegments, liveParts } from '../../state/tool-parts.ts';
import { Markdown } from '../../markdown/Markdown.tsx';
import { AnswerFilter } from './AnswerFilter.tsx';
import type { ToolActions } from './tools/ToolCallCard.tsx';
import { ToolSegments, typingDots } from './tools/ToolSegments.tsx';

/**
 * An answer's text: while it streams, as it grows (the one part of a message that changes every
 * frame; the same component before and after, so finishing keeps every rendered block). An answer
 * that called tools shows its text and its calls in the order they came.
 */
export function AnswerBody({ message }: { message: StoredMessage }) {
  const { t } = useTranslation();
  const live = useLive(message.id);
  const content = live ? live.content : message.content;
  const reasoning = live?.reasoning || message.reasoning;
  const filter = live?.filter ?? message.filter;
  const segments = useMemo(
    () =>
      live
        ? live.tools.length > 0
          ? answerSegments(liveParts(live.content, live.tools))
          : null
        : usedTools(message.parts)
          ? answerSegments(answerParts(message.parts, message.content))
          : null,
    [live, message.parts, message.content],
  );
  const actions: ToolActions = useMemo(
    () => ({
      decide: (callId, decision) => chatStore.decideTool(message.id, callId, decision),
      cancel: (callId) => chatStore.cancelTool(message.id, callId),
    }),
    [message.id],
  );
  const body = (
    <>
      {reasoning && (
        <details className="reasoning">
          <summary>{t('chat.reasoning')}</summary>
          <div>{reasoning}</div>
        </details>
      )}
      {segments ? (
        <ToolSegments
          segments={segments}
          live={live?.tools ?? null}
          actions={actions}
          cacheKey={message.id}
        />
      ) : content ? (
        <Markdown text={content} streaming={!!live} cacheKey={message.id} />
      ) : live || message.state === 'streaming' ? (
        typingDots
      ) : null}
    </>
  );
  return filter ? (
    <AnswerFilter message={message} filter={filter}>
      {body}
    </AnswerFilter>
  ) : (
    body
  );
}
