import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../markdown/Markdown.tsx';
import type { Turn } from './exchange.ts';
import { isRunning } from './exchange.ts';
import { errorText } from '../lib/error-text.ts';
import { AttachmentChip } from '../components/attachments/AttachmentChip.tsx';
import { ImageIcon } from '../components/icons.tsx';
import { formatSize } from '../lib/attachments/size.ts';
import type { FilterRule } from '../../../shared/filters.ts';
import { FlaggedFold, FilterNotes } from '../components/filters/FilteredAnswer.tsx';
import type { ToolActions } from '../components/chat/tools/ToolCallCard.tsx';
import { ToolSegments } from '../components/chat/tools/ToolSegments.tsx';
import { answerSegments, liveParts } from '../state/tool-parts.ts';

/**
 * One question and its answer in the quick prompt, with the answer's status and a Copy button.
 * An answer cut off at the length limit offers `onContinue` (Open in Parley, where Continue is).
 */
export function TurnView({
  turn,
  rules,
  tools,
  onContinue,
}: {
  turn: Turn;
  /** The saved content-filter rules, to name one that flagged the answer. */
  rules: readonly FilterRule[];
  /** The person's answers to the calls of this turn's answer. */
  tools: ToolActions;
  onContinue(): void;
}) {
  const { t, i18n } = useTranslation('quick');
  const [copied, setCopied] = useState(false);
  const running = isRunning(turn.status);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(turn.answer);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard access: the text can still be selected and copied by hand.
    }
  };
  return (
    <article className="quick-turn" data-status={turn.status} aria-label={t('answer')}>
      <p className="quick-question">
        <span className="visually-hidden">{t('question')}: </span>
        {turn.question}
      </p>
      {turn.attachments.length > 0 && (
        <ul className="attachment-chips quick-turn-files">
          {turn.attachments.map((ref) => (
            <AttachmentChip
              key={ref.id}
              name={ref.name}
              detail={formatSize(ref.size, i18n.t)}
              thumbnail={ref.kind === 'image' ? <ImageIcon size={18} /> : undefined}
            />
          ))}
        </ul>
      )}
      <FlaggedFold filter={turn.filter} rules={rules} revealKey={turn.streamId ?? turn.key}>
        {turn.tools.length > 0 ? (
          <ToolSegments
            segments={answerSegments(liveParts(turn.answer, turn.tools))}
            live={running ? turn.tools : null}
            actions={tools}
          />
        ) : turn.answer ? (
          <Markdown text={turn.answer} streaming={running} />
        ) : null}
      </FlaggedFold>
      <FilterNotes filter={turn.filter} provider={null} />
      <TurnStatus turn={turn} />
      {turn.status === 'interrupted' && turn.error?.code === 'length_limit' && (
        <button type="button" className="quick-link strong" onClick={onContinue}>
          {t('continueInParley')}
        </button>
      )}
      {!running && turn.answer && (
        <button type="button" className="quick-link quick-copy" onClick={() => void copy()}>
          {copied ? t('copied') : t('copy')}
        </button>
      )}
    </article>
  );
}

function TurnStatus({ turn }: { turn: Turn }) {
  const { t } = useTranslation('quick');
  let text: string | null = null;
  let error = false;
  switch (turn.status) {
    case 'pending':
      text = t('pending');
      break;
    case 'queued':
      text = t('queued');
      break;
    case 'retrying':
      text = t('retrying', {
        seconds: Math.ceil((turn.retry?.delayMs ?? 0) / 1000),
        attempt: turn.retry?.attempt ?? 1,
        max: turn.retry?.maxAttempts ?? 1,
      });
      break;
    case 'streaming':
      text = turn.answer ? null : t('streaming');
      break;
    case 'interrupted':
      text = turn.stopped
        ? t('stopped')
        : turn.error?.code === 'length_limit'
          ? t('lengthLimit')
          : t('interrupted');
      break;
    case 'error':
      text = t('failed', { message: turn.error ? errorText(turn.error) : '' });
      error = true;
      break;
    case 'complete':
      text = turn.failover
        ? t('failover', { from: turn.failover.from.model, to: turn.failover.to.model })
        : null;
  }
  if (!text) return null;
  return (
    <p className={error ? 'quick-status error' : 'quick-status'} role={error ? 'alert' : 'status'}>
      {isRunning(turn.status) && <span className="quick-dots" aria-hidden="true" />}
      {text}
    </p>
  );
}
