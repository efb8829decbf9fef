import { Markdown } from '../../../markdown/Markdown.tsx';
import type { AnswerSegment, LiveToolCall } from '../../../state/tool-parts.ts';
import { toolWait } from '../../../state/tool-parts.ts';
import type { ToolActions } from './ToolCallCard.tsx';
import { ToolCallCard } from './ToolCallCard.tsx';
import { ToolResult } from './ToolResult.tsx';

/** The dots of an answer whose next words have not come yet. */
export const typingDots = (
  <span className="typing" aria-hidden="true">
    <i />
    <i />
    <i />
  </span>
);

/**
 * An answer that called tools: its text pieces and its calls in order (the main window's answers
 * and the quick prompt's alike). While the model takes its next step after a tool, the dots.
 */
export function ToolSegments({
  segments,
  live,
  actions,
  cacheKey,
}: {
  segments: AnswerSegment[];
  /** The calls as they stand while the answer streams; null once it has ended. */
  live: readonly LiveToolCall[] | null;
  actions: ToolActions;
  /** The answer's parse cache (its message id); each text piece after the first gets its own. */
  cacheKey?: string;
}) {
  const last = segments[segments.length - 1];
  // The n-th call with an id is the n-th live one with it (a model may reuse ids across steps).
  const seen = new Map<string, number>();
  return (
    <>
      {segments.map((segment, i) => {
        if (segment.kind === 'text') {
          // The first piece keeps the answer's own parse cache (it was the whole text before a call).
          const key = cacheKey === undefined ? undefined : i === 0 ? cacheKey : `${cacheKey}:${segment.key}`;
          const streaming = !!live && segment === last;
          return <Markdown key={segment.key} text={segment.text} streaming={streaming} cacheKey={key} />;
        }
        if (segment.kind === 'result')
          return <ToolResult key={segment.key} call={null} server="" tool="" outcome={segment.outcome} />;
        const n = seen.get(segment.call.id) ?? 0;
        seen.set(segment.call.id, n + 1);
        const approval = live?.filter((c) => c.call.id === segment.call.id)[n]?.approval ?? null;
        return (
          <ToolCallCard
            key={segment.key}
            actions={actions}
            call={segment.call}
            server={segment.server}
            tool={segment.tool}
            outcome={segment.outcome}
            approval={approval}
          />
        );
      })}
      {live && last?.kind !== 'text' && !toolWait(live) && typingDots}
    </>
  );
}
