import { memo, useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import type { LiveAnswer } from '../../state/chat-store.ts';
import type { LiveStatus } from '../../state/app-state.ts';
import { chatStore, useLive, useLiveStatus } from '../../state/app-state.ts';
import { Markdown } from '../../markdown/Markdown.tsx';
import { ErrorBoundary, RawText } from '../ErrorBoundary.tsx';
import { copyText } from '../../lib/clipboard.ts';
import {
  AlertIcon,
  CheckIcon,
  ChevronLeftIcon,
  ChevronRightIcon,
  CopyIcon,
  EditIcon,
  PlayIcon,
  RefreshIcon,
  TrashIcon,
} from '../icons.tsx';

export interface MessageActions {
  regenerate(message: StoredMessage): void;
  edit(message: StoredMessage, content: string): void;
  continueAnswer(message: StoredMessage): void;
  switchBranch(message: StoredMessage, offset: number): void;
  /** Deletes the message and everything under it (after the person confirmed). */
  remove(message: StoredMessage): void;
}

interface Props {
  message: StoredMessage;
  branchIndex: number;
  branchCount: number;
  highlighted: boolean;
  actions: MessageActions;
  busy: boolean;
}

/** One message: its text (Markdown for answers), its state, and what can be done with it. */
export const MessageItem = memo(function MessageItem({
  message,
  branchIndex,
  branchCount,
  highlighted,
  actions,
  busy,
}: Props) {
  const branch = { index: branchIndex, count: branchCount };
  const { t } = useTranslation();
  // Only the status here: the growing text re-renders <LiveBody> alone, not the whole message.
  const live = useLiveStatus(message.id);
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const isUser = message.role === 'user';
  const roleName = isUser ? t('chat.user') : t('chat.assistant');
  const content = message.content;

  return (
    <article
      className={`message ${message.role}${highlighted ? ' highlighted' : ''}`}
      aria-label={roleName}
      data-message-id={message.id}
      data-state={live ? live.status : message.state}
    >
      {!isUser && (
        <div className="avatar" aria-hidden="true">
          P
        </div>
      )}
      <div className="message-body">
        {editing ? (
          <EditBox
            initial={message.content}
            onCancel={() => setEditing(false)}
            onSave={(text) => {
              setEditing(false);
              actions.edit(message, text);
            }}
          />
        ) : isUser ? (
          <div className="bubble">{content}</div>
        ) : (
          <ErrorBoundary fallback={<RawText text={content} />} resetKey={content}>
            <AnswerBody message={message} />
          </ErrorBoundary>
        )}
        {!isUser && <AnswerStatus message={message} live={live} />}
        {!editing && (
          <div className="message-actions">
            {branch.count > 1 && (
              <span className="branch">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('actions.previousBranch')}
                  title={t('actions.previousBranch')}
                  disabled={branch.index === 0}
                  onClick={() => actions.switchBranch(message, -1)}
                >
                  <ChevronLeftIcon size={14} />
                </button>
                <span className="branch-count">
                  {t('actions.branch', { index: branch.index + 1, count: branch.count })}
                </span>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('actions.nextBranch')}
                  title={t('actions.nextBranch')}
                  disabled={branch.index === branch.count - 1}
                  onClick={() => actions.switchBranch(message, 1)}
                >
                  <ChevronRightIcon size={14} />
                </button>
              </span>
            )}
            {!live && <CopyButton text={content} />}
            {isUser && !busy && (
              <button
                type="button"
                className="icon-button"
                aria-label={t('actions.edit')}
                title={t('actions.edit')}
                onClick={() => setEditing(true)}
              >
                <EditIcon size={15} />
              </button>
            )}
            {!isUser && !live && (
              <button
                type="button"
                className="icon-button"
                aria-label={t('actions.regenerate')}
                title={t('actions.regenerate')}
                disabled={busy}
                onClick={() => actions.regenerate(message)}
              >
                <RefreshIcon size={15} />
              </button>
            )}
            {!isUser && !live && message.state === 'interrupted' && (
              <button
                type="button"
                className="pill"
                disabled={busy}
                onClick={() => actions.continueAnswer(message)}
              >
                <PlayIcon size={13} /> {t('actions.continue')}
              </button>
            )}
            {!isUser && !live && message.state === 'error' && (
              <button
                type="button"
                className="pill danger"
                disabled={busy}
                onClick={() => actions.regenerate(message)}
              >
                <RefreshIcon size={13} /> {t('actions.retry')}
              </button>
            )}
            {!live && (
              <button
                type="button"
                className="icon-button"
                aria-label={t('actions.deleteMessage')}
                title={t('actions.deleteMessage')}
                aria-expanded={confirmingDelete}
                onClick={() => setConfirmingDelete(true)}
              >
                <TrashIcon size={15} />
              </button>
            )}
            {!isUser && !live && message.state === 'complete' && <AnswerMeta message={message} />}
          </div>
        )}
        {confirmingDelete && !live && (
          <ConfirmDelete
            under={chatStore.subtreeSize(message.conversationId, message.id) - 1}
            onCancel={() => setConfirmingDelete(false)}
            onConfirm={() => {
              setConfirmingDelete(false);
              actions.remove(message);
            }}
          />
        )}
      </div>
    </article>
  );
});

