import './tools.css';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../../../state/app-state.ts';

/**
 * Which MCP servers' tools are on (a conversation's, or an assistant's for its new chats): a box per
 * server Settings lists, and the names still ticked that Settings no longer has (so they can be
 * unticked). With no server at all, a line saying where to add one.
 */
export function ToolServersField({
  value,
  onChange,
  hint,
  focus = false,
}: {
  value: readonly string[];
  onChange(next: string[]): void;
  hint: string;
  /** Brought into view with its first box focused (the header's tools indicator opened it). */
  focus?: boolean;
}) {
  const { t } = useTranslation();
  const settings = useSettings();
  const hintId = useId();
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (!focus) return;
    // After the dialog has put the focus on its first control (its effect runs after this one).
    const timer = setTimeout(() => {
      const root = ref.current;
      root?.scrollIntoView({ block: 'nearest' });
      root?.querySelector<HTMLElement>('input')?.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [focus]);
  const configured = settings?.mcpServers ?? [];
  const known = new Set(configured.map((s) => s.name));
  const rows = [
    ...configured.map((s) => ({ name: s.name, note: s.enabled ? null : t('chatTools.serverOff') })),
    ...value.filter((name) => !known.has(name)).map((name) => ({ name, note: t('chatTools.serverMissing') })),
  ];
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...value.filter((n) => n !== name), name] : value.filter((n) => n !== name));
  return (
    <fieldset ref={ref} className="tool-servers" aria-describedby={hintId} data-testid="tool-servers">
      <legend>{t('chatTools.section')}</legend>
      {rows.length === 0 ? (
        <p className="hint" id={hintId}>
          {t('chatTools.noServers')}
        </p>
      ) : (
        <>
          <p className="hint" id={hintId}>
            {hint}
          </p>
          {rows.map(({ name, note }) => (
            <label key={name} className="param-check">
              <input
                type="checkbox"
                checked={value.includes(name)}
                onChange={(e) => toggle(name, e.target.checked)}
              />
              <span>
                {name}
                {note && <span className="muted">({note})</span>}
              </span>
            </label>
          ))}
        </>
      )}
    </fieldset>
  );
}
