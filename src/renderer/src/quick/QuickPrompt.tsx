import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/settings.ts';
import { call, edition, on } from '../lib/api.ts';
import { useLook } from '../lib/use-look.ts';
import { isMacPlatform } from '../../../shared/accelerator.ts';
import { QuickExchange, isRunning } from './exchange.ts';
import { TurnView } from './TurnView.tsx';
import { QuickAssistantPicker, useQuickAssistant } from './QuickAssistantPicker.tsx';
import { QuickModelPicker, useQuickModel } from './QuickModelPicker.tsx';
import './strings.ts';
import { errorText } from '../lib/error-text.ts';
import { useFileIntake } from '../components/attachments/file-intake.ts';
import { AttachButton } from '../components/attachments/AttachButton.tsx';
import { DraftChips } from '../components/attachments/DraftChips.tsx';
import { DropOverlay } from '../components/attachments/DropOverlay.tsx';
import type { FilterOverride } from '../../../shared/filters.ts';
import { HoldPanel } from '../components/filters/HoldPanel.tsx';
import { REDACT, SEND_ANYWAY } from '../components/filters/hold.ts';

const INPUT_MAX_HEIGHT = 220;

/** Settings as main last reported them. */
function useSettings(): SettingsView | null {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  useEffect(() => {
    let live = true;
    call('settings.get').then(
      (view) => live && setSettings(view),
      () => {},
    );
    const off = on('settings.changed', setSettings);
    return () => {
      live = false;
      off();
    };
  }, []);
  return settings;
}

/**
 * The quick prompt: one input that grows with its text, the answer streaming below as Markdown.
 * Enter sends (to the model last used here, else the default); Esc stops an answer, a second Esc
 * hides the window; Ctrl/Cmd+Enter opens the conversation in Parley's main window.
 */