/** Deleting a message cannot be undone: say what goes with it and ask first. Esc cancels. */
function ConfirmDelete({
  under,
  onConfirm,
  onCancel,
}: {
  under: number;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const cancel = useRef<HTMLButtonElement>(null);
  const textId = useId();
  useEffect(() => cancel.current?.focus(), []);
  const text = under > 0 ? t('chat.deleteConfirmTree', { count: under }) : t('chat.deleteConfirm');
  return (
    <div
      className="confirm-delete"
      role="alertdialog"
      aria-label={t('actions.deleteMessage')}
      aria-describedby={textId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id={textId}>{text}</p>
      <div className="row end">
        <button ref={cancel} type="button" className="ghost" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          <TrashIcon size={14} /> {t('actions.delete')}
        </button>
      </div>
    </div>
  );
}

/**
 * An answer's text: while it streams, as it grows (the one part of a message that changes every
 * frame; the same component before and after, so finishing keeps every rendered block).
 */
function AnswerBody({ message }: { message: StoredMessage }) {
  const { t } = useTranslation();
  const live = useLive(message.id);
  const content = live ? live.content : message.content;
  const reasoning = live?.reasoning || message.reasoning;
  return (
    <>
      {reasoning && (
        <details className="reasoning">
          <summary>{t('chat.reasoning')}</summary>
          <div>{reasoning}</div>
        </details>
      )}
      {content ? (
        <Markdown text={content} streaming={!!live} cacheKey={message.id} />
      ) : live || message.state === 'streaming' ? (
        <span className="typing" aria-hidden="true">
          <i />
          <i />
          <i />
        </span>
      ) : null}
    </>
  );
}

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={copied ? t('actions.copied') : t('actions.copy')}
      title={t('actions.copy')}
      onClick={() =>
        void copyText(text).then((ok) => {
          if (!ok) return;
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        })
      }
    >
      {copied ? <CheckIcon size={15} /> : <CopyIcon size={15} />}
    </button>
  );
}

function EditBox({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (
      event.key === 'Enter' &&
      !event.shiftKey &&
      !event.nativeEvent.isComposing &&
      event.keyCode !== 229
    ) {
      event.preventDefault();
      if (text.trim()) onSave(text.trim());
    }
  };
  return (
    <div className="edit-box">
      <textarea
        ref={ref}
        aria-label={t('actions.edit')}
        value={text}
        rows={Math.min(12, Math.max(2, text.split('\n').length))}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <p className="hint">{t('chat.editing')}</p>
      <div className="row end">
        <button type="button" className="ghost" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
        <button type="button" className="primary" disabled={!text.trim()} onClick={() => onSave(text.trim())}>
          {t('actions.saveEdit')}
        </button>
      </div>
    </div>
  );
}

function AnswerStatus({ message, live }: { message: StoredMessage; live: LiveStatus | null }) {
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
        text = t('chat.streaming');
    }
    return (
      <>
        {failoverLine}
        <div className={`status ${live.status}`} role="status">
          <span className="pulse" aria-hidden="true" />
          {text}
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
          {!stopped && message.error?.message ? ` ${message.error.message}` : ''}
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
          <span>{t('chat.error', { message: message.error?.message ?? '' })}</span>
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

function AnswerMeta({ message }: { message: StoredMessage }) {
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
    parts.push(t('chat.cost', { cost: formatCost(message.costUsd) }));
  }
  if (parts.length === 0) return null;
  return (
    <span className="meta" title={message.model ? t('chat.answeredBy', { model: message.model }) : undefined}>
      {parts.join(' · ')}
    </span>
  );
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: string): Intl.NumberFormat {
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(language)));
  return format;
}

function formatCost(cost: number): string {
  if (cost === 0) return '0';
  if (cost < 0.01) return cost.toFixed(4);
  return cost.toFixed(cost < 1 ? 3 : 2);
}
