import './composer.css';
import { memo, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { SendIcon, StopIcon } from '../icons.tsx';
import type { ModelRef } from '../../../../shared/providers.ts';
import { ContextMeter } from './ContextMeter.tsx';

export interface ComposerHandle {
  focus(): void;
}

interface Props {
  /** Drafts are kept per conversation (null: a new chat). */
  draftKey: string | null;
  streaming: boolean;
  disabled: boolean;
  /** Tokens of the shown branch, for the context estimate until main has counted. */
  contextTokens: number;
  /** What the next send uses, for the count of what it sends. */
  model: ModelRef | null;
  assistantId: string | null;
  onSend(text: string): Promise<boolean>;
  onStop(): void;
  ref?: Ref<ComposerHandle>;
}

const drafts = new Map<string | null, string>();
const MAX_HEIGHT = 240;

/**
 * Enter sends, Shift+Enter adds a line, and an IME composition's Enter only picks the candidate.
 * Its state is its own: a streaming answer never re-renders it, so typing stays instant.
 */
export const Composer = memo(function Composer({
  draftKey,
  streaming,
  disabled,
  contextTokens,
  model,
  assistantId,
  onSend,
  onStop,
  ref,
}: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => drafts.get(draftKey) ?? '');
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);

  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  useEffect(() => {
    drafts.set(draftKey, text);
  }, [draftKey, text]);

  // Grow with the text, up to a limit.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(MAX_HEIGHT, el.scrollHeight)}px`;
  }, [text]);

  const submit = async () => {
    const value = text.trim();
    if (!value || streaming || disabled || sending) return;
    setSending(true);
    try {
      if (await onSend(value)) {
        setText('');
        drafts.delete(draftKey);
      }
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    // 229: a key that an IME is handling (Safari/old Chromium report isComposing late).
    if (composing.current || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    void submit();
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="composer-box">
        <textarea
          ref={area}
          aria-label={t('chat.message')}
          placeholder={t('chat.placeholder')}
          value={text}
          rows={1}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onCompositionStart={() => (composing.current = true)}
          onCompositionEnd={() => (composing.current = false)}
        />
        <div className="composer-bar">
          <ContextMeter
            conversationId={draftKey}
            model={model}
            assistantId={assistantId}
            text={text}
            fallbackTokens={contextTokens}
          />
          {streaming ? (
            <button
              type="button"
              className="send stop"
              onClick={onStop}
              aria-label={t('chat.stop')}
              title={t('chat.stop')}
            >
              <StopIcon size={16} />
            </button>
          ) : (
            <button
              type="submit"
              className="send"
              disabled={!text.trim() || disabled || sending}
              aria-label={t('chat.send')}
              title={t('chat.send')}
            >
              <SendIcon size={18} />
            </button>
          )}
        </div>
      </div>
    </form>
  );
});
