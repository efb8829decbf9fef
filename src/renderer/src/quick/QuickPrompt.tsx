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
import type { ModelRef } from '../../../shared/providers.ts';
import type { SettingsView } from '../../../shared/settings.ts';
import { call, edition, on } from '../lib/api.ts';
import { useLook } from '../lib/use-look.ts';
import { Markdown } from '../markdown/Markdown.tsx';
import { isMacPlatform } from '../../../shared/accelerator.ts';
import type { Turn } from './exchange.ts';
import { QuickExchange, isRunning } from './exchange.ts';
import './strings.ts';

const MODEL_KEY = 'parley.quick.model';
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

function loadModel(): ModelRef | null {
  try {
    const raw = JSON.parse(localStorage.getItem(MODEL_KEY) ?? 'null') as ModelRef | null;
    return raw && typeof raw.providerId === 'string' && typeof raw.model === 'string' ? raw : null;
  } catch {
    return null;
  }
}

function modelKey(ref: ModelRef): string {
  return `${ref.providerId}\u0001${ref.model}`;
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
  const [chosen, setChosen] = useState<ModelRef | null>(loadModel);
  const [openWhenDone, setOpenWhenDone] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const answers = useRef<HTMLDivElement>(null);
  /** Conversations hidden from history because saving is off (restored if opened in Parley). */
  const discarded = useRef(new Set<string>());

  const mac = isMacPlatform(navigator.platform);
  const desktop = edition === 'desktop';
  const saving = settings?.quickPrompt.saveExchanges ?? true;
  const models = useMemo(
    () => (settings?.providers ?? []).flatMap((p) => p.models.map((model) => ({ providerId: p.id, model }))),
    [settings],
  );
  const model = chosen && models.some((m) => modelKey(m) === modelKey(chosen)) ? chosen : null;
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

  // With saving off, an answered quick exchange leaves history (until "Open in Parley" keeps it).
  useEffect(() => {
    if (saving || !conversationId || running || !last || discarded.current.has(conversationId)) return;
    discarded.current.add(conversationId);
    void call('history.delete', { conversationId }).catch(() => {});
  }, [saving, conversationId, running, last]);

  const restore = useCallback(async (id: string) => {
    if (!discarded.current.delete(id)) return;
    await call('history.restore', { conversationId: id }).catch(() => {});
  }, []);

  const openInParley = useCallback(
    async (id: string) => {
      await restore(id);
      // The host shows it in the main window; the browser edition answers with where to go instead.
      try {
        const { navigateTo } = await call('app.openInMain', { conversationId: id });
        if (navigateTo) window.location.assign(new URL(navigateTo, window.location.href).href);
      } catch (error) {
        setNotice((error as Error).message);
      }
    },
    [restore],
  );

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

  const send = useCallback(async () => {
    const text = draft.trim();
    if (!text || state.busy) return null;
    if (conversationId) await restore(conversationId);
    setNotice(null);
    const result = await exchange.send(text, model);
    if (result) {
      setDraft('');
      if (model) localStorage.setItem(MODEL_KEY, JSON.stringify(model));
    }
    return result;
  }, [draft, state.busy, conversationId, restore, exchange, model]);

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
    if (draft.trim() && !state.busy) {
      if (await send()) requestOpen(true);
      return;
    }
    if (conversationId) requestOpen(true);
  }, [draft, state.busy, send, conversationId, requestOpen]);

  const escape = useCallback(() => {
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
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onInputKey}
          />
          {running ? (
            <button type="button" className="quick-action" onClick={() => void exchange.stop()}>
              {t('stop')}
            </button>
          ) : (
            <button
              type="button"
              className="quick-action primary"
              disabled={!draft.trim() || state.busy}
              onClick={() => void send()}
            >
              {t('send')}
            </button>
          )}
        </div>

        {(state.turns.length > 0 || state.sendError || notice) && (
          <div className="quick-answers" ref={answers} aria-live="polite">
            {state.turns.map((turn) => (
              <TurnView key={turn.key} turn={turn} />
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
          <label className="quick-model">
            <span className="visually-hidden">{t('model')}</span>
            <select
              aria-label={t('model')}
              value={model ? modelKey(model) : ''}
              disabled={models.length === 0}
              onChange={(event) => {
                const [providerId, name] = event.target.value.split('\u0001');
                const next = providerId && name ? { providerId, model: name } : null;
                setChosen(next);
                if (next) localStorage.setItem(MODEL_KEY, JSON.stringify(next));
                else localStorage.removeItem(MODEL_KEY);
                input.current?.focus();
              }}
            >
              {models.length === 0 ? (
                <option value="">{t('noModels')}</option>
              ) : (
                <option value="">
                  {settings?.defaultModel
                    ? `${t('defaultModel')} (${settings.defaultModel.model})`
                    : t('defaultModel')}
                </option>
              )}
              {(settings?.providers ?? [])
                .filter((p) => p.models.length > 0)
                .map((p) => (
                  <optgroup key={p.id} label={p.name}>
                    {p.models.map((m) => (
                      <option key={m} value={modelKey({ providerId: p.id, model: m })}>
                        {m}
                      </option>
                    ))}
                  </optgroup>
                ))}
            </select>
          </label>
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
            disabled={!conversationId && !draft.trim()}
            onClick={() => void open()}
            title={openKey}
          >
            {t('openInParley')} <kbd aria-hidden="true">{openKey}</kbd>
          </button>
        </footer>
      </section>
    </div>
  );
}

function TurnView({ turn }: { turn: Turn }) {
  const { t } = useTranslation('quick');
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
      {turn.answer ? <Markdown text={turn.answer} streaming={running} /> : null}
      <TurnStatus turn={turn} />
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
      text = turn.stopped ? t('stopped') : t('interrupted');
      break;
    case 'error':
      text = t('failed', { message: turn.error?.message ?? '' });
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
