import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import type { LiveAnswer } from '../../state/chat-store.ts';
import type { LiveStatus } from '../../state/app-state.ts';
import { chatStore } from '../../state/app-state.ts';
import { AlertIcon } from '../icons.tsx';
import { StallNotice } from './StallNotice.tsx';
import { errorText } from '../../lib/error-text.ts';
import { providerStopped } from '../filters/finding-text.ts';
import { costText } from '../../lib/cost.ts';

/** Under an answer: where it stands while it streams (queued, retrying, failed over, stopped, failed), and its tokens and cost once done. */
export function AnswerStatus({
  message,
  live,
  onRetry,
}: {
  message: StoredMessage;
  live: LiveStatus | null;
  /** Asks again (after a stalled answer was stopped). */
  onRetry(): void;
}) {
  const { t } = useTranslation();
  const failover = live?.failover ?? chatStore.getFailover(message.id);
  const failoverLine = failover ? (
    <div className="status failover" role="status">
      {t('chat.failover', { to: failover.to.model, from: failover.from.model })}
    </div>
  ) : null;
  if (live) {
    let text: string;
    switch (live.status) {
      case 'pending':
        text = t('chat.pending');
        break;
      case 'queued':
        text = t('chat.queued');
        break;
      case 'retrying':
        return (
          <>
            {failoverLine}
            <RetryCountdown retry={live.retry} />
          </>
        );
      default:
        text =
          live.tool === 'ask'
            ? t('chatTools.waiting')
            : live.tool === 'running'
              ? t('chatTools.runningStatus')
              : t('chat.streaming');
    }
    return (
      <>
        {failoverLine}
        <div className={`status ${live.status}`} role="status">
          <span className="pulse" aria-hidden="true" />
          {text}
        </div>
        {live.status !== 'queued' && <StallNotice messageId={message.id} onRetry={onRetry} />}
      </>
    );
  }
  // The provider's filter stopped it: the filter note under the answer says which and why.
  if (message.error?.code === 'content_filtered' && providerStopped(message.filter)) return failoverLine;
  if (message.state === 'interrupted' && message.error?.code === 'length_limit') {
    return (
      <>
        {failoverLine}
        <div className="status interrupted" role="status">
          {t('lengthLimit.notice')}
        </div>
      </>
    );
  }
  if (message.state === 'interrupted') {
    const stopped = !message.error || message.error.code === 'cancelled';
    return (
      <>
        {failoverLine}
        <div className="status interrupted" role="status">
          {stopped ? t('chat.stopped') : t('chat.interrupted')}
          {!stopped && message.error ? ` ${errorText(message.error)}` : ''}
        </div>
      </>
    );
  }
  if (message.state === 'error') {
    return (
      <>
        {failoverLine}
        <div className="status error" role="alert">
          <AlertIcon size={15} />
          <span>{t('chat.error', { message: message.error ? errorText(message.error) : '' })}</span>
        </div>
      </>
    );
  }
  if (message.state === 'streaming') {
    return (
      <div className="status streaming" role="status">
        <span className="pulse" aria-hidden="true" />
        {t('chat.streaming')}
      </div>
    );
  }
  return failoverLine;
}

function RetryCountdown({ retry }: { retry: LiveAnswer['retry'] }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const remaining = retry ? Math.max(0, retry.since + retry.delayMs - now) : 0;
  return (
    <div className="status retrying" role="status">
      <span className="pulse" aria-hidden="true" />
      {t('chat.retrying', {
        seconds: Math.ceil(remaining / 1000),
        attempt: retry?.attempt ?? 1,
        max: retry?.maxAttempts ?? 1,
      })}
    </div>
  );
}

export function AnswerMeta({ message }: { message: StoredMessage }) {
  const { t, i18n } = useTranslation();
  const parts: string[] = [];
  if (message.model) parts.push(message.model);
  if (message.usage) {
    const nf = numberFormat(i18n.language);
    const values = {
      input: nf.format(message.usage.inputTokens),
      output: nf.format(message.usage.outputTokens),
    };
    parts.push(message.usage.estimated ? t('chat.usageEstimated', values) : t('chat.usage', values));
  }
  if (message.costUsd !== null && message.costUsd !== undefined) {
    parts.push(costText(message.costUsd, i18n.language));
  }
  if (parts.length === 0) return null;
  return (
    <span className="meta" title={message.model ? t('chat.answeredBy', { model: message.model }) : undefined}>
      {parts.join(' · ')}
    </span>
  );
}

const numberFormats = new Map<string, Intl.NumberFormat>();
export function numberFormat(language: string): Intl.NumberFormat {
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(language)));
  return format;
}
