import './tools.css';
import { useTranslation } from 'react-i18next';

/** In the chat header: this conversation's tools are on (how many servers); opens the Tools section. */
export function ToolsIndicator({ servers, onOpen }: { servers: readonly string[]; onOpen(): void }) {
  const { t } = useTranslation();
  if (servers.length === 0) return null;
  const title = t('chatTools.indicatorTitle', { servers: servers.join(', ') });
  return (
    <button type="button" className="tools-indicator" title={title} aria-label={title} onClick={onOpen}>
      <span aria-hidden="true">🛠 </span>
      {t('chatTools.indicator', { count: servers.length })}
    </button>
  );
}
