import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { McpServerView } from '../../../../shared/mcp.ts';
import { call, on } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { McpImportBox } from './McpImportBox.tsx';
import { McpServerForm } from './McpServerForm.tsx';
import { McpServerItem } from './McpServerItem.tsx';
import { withStatus } from './mcp-form.ts';
import './mcp-settings.css';

/**
 * Settings → Tools (MCP): the servers with their live state (the `mcp.status` event), tools and last
 * error; adding one by command or address; pasting another app's `mcpServers` config.
 */
export function McpSettings() {
  const { t } = useTranslation();
  const [servers, setServers] = useState<McpServerView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      call('mcp.list', {}).then(
        (list) => {
          setServers(list);
          setLoadError(null);
        },
        (error: unknown) => setLoadError(errorText(error)),
      ),
    [],
  );
  useEffect(() => {
    void reload();
    const offStatus = on('mcp.status', (status) => setServers((list) => list && withStatus(list, status)));
    // Another window (or `parley mcp`) changed the list.
    const offSettings = on('settings.changed', () => void reload());
    return () => {
      offStatus();
      offSettings();
    };
  }, [reload]);

  return (
    <section className="settings-section mcp-settings">
      <h3>{t('mcp.title')}</h3>
      <p className="hint">{t('mcp.intro')}</p>
      {loadError && (
        <p className="feedback error" role="alert">
          {t('mcp.loadFailed', { message: loadError })}
        </p>
      )}
      {servers && servers.length === 0 && <p className="hint">{t('mcp.empty')}</p>}
      {servers && servers.length > 0 && (
        <ul className="mcp-list" aria-label={t('mcp.listLabel')}>
          {servers.map((server) => (
            <McpServerItem key={server.config.name} server={server} onChanged={reload} />
          ))}
        </ul>
      )}
      <McpServerForm onSaved={() => void reload()} />
      <McpImportBox onImported={() => void reload()} />
    </section>
  );
}
