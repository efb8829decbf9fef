import './compare.css';
import { memo } from 'react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import type { OpenComparison } from '../../state/comparison.ts';
import { answerFigures } from '../../state/comparison.ts';
import { useLiveStatus, useSettings } from '../../state/app-state.ts';
import { modelLabel } from '../../state/settings-store.ts';
import { ErrorBoundary, RawText } from '../ErrorBoundary.tsx';
import { AnswerStatus, numberFormat } from './AnswerStatus.tsx';
import { AnswerBody } from './AnswerBody.tsx';
import { CheckIcon, StopIcon } from '../icons.tsx';
import { costText } from '../../lib/cost.ts';

export interface CompareActions {
  stop(message: StoredMessage): void;
  stopAll(answers: StoredMessage[]): void;
  /** Goes on with this answer: the view returns to one thread, the others stay as branches. */
  choose(message: StoredMessage): void;
  retry(message: StoredMessage): void;
}

/**
 * A comparison's answers side by side (stacked on a narrow window), each under its model, with its
 * figures once done: time to first token, total time, tokens per second, tokens and cost.
 */
export function CompareColumns({
  comparison,
  streaming,
  actions,
}: {
  comparison: OpenComparison;
  /** Some answer of it is still being written. */
  streaming: boolean;
  actions: CompareActions;
}) {
  const { t } = useTranslation();
  const { answers } = comparison;
  return (
    <section className="compare" aria-label={t('compare.title', { count: answers.length })}>
      <header className="compare-bar">
        <h3>{t('compare.title', { count: answers.length })}</h3>
        <span className="hint">{t('compare.chooseHint')}</span>
        {streaming && (
          <button type="button" className="pill danger" onClick={() => actions.stopAll(answers)}>
            <StopIcon size={12} /> {t('compare.stopAll')}
          </button>
        )}
      </header>
      <div className="compare-columns" style={{ '--columns': answers.length } as CSSProperties}>
        {answers.map((answer) => (
          <CompareColumn key={answer.id} answer={answer} actions={actions} />
        ))}
      </div>
    </section>
  );
}

const CompareColumn = memo(function CompareColumn({
  answer,
  actions,
}: {
  answer: StoredMessage;
  actions: CompareActions;
}) {
  const { t } = useTranslation();
  const settings = useSettings();
  const live = useLiveStatus(answer.id);
  const label =
    answer.providerId && answer.model
      ? modelLabel(settings, { providerId: answer.providerId, model: answer.model })
      : t('chat.assistant');
  return (
    <article
      className="compare-column"
      aria-label={label}
      data-message-id={answer.id}
      data-state={live ? live.status : answer.state}
    >
      <h4 className="compare-model" title={label}>
        {label}
      </h4>
      <div className="compare-answer">
        <ErrorBoundary fallback={<RawText text={answer.content} />} resetKey={answer.content}>
          <AnswerBody message={answer} />
        </ErrorBoundary>
        <AnswerStatus message={answer} live={live} onRetry={() => actions.retry(answer)} />
      </div>
      {!live && answer.state !== 'streaming' && <Figures answer={answer} />}
      <div className="compare-actions">
        {live ? (
          <button type="button" className="pill" onClick={() => actions.stop(answer)}>
            <StopIcon size={12} /> {t('compare.stop')}
          </button>
        ) : (
          <button type="button" className="pill primary-pill" onClick={() => actions.choose(answer)}>
            <CheckIcon size={13} /> {t('compare.choose')}
          </button>
        )}
      </div>
    </article>
  );
});

function Figures({ answer }: { answer: StoredMessage }) {
  const { t, i18n } = useTranslation();
  const f = answerFigures(answer);
  const nf = numberFormat(i18n.language);
  const seconds = (ms: number | null) =>
    ms === null ? '—' : t('compare.seconds', { value: (ms / 1000).toFixed(2) });
  const rows: [string, string][] = [
    [t('compare.ttft'), seconds(f.ttftMs)],
    [t('compare.total'), seconds(f.durationMs)],
    [
      t('compare.speed'),
      f.tokensPerSecond === null ? '—' : t('compare.perSecond', { value: f.tokensPerSecond.toFixed(1) }),
    ],
    [
      t('compare.tokens'),
      f.inputTokens === null || f.outputTokens === null
        ? '—'
        : t('compare.inOut', { input: nf.format(f.inputTokens), output: nf.format(f.outputTokens) }),
    ],
    [t('compare.cost'), f.costUsd === null ? '—' : costText(f.costUsd, i18n.language)],
  ];
  return (
    <dl className="compare-figures">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
