import { memo, useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import { chatStore, useLiveStatus } from '../../state/app-state.ts';
import { AnswerBody } from './AnswerBody.tsx';
import { ErrorBoundary, RawText } from '../ErrorBoundary.tsx';
import { AnswerMeta, AnswerStatus } from './AnswerStatus.tsx';
import { AdjustmentNotes } from './AdjustmentNotes.tsx';
import { RegenerateWith } from './RegenerateWith.tsx';
import { RatingButtons } from './RatingButtons.tsx';
import { RouteLine } from './RouteLine.tsx';
import { MessageAttachments } from '../attachments/MessageAttachments.tsx';
import { copyText } from '../../lib/clipboard.ts';
import {
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
  /** A new answer as a sibling branch: from the conversation's model, or from `model` when given. */
  regenerate(message: StoredMessage, model?: ModelRef): void;
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
        <MessageAttachments parts={message.parts} />
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
          content && <div className="bubble">{content}</div>
        ) : (
          <ErrorBoundary fallback={<RawText text={content} />} resetKey={content}>
            <AnswerBody message={message} />
          </ErrorBoundary>
        )}
        {!isUser && (
          <AnswerStatus message={message} live={live} onRetry={() => actions.regenerate(message)} />
        )}
        {!isUser && !live && <AdjustmentNotes adjustments={message.adjustments} />}
        {!isUser && !live && message.route && <RouteLine route={message.route} />}
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
            {!isUser && !live && (
              <RegenerateWith message={message} disabled={busy} onChoose={actions.regenerate} />
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
            {!isUser && !live && message.state === 'complete' && <RatingButtons message={message} />}
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
