import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ToolCall, ToolOutcome } from '../../../../../shared/tools.ts';
import { Markdown } from '../../../markdown/Markdown.tsx';
import { capText, formatArguments } from '../../../state/tool-text.ts';

/**
 * A call's result, folded (closed until opened): untrusted text, shown as model output is (the
 * Markdown renderer, never HTML) and only once opened, at most TOOL_DISPLAY_CHARS of it.
 */
export function ToolResult({
  call,
  server,
  tool,
  outcome,
}: {
  /** Null: a result whose call is not in the answer. */
  call: ToolCall | null;
  server: string;
  tool: string;
  outcome: ToolOutcome;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const names = { server, tool };
  const summary = call
    ? t(outcome.isError ? 'chatTools.errorResult' : 'chatTools.result', names)
    : t('chatTools.orphanResult');
  const { shown, more } = capText(outcome.text);
  const args = call && open ? capText(formatArguments(call).text) : null;
  const number = new Intl.NumberFormat(i18n.language);
  const cappedNote = (text: string, left: number) =>
    left > 0 && (
      <p className="hint">
        {t('chatTools.capped', { shown: number.format(text.length), more: number.format(left) })}
      </p>
    );
  return (
    <details
      className={`tool-result${outcome.isError ? ' error' : ''}`}
      data-tool-call={call?.id}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        {outcome.isError && <span className="tool-error-mark">{t('chatTools.errorMark')}</span>}
        {summary}
      </summary>
      {open && (
        <div className="tool-result-body">
          {args && (
            <>
              <span className="field-label">{t('chatTools.arguments')}</span>
              <pre className="tool-args">{args.shown}</pre>
              {cappedNote(args.shown, args.more)}
            </>
          )}
          <Markdown text={shown} />
          {cappedNote(shown, more)}
        </div>
      )}
    </details>
  );
}