export function QuickPrompt() {
  const { t } = useTranslation('quick');
  const settings = useSettings();
  useLook(settings);
  const exchange = useMemo(() => new QuickExchange({ call, on }), []);
  useEffect(() => exchange.start(), [exchange]);
  const state = useSyncExternalStore(exchange.subscribe, exchange.get);
  const [draft, setDraft] = useState('');
  // A screenshot pasted (or a file dropped or picked) goes with the question.
  const { draft: files, items: fileItems, dragging, onPaste } = useFileIntake(null);
  const hasFiles = fileItems.length > 0;
  const fileProblem = files.hasProblem();
  const { model, choose: chooseModel, remember: rememberModel } = useQuickModel(settings);
  const [assistantId, setAssistantId] = useQuickAssistant();
  const [openWhenDone, setOpenWhenDone] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const answers = useRef<HTMLDivElement>(null);

  const mac = isMacPlatform(navigator.platform);
  const desktop = edition === 'desktop';
  const saving = settings?.quickPrompt.saveExchanges ?? true;
  const last = state.turns.at(-1);
  const running = !!last && isRunning(last.status);
  const conversationId = state.conversationId;

  // The input grows with its text, up to a limit, then scrolls. Prefilled text is selected as it
  // lands, so typing replaces it.
  const selectWhenSet = useRef(false);
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, INPUT_MAX_HEIGHT)}px`;
    el.style.overflowY = el.scrollHeight > INPUT_MAX_HEIGHT ? 'auto' : 'hidden';
    if (selectWhenSet.current && el.value) {
      selectWhenSet.current = false;
      el.select();
    }
  }, [draft]);

  // With saving off, main takes an answered quick exchange out of history; opening it in Parley
  // keeps it (restoring one that was never taken out is refused, harmlessly). The host shows it
  // in the main window; the browser edition answers with where to go instead.
  const openInParley = useCallback(async (id: string) => {
    await call('history.restore', { conversationId: id }).catch(() => {});
    try {
      const { navigateTo } = await call('app.openInMain', { conversationId: id });
      if (navigateTo) window.location.assign(new URL(navigateTo, window.location.href).href);
    } catch (error) {
      setNotice(errorText(error));
    }
  }, []);

  // Open in Parley waits for a running answer, so nothing is cut off on the way.
  const pendingOpen = useRef(false);
  const openWhenSettled = useCallback(() => {
    const now = exchange.get();
    const turn = now.turns.at(-1);
    if (!pendingOpen.current || !now.conversationId || (turn && isRunning(turn.status))) return;
    pendingOpen.current = false;
    setOpenWhenDone(false);
    void openInParley(now.conversationId);
  }, [exchange, openInParley]);
  useEffect(() => exchange.subscribe(openWhenSettled), [exchange, openWhenSettled]);
  const requestOpen = useCallback(
    (wanted: boolean) => {
      pendingOpen.current = wanted;
      setOpenWhenDone(wanted);
      if (wanted) openWhenSettled();
    },
    [openWhenSettled],
  );

  const send = useCallback(
    async (filters?: FilterOverride) => {
      const text = draft.trim();
      if ((!text && !hasFiles) || fileProblem || state.busy) return null;
      // A screenshot pasted a moment ago goes as soon as it is stored.
      const attachments = await files.settled();
      if (!attachments) return null;
      setNotice(null);
      const result = await exchange.send(text, model, assistantId, attachments, filters);
      if (result) {
        setDraft('');
        files.clear();
        rememberModel();
      }
      return result;
    },
    [draft, hasFiles, fileProblem, files, state.busy, exchange, model, assistantId, rememberModel],
  );

  // The host hides its window and gives focus back; a browser tab has none, so nothing changes.
  const hide = useCallback(() => void call('app.hideQuick', {}).catch(() => {}), []);

  const startOver = useCallback(() => {
    if (running) return;
    exchange.reset();
    setDraft('');
    setNotice(null);
    input.current?.focus();
  }, [exchange, running]);

  const open = useCallback(async () => {
    if ((draft.trim() || hasFiles) && !state.busy) {
      if (await send()) requestOpen(true);
      return;
    }
    if (conversationId) requestOpen(true);
  }, [draft, hasFiles, state.busy, send, conversationId, requestOpen]);

  const escape = useCallback(() => {
    if (exchange.get().hold) {
      exchange.dropHold();
      input.current?.focus();
      return;
    }
    if (pendingOpen.current) requestOpen(false);
    if (running) void exchange.stop();
    else hide();
  }, [requestOpen, running, exchange, hide]);

  // Keys that work wherever focus is in the window (the input, the answer, a button).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.isComposing || event.keyCode === 229) return; // an IME is composing: Esc/Enter are its own
      const mod = mac ? event.metaKey : event.ctrlKey;
      if (event.key === 'Escape') {
        event.preventDefault();
        escape();
      } else if (event.key === 'Enter' && mod) {
        event.preventDefault();
        void open();
      } else if (mod && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        startOver();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mac, escape, open, startOver]);

  // Each time the window is summoned: focus the input, and prefill it from the clipboard if asked.
  const prefill = settings?.quickPrompt.prefillFromClipboard ?? false;
  useEffect(() => {
    const summoned = () => {
      const el = input.current;
      if (!el) return;
      el.focus();
      if (prefill && !el.value && !exchange.get().busy) {
        navigator.clipboard.readText().then(
          (text) => {
            if (!text.trim() || input.current?.value) return;
            selectWhenSet.current = true;
            setDraft(text);
          },
          () => setNotice(t('clipboardFailed')),
        );
      } else {
        el.select();
      }
    };
    if (document.hasFocus()) summoned();
    window.addEventListener('focus', summoned);
    return () => window.removeEventListener('focus', summoned);
  }, [prefill, exchange, t]);

  // Follow the answer as it grows, unless the person scrolled up to read.
  useEffect(() => {
    const doc = document.scrollingElement ?? document.documentElement;
    const nearBottom = doc.scrollHeight - doc.scrollTop - doc.clientHeight < 80;
    if (running && nearBottom) doc.scrollTop = doc.scrollHeight;
  }, [last?.answer, running]);

  const onInputKey = (event: ReactKeyboardEvent<HTMLTextAreaElement>) => {
    const native = event.nativeEvent;
    if (native.isComposing || native.keyCode === 229) return;
    const mod = mac ? event.metaKey : event.ctrlKey;
    if (event.key === 'Enter' && !event.shiftKey && !mod && !event.altKey) {
      event.preventDefault();
      void send();
    }
  };

  if (edition === 'unauthenticated') {
    return (
      <div className="quick quick--alone">
        <p className="quick-notice error" role="alert">
          {t('unauthenticated')}
        </p>
      </div>
    );
  }

  const sendKey = '↵';
  const openKey = mac ? '⌘↵' : 'Ctrl+↵';
  return (
    <div className={desktop ? 'quick quick--window' : 'quick quick--page'}>
      <section className="quick-panel" aria-label={t('title')}>
        <div className="quick-ask">
          <svg className="quick-mark" viewBox="0 0 32 32" aria-hidden="true">
            <path d="M7 4h18a5 5 0 0 1 5 5v10a5 5 0 0 1-5 5H15l-7 6v-6H7a5 5 0 0 1-5-5V9a5 5 0 0 1 5-5z" />
          </svg>
          <textarea
            ref={input}
            className="quick-input"
            aria-label={t('input')}
            placeholder={state.turns.length ? t('placeholderFollowUp') : t('placeholder')}
            rows={1}
            value={draft}
            autoFocus
            spellCheck
            onChange={(event) => {
              exchange.dropHold();
              setDraft(event.target.value);
            }}
            onKeyDown={onInputKey}
            onPaste={onPaste}
          />
          <AttachButton onFiles={(picked) => files.add(picked)} className="icon-button quick-attach" />
          {running ? (
            <button type="button" className="quick-action" onClick={() => void exchange.stop()}>
              {t('stop')}
            </button>
          ) : (
            <button
              type="button"
              className="quick-action primary"
              disabled={(!draft.trim() && !hasFiles) || fileProblem || state.busy}
              onClick={() => void send()}
            >
              {t('send')}
            </button>
          )}
        </div>
        {hasFiles && (
          <div className="quick-files">
            <DraftChips
              items={fileItems}
              onRemove={(key) => {
                exchange.dropHold();
                files.remove(key);
              }}
            />
          </div>
        )}

        {state.hold && (
          <HoldPanel
            hold={state.hold}
            rules={settings?.contentFilter.rules ?? []}
            busy={state.busy}
            onRedact={() => void send(REDACT)}
            onSendAnyway={() => void send(SEND_ANYWAY)}
            onCancel={() => {
              exchange.dropHold();
              input.current?.focus();
            }}
          />
        )}
        {(state.turns.length > 0 || state.sendError || notice) && (
          <div className="quick-answers" ref={answers} aria-live="polite">
            {state.turns.map((turn) => (
              <TurnView
                key={turn.key}
                turn={turn}
                rules={settings?.contentFilter.rules ?? []}
                tools={{
                  decide: (callId, decision) => exchange.decideTool(turn, callId, decision),
                  cancel: (callId) => exchange.cancelTool(turn, callId),
                }}
                onContinue={() => requestOpen(true)}
              />
            ))}
            {state.sendError && (
              <p className="quick-notice error" role="alert">
                {t('sendFailed', { message: state.sendError })}
              </p>
            )}
            {notice && <p className="quick-notice">{notice}</p>}
          </div>
        )}

        <footer className="quick-footer">
          <QuickModelPicker
            settings={settings}
            value={model}
            onChange={(next) => {
              chooseModel(next);
              input.current?.focus();
            }}
          />
          <QuickAssistantPicker value={assistantId} onChange={setAssistantId} />
          {!saving && <span className="quick-badge">{t('notSaved')}</span>}
          <span className="quick-spacer" />
          {openWhenDone && <span className="quick-waiting">{t('openInParley')}…</span>}
          <span className="quick-keys" aria-hidden="true">
            {running ? (
              <>
                <kbd>Esc</kbd> {t('keyStop')}
              </>
            ) : (
              <>
                <kbd>{sendKey}</kbd> {t('keySend')}
                {desktop && (
                  <>
                    <kbd>Esc</kbd> {t('keyClose')}
                  </>
                )}
              </>
            )}
          </span>
          {state.turns.length > 0 && !running && (
            <button type="button" className="quick-link" onClick={startOver} title={mac ? '⌘N' : 'Ctrl+N'}>
              {t('newChat')}
            </button>
          )}
          <button
            type="button"
            className="quick-link strong"
            disabled={!conversationId && !draft.trim() && !hasFiles}
            onClick={() => void open()}
            title={openKey}
          >
            {t('openInParley')} <kbd aria-hidden="true">{openKey}</kbd>
          </button>
        </footer>
      </section>
      {dragging && <DropOverlay />}
    </div>
  );
}
