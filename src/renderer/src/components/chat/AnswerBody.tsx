import './tools/tools.css';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import { useLive } from '../../state/app-state.ts';
import type { LiveAnswer } from '../../state/answer-streams.ts';
import type { AnswerSegment } from '../../state/tool-parts.ts';
import { answerParts, usedTools } from '../../../../shared/attachments.ts';
import { answerSegments, liveParts, toolWait } from '../../state/tool-parts.ts';
import { Markdown } from '../../markdown/Markdown.tsx';
import { AnswerFilter } from './AnswerFilter.tsx';
import { ToolCallCard } from './tools/ToolCallCard.tsx';
import { ToolResult } from './tools/ToolResult.tsx';

const typing = (
  <span className="typing" aria-hidden="true">
    <i />
    <i />
    <i />
  </span>
);

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
  const body = (
    <>
      {reasoning && (
        <details className="reasoning">
          <summary>{t('chat.reasoning')}</summary>
          <div>{reasoning}</div>
        </details>
      )}
      {segments ? (
        <Segments message={message} segments={segments} live={live} />
      ) : content ? (
        <Markdown text={content} streaming={!!live} cacheKey={message.id} />
      ) : live || message.state === 'streaming' ? (
        typing
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

/** Text pieces and tool calls in order; while the model takes its next step after a tool, the dots. */
function Segments({
  message,
  segments,
  live,
}: {
  message: StoredMessage;
  segments: AnswerSegment[];
  live: LiveAnswer | null;
}) {
  const last = segments[segments.length - 1];
  return (
    <>
      {segments.map((segment, i) => {
        if (segment.kind === 'text') {
          // The first piece keeps the answer's own parse cache (it was the whole text before a call).
          const cacheKey = i === 0 ? message.id : `${message.id}:${segment.key}`;
          const streaming = !!live && segment === last;
          return <Markdown key={segment.key} text={segment.text} streaming={streaming} cacheKey={cacheKey} />;
        }
        if (segment.kind === 'result')
          return <ToolResult key={segment.key} call={null} server="" tool="" outcome={segment.outcome} />;
        const approval = live?.tools.find((c) => c.call.id === segment.call.id)?.approval ?? null;
        return (
          <ToolCallCard
            key={segment.key}
            messageId={message.id}
            call={segment.call}
            server={segment.server}
            tool={segment.tool}
            outcome={segment.outcome}
            approval={approval}
          />
        );
      })}
      {live && last?.kind !== 'text' && !toolWait(live.tools) && typing}
    </>
  );
}
