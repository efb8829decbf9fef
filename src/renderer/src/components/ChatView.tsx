import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewMessage } from '../lib/use-chat.ts';
import { useChat } from '../lib/use-chat.ts';

export function ChatView() {
  const { t } = useTranslation();
  const { messages, streaming, send, stop, sendError } = useChat();
  const [draft, setDraft] = useState('');

  const submit = async () => {
    const text = draft.trim();
    if (!text || streaming) return;
    if (await send(text)) setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && streaming) {
      void stop();
    }
  };

  return (
    <main className="chat">
      <div className="messages">
        {messages.length === 0 && <p className="empty">{t('chat.empty')}</p>}
        {messages.map((message) => (
          <Message key={message.id} message={message} />
        ))}
      </div>
      {sendError && (
        <p className="notice error" role="alert">
          {sendError}
        </p>
      )}
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <textarea
          aria-label={t('chat.message')}
          placeholder={t('chat.placeholder')}
          value={draft}
          rows={3}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {streaming ? (
          <button type="button" onClick={() => void stop()}>
            {t('chat.stop')}
          </button>
        ) : (
          <button type="submit" disabled={!draft.trim()}>
            {t('chat.send')}
          </button>
        )}
      </form>
    </main>
  );
}

function Message({ message }: { message: ViewMessage }) {
  const { t } = useTranslation();
  const roleName = message.role === 'user' ? t('chat.user') : t('chat.assistant');
  return (
    <article className={`message ${message.role}`} aria-label={roleName} data-status={message.status}>
      <div className="role">{roleName}</div>
      <div className="content">{message.content}</div>
      <StatusLine message={message} />
    </article>
  );
}

function StatusLine({ message }: { message: ViewMessage }) {
  const { t } = useTranslation();
  const text = (() => {
    switch (message.status) {
      case 'queued':
        return t('chat.queued');
      case 'pending':
      case 'streaming':
        return t('chat.streaming');
      case 'retrying':
        return t('chat.retrying', {
          seconds: Math.ceil((message.retry?.delayMs ?? 0) / 1000),
          attempt: message.retry?.attempt,
          max: message.retry?.maxAttempts,
        });
      case 'interrupted':
        return message.stopped ? t('chat.stopped') : t('chat.interrupted');
      case 'error':
        return t('chat.error', { message: message.error?.message ?? '' });
      default:
        return null;
    }
  })();
  return text ? (
    <div className={`status ${message.status}`} role="status">
      {text}
    </div>
  ) : null;
}
