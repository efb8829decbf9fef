import './tools.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ToolCall, ToolDecisionChoice, ToolOutcome } from '../../../../../shared/tools.ts';
import type { ToolApproval } from '../../../state/tool-parts.ts';
import { formatArguments } from '../../../state/tool-text.ts';
import { errorText } from '../../../lib/error-text.ts';
import { ToolResult } from './ToolResult.tsx';

/** What a window does with a person's answer to a call (its answer streams belong to it). */
export interface ToolActions {
  decide(callId: string, decision: ToolDecisionChoice): Promise<void>;
  cancel(callId: string): Promise<void>;
}

interface CallProps {
  actions: ToolActions;
  call: ToolCall;
  server: string;
  tool: string;
  outcome: ToolOutcome | null;
  /** Where the call stands while its answer streams; null once the answer has ended. */
  approval: ToolApproval | null;
}

/**
 * One tool call in an answer: the approval card while it asks, "Running…" with Cancel while it
 * runs, its folded result once there is one.
 */
export function ToolCallCard(props: CallProps) {
  const { t } = useTranslation();
  const { call, server, tool, outcome, approval } = props;
  if (outcome) return <ToolResult call={call} server={server} tool={tool} outcome={outcome} />;
  if (approval === 'ask') return <ApprovalCard {...props} />;
  if (approval === 'allowed') return <RunningCall {...props} />;
  return (
    <p className="tool-call-note muted" data-tool-call={call.id}>
      <span className="tool-name">{t('chatTools.call', { server, tool })}</span>{' '}
      {approval === 'denied' ? t('chatTools.denied') : t('chatTools.unfinished')}
    </p>
  );
}

/** The model asks to run a tool: its name and arguments, and the person's three answers. */
function ApprovalCard({ actions, call, server, tool }: CallProps) {
  const { t } = useTranslation();
  const card = useRef<HTMLDivElement>(null);
  const argsId = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const args = formatArguments(call);
  // The card takes the focus (not a button: a key meant for the composer must not answer it).
  useEffect(() => card.current?.focus(), []);
  const decide = (decision: ToolDecisionChoice) => {
    setBusy(true);
    setFailure(null);
    actions.decide(call.id, decision).then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setFailure(t('chatTools.decideFailed', { message: errorText(e) }));
      },
    );
  };
  return (
    <div
      ref={card}
      className="tool-card asking"
      role="alertdialog"
      tabIndex={-1}
      aria-label={t('chatTools.callLabel', { server, tool })}
      aria-describedby={argsId}
      data-tool-call={call.id}
    >
      <p className="tool-card-title">
        <span className="tool-name">{t('chatTools.call', { server, tool })}</span>
        <span className="muted">{t('chatTools.asks')}</span>
      </p>
      <div id={argsId}>
        <span className="field-label">{t('chatTools.arguments')}</span>
        <pre className="tool-args">{args.text}</pre>
        {!args.valid && <p className="hint">{t('chatTools.badArguments')}</p>}
      </div>
      {failure && (
        <p className="feedback error" role="alert">
          {failure}
        </p>
      )}
      <div className="row end" role="group" aria-label={t('chatTools.decisions')}>
        <button type="button" className="ghost danger" disabled={busy} onClick={() => decide('deny')}>
          {t('chatTools.deny')}
        </button>
        <button type="button" className="ghost" disabled={busy} onClick={() => decide('always')}>
          {t('chatTools.allowAlways')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => decide('once')}>
          {t('chatTools.allowOnce')}
        </button>
      </div>
    </div>
  );
}

/** A call running: it can be cancelled (the model is told so). */
function RunningCall({ actions, call, server, tool }: CallProps) {
  const { t } = useTranslation();
  const cancelButton = useRef<HTMLButtonElement>(null);
  // The approval card's button was just pressed and went away: the keyboard goes on from Cancel.
  useEffect(() => {
    if (document.activeElement === document.body) cancelButton.current?.focus();
  }, []);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const cancel = () => {
    setBusy(true);
    actions.cancel(call.id).catch((e: unknown) => {
      setBusy(false);
      setFailure(t('chatTools.cancelFailed', { message: errorText(e) }));
    });
  };
  return (
    <div className="tool-card running" role="status" data-tool-call={call.id}>
      <span className="tool-name">{t('chatTools.call', { server, tool })}</span>
      <span className="muted">{t('chatTools.running')}</span>
      <button
        ref={cancelButton}
        type="button"
        className="pill"
        disabled={busy}
        aria-label={t('chatTools.cancelLabel', { server, tool })}
        onClick={cancel}
      >
        {t('chatTools.cancel')}
      </button>
      {failure && (
        <span className="feedback error" role="alert">
          {failure}
        </span>
      )}
    </div>
  );
}
