import './composer.css';
import { memo, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { SendIcon, StopIcon } from '../icons.tsx';
import type { ModelRef } from '../../../../shared/providers.ts';
import type { AttachmentChoice } from '../../../../shared/attachments.ts';
import { ContextMeter } from './ContextMeter.tsx';
import { AttachButton } from '../attachments/AttachButton.tsx';
import { DraftChips } from '../attachments/DraftChips.tsx';
import { DropOverlay } from '../attachments/DropOverlay.tsx';
import { useFileIntake } from '../attachments/file-intake.ts';
import type { FilterHold, FilterOverride, FilterRule } from '../../../../shared/filters.ts';
import type { SendOutcome } from '../filters/hold.ts';
import { REDACT, SEND_ANYWAY } from '../filters/hold.ts';
import { HoldPanel } from '../filters/HoldPanel.tsx';

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
  /** The saved content-filter rules, to name one that held a message. */
  rules: readonly FilterRule[];
  /** Held by the content filters: the draft stays and the hold panel asks what to do. */
  onSend(text: string, attachments: AttachmentChoice[], filters?: FilterOverride): Promise<SendOutcome>;
  onStop(): void;
  ref?: Ref<ComposerHandle>;
}

const drafts = new Map<string | null, string>();
const MAX_HEIGHT = 240;

/**
 * Enter sends, Shift+Enter adds a line, and an IME composition's Enter only picks the candidate.
 * Its state is its own: a streaming answer never re-renders it, so typing stays instant.
 *
 * One composer serves every conversation: a change of `draftKey` shows that conversation's draft
 * and files and puts the last one's notice aside. It is not made again, since removing a focused
 * text box is costly, and a new chat's first message would otherwise pay for it just as it opens
 * its conversation (bench/render.ts).
 */
export const Composer = memo(function Composer({
  draftKey,
  streaming,
  disabled,
  contextTokens,
  model,
  assistantId,
  rules,
  onSend,
  onStop,
  ref,
}: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => drafts.get(draftKey) ?? '');
  const [sending, setSending] = useState(false);
  const [hold, setHold] = useState<FilterHold | null>(null);
  const [shownKey, setShownKey] = useState(draftKey);
  if (shownKey !== draftKey) {
    setShownKey(draftKey);
    setText(drafts.get(draftKey) ?? '');
    setHold(null);
    setSending(false);
  }
  /** The draft shown now, for a send that ends after another conversation was opened. */
  const shown = useRef(draftKey);
  const area = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  const { draft, items: files, dragging, onPaste } = useFileIntake(draftKey);
  const ready = draft.ready();
  const problem = draft.hasProblem();

  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  useEffect(() => {
    shown.current = draftKey;
    drafts.set(draftKey, text);
  }, [draftKey, text]);

  // Grow with the text, up to a limit.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(MAX_HEIGHT, el.scrollHeight)}px`;
  }, [text]);

  const submit = async (filters?: FilterOverride) => {
    if ((!text.trim() && files.length === 0) || problem || streaming || disabled || sending) return;
    setSending(true);
    try {
      // Sent as soon as the files still uploading are stored, with the text as it is by then.
      const attachments = (await draft.settled())?.map((stored) => ({ id: stored.id }));
      const value = (drafts.get(draftKey) ?? text).trim();
      if (!attachments || (!value && attachments.length === 0)) return;
      const outcome = await onSend(value, attachments, filters);
      // The draft sent is cleared wherever it is shown; another conversation's is left alone (a
      // new chat's first message opens its conversation, whose draft is empty, before this).
      const stillShown = shown.current === draftKey;
      if (stillShown) setHold(typeof outcome === 'object' ? outcome.hold : null);
      if (outcome === 'sent') {
        if (stillShown) setText('');
        drafts.delete(draftKey);
        draft.clear();
      }
    } finally {
      setSending(false);
    }
  };

  const cancelHold = () => {
    setHold(null);
    area.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape' && hold) {
      event.preventDefault();
      cancelHold();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    // 229: a key that an IME is handling (Safari/old Chromium report isComposing late).
    if (composing.current || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    void submit();
  };

  return (
    <form
      className="composer"
      // Busy from Send until the message is handed over (files still uploading are waited for).
      aria-busy={sending || undefined}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {dragging && <DropOverlay />}
      {hold && (
        <HoldPanel
          hold={hold}
          rules={rules}
          busy={sending}
          onRedact={() => void submit(REDACT)}
          onSendAnyway={() => void submit(SEND_ANYWAY)}
          onCancel={cancelHold}
        />
      )}
      <div className="composer-box">
        <DraftChips
          items={files}
          onRemove={(key) => {
            setHold(null);
            draft.remove(key);
          }}
        />
        <textarea
          ref={area}
          aria-label={t('chat.message')}
          placeholder={t('chat.placeholder')}
          value={text}
          rows={1}
          onChange={(event) => {
            // What was held is no longer what would be sent.
            setHold(null);
            setText(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onCompositionStart={() => (composing.current = true)}
          onCompositionEnd={() => (composing.current = false)}
        />
        <div className="composer-bar">
          <AttachButton onFiles={(picked) => draft.add(picked)} />
          <ContextMeter
            conversationId={draftKey}
            model={model}
            assistantId={assistantId}
            text={text}
            attachmentIds={ready?.map((ref) => ref.id) ?? []}
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
              disabled={(!text.trim() && files.length === 0) || problem || disabled || sending}
              aria-label={t('chat.send')}
              title={problem ? t('attachments.fixFirst') : t('chat.send')}
            >
              <SendIcon size={18} />
            </button>
          )}
        </div>
      </div>
    </form>
  );
});
