import { useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../../state/app-state.ts';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { Modal } from '../Modal.tsx';
import { GeneralSettings } from './GeneralSettings.tsx';
import { ProvidersSettings } from './ProvidersSettings.tsx';
import { ModelsSettings } from './ModelsSettings.tsx';
import { DataSettings } from './DataSettings.tsx';
import { ContentFilterSettings } from './ContentFilterSettings.tsx';
import { UsageSettings } from './UsageSettings.tsx';
import { McpSettings } from './McpSettings.tsx';

export type SettingsTab = 'general' | 'providers' | 'models' | 'tools' | 'filters' | 'usage' | 'data';
const TABS: SettingsTab[] = ['general', 'providers', 'models', 'tools', 'filters', 'usage', 'data'];

/** Settings in a modal dialog with tabs; Esc closes it (after any action) and focus returns where it was. */
export function SettingsDialog({ initialTab, onClose }: { initialTab: SettingsTab; onClose(): void }) {
  const { t } = useTranslation();
  const settings = useSettings();
  const [tab, setTab] = useState<SettingsTab>(initialTab);
  const ref = useRef<HTMLDivElement>(null);

  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowDown' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next);
    requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>(`#settings-tab-${next}`)?.focus());
  };

  return (
    <Modal
      className="settings-dialog"
      labelledBy="settings-title"
      initialFocus='[role="tab"][aria-selected="true"]'
      onClose={onClose}
      innerRef={ref}
    >
      <div className="dialog-side">
        <h2 id="settings-title">{t('settings.title')}</h2>
        <div role="tablist" aria-orientation="vertical" aria-label={t('settings.title')} onKeyDown={onTabKey}>
          {TABS.map((name) => (
            <button
              key={name}
              id={`settings-tab-${name}`}
              type="button"
              role="tab"
              aria-selected={tab === name}
              aria-controls={`settings-panel-${name}`}
              tabIndex={tab === name ? 0 : -1}
              onClick={() => setTab(name)}
            >
              {t(`settings.tabs.${name}`)}
            </button>
          ))}
        </div>
      </div>
      <div
        className="dialog-main"
        role="tabpanel"
        id={`settings-panel-${tab}`}
        aria-labelledby={`settings-tab-${tab}`}
      >
        <DialogCloseButton label={t('settings.close')} onClose={onClose} />
        {!settings ? (
          <p className="muted">{t('app.loading')}</p>
        ) : tab === 'general' ? (
          <GeneralSettings settings={settings} />
        ) : tab === 'providers' ? (
          <ProvidersSettings settings={settings} />
        ) : tab === 'models' ? (
          <ModelsSettings settings={settings} />
        ) : tab === 'tools' ? (
          <McpSettings />
        ) : tab === 'filters' ? (
          <ContentFilterSettings settings={settings} />
        ) : tab === 'usage' ? (
          <UsageSettings settings={settings} />
        ) : (
          <DataSettings />
        )}
      </div>
    </Modal>
  );
}
