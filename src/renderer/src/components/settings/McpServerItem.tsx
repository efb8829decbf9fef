import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { McpServerStatus, McpServerView } from '../../../../shared/mcp.ts';
import { call } from '../../lib/api.ts';
import { FeedbackLine } from './Feedback.tsx';
import { useSaver } from './useSaver.ts';

/**
 * One MCP server in Settings: its state in words, what it runs, its secrets (saved or not, never
 * their values), restarts and last error, its tools folded; an on/off switch, Test and Remove
 * (asked in place). Tool names and descriptions come from the server: shown as plain text.
 */
export function McpServerItem({
  server,
  onChanged,
}: {
  server: McpServerView;
  /** Resolves once the list is read again. */
  onChanged(): Promise<void>;
}) {
  const { t } = useTranslation();
  const { config, status, secrets } = server;
  const { name } = config;
  const [confirming, setConfirming] = useState(false);
  // The switch moves at once; the list read after the save settles it.
  const [switching, setSwitching] = useState<boolean | null>(null);
  const [feedback, run, busy] = useSaver();
  const id = `mcp-server-${name}`;

  const toggle = (enabled: boolean) => {
    setSwitching(enabled);
    void run(async () => {
      try {
        await call('mcp.save', { server: { ...config, enabled } });
        await onChanged();
      } finally {
        setSwitching(null);
      }
      return enabled ? t('mcp.switchedOn', { name }) : t('mcp.switchedOff', { name });
    });
  };
  const test = () =>
    void run(async () => {
      const result = await call('mcp.test', { name });
      return result.state === 'running'
        ? t('mcp.tested', { name, count: result.tools.length })
        : { text: t('mcp.testFailed', { name }), error: true };
    });
  const remove = () =>
    void run(async () => {
      setConfirming(false);
      await call('mcp.remove', { name });
      await onChanged();
      return t('mcp.removed', { name });
    });

  /** The last failure in this window's language (the server's own words and the system's reason kept as they are). */
  const failureText = ({ failure }: McpServerStatus): string | null =>
    failure
      ? [
          failure.kind === 'crashed'
            ? t('mcp.failure.crashed')
            : t('mcp.failure.notStarted', { detail: failure.detail ?? '' }),
          ...(failure.said ? [t('mcp.failure.said', { said: failure.said })] : []),
        ].join(t('mcp.failure.gap'))
      : null;
  const target =
    config.transport === 'stdio'
      ? [config.command, ...config.args]
          .map((word) => (/\s|^$/.test(word) ? JSON.stringify(word) : word))
          .join(' ')
      : config.url;
  const state = config.enabled ? status.state : 'off';

  return (
    <li className="mcp-server" aria-labelledby={`${id}-name`} data-state={state}>
      <div className="mcp-head">
        <strong id={`${id}-name`} className="mcp-name">
          {name}
        </strong>
        <span className="mcp-state" data-state={state} aria-live="polite">
          {config.enabled ? t(`mcp.states.${status.state}`) : t('mcp.off')}
        </span>
        <span className="spacer" />
        <label className="mcp-switch">
          <input
            type="checkbox"
            role="switch"
            checked={switching ?? config.enabled}
            aria-label={t('mcp.switchLabel', { name })}
            disabled={busy}
            onChange={(e) => toggle(e.target.checked)}
          />
        </label>
        <button
          type="button"
          className="small"
          onClick={test}
          disabled={busy || !config.enabled}
          aria-label={t('mcp.testLabel', { name })}
        >
          {t('mcp.test')}
        </button>
        {!confirming && (
          <button
            type="button"
            className="ghost small"
            onClick={() => setConfirming(true)}
            disabled={busy}
            aria-label={t('mcp.removeLabel', { name })}
          >
            {t('mcp.remove')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="mcp-confirm" role="group" aria-label={t('mcp.removeLabel', { name })}>
          <span>{t('mcp.removeConfirm', { name })}</span>
          <button type="button" className="danger small" onClick={remove} autoFocus>
            {t('mcp.removeYes')}
          </button>
          <button type="button" className="ghost small" onClick={() => setConfirming(false)}>
            {t('mcp.cancel')}
          </button>
        </div>
      )}
      <code className="mcp-target">{target}</code>
      {secrets.length > 0 && (
        <p className="mcp-detail">
          {t('mcp.secrets')}{' '}
          {secrets.map((secret, i) => (
            <span key={secret.name}>
              {i > 0 && ', '}
              <code>{secret.name}</code> ({secret.saved ? t('mcp.saved') : t('mcp.notSaved')})
            </span>
          ))}
        </p>
      )}
      {status.restarts > 0 && <p className="mcp-detail">{t('mcp.restarts', { count: status.restarts })}</p>}
      {status.lastError && (
        <p className="mcp-detail mcp-error">
          <strong>{t('mcp.lastError')}</strong> {failureText(status) ?? status.lastError}
        </p>
      )}
      {status.tools.length > 0 ? (
        <details className="mcp-tools">
          <summary>{t('mcp.tools', { count: status.tools.length })}</summary>
          <ul aria-label={t('mcp.toolsLabel', { name })}>
            {status.tools.map((tool) => (
              <li key={tool.name}>
                <code>{tool.name}</code>
                {tool.description && <span className="mcp-tool-description">{tool.description}</span>}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="hint mcp-detail">{t('mcp.noTools')}</p>
      )}
      <FeedbackLine feedback={feedback} />
    </li>
  );
}
