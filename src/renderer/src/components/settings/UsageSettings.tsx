import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/settings.ts';
import { AlertRulesForm } from './AlertRulesForm.tsx';
import { MetricsExportForm } from './MetricsExportForm.tsx';
import './usage-settings.css';

/** Settings → Usage: alerts on latency, errors and spending, and the metrics exports. */
export function UsageSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  return (
    <section className="settings-section usage-settings">
      <h3>{t('settings.tabs.usage')}</h3>
      <AlertRulesForm settings={settings} />
      <MetricsExportForm settings={settings} />
    </section>
  );
}
