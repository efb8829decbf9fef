import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/settings.ts';
import { metricsExportSchema } from '../../../../shared/usage.ts';
import { settingsStore } from '../../state/app-state.ts';
import { SaveRow } from './SaveRow.tsx';
import { MetricsTokenField } from './MetricsTokenField.tsx';
import { useSaver } from './useSaver.ts';
import { checkDraft, numberFrom } from './usage-form.ts';

/** Which field a failed path is, and what to say about it. */
const fields = [
  { path: 'openMetrics.port', id: 'om-port', problem: 'openMetricsPort', label: 'openMetricsPort' },
  { path: 'statsd.host', id: 'statsd-host', problem: 'host', label: 'statsdHost' },
  { path: 'statsd.port', id: 'statsd-port', problem: 'statsdPort', label: 'statsdPort' },
  { path: 'statsd.prefix', id: 'statsd-prefix', problem: 'prefix', label: 'statsdPrefix' },
] as const;
type FieldId = (typeof fields)[number]['id'];

/** Settings → Usage: the OpenMetrics endpoint (port, bearer token) and the StatsD push (host, port, prefix). */
export function MetricsExportForm({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const { openMetrics, statsd } = settings.metricsExport;
  const [omOn, setOmOn] = useState(openMetrics.enabled);
  const [statsdOn, setStatsdOn] = useState(statsd.enabled);
  const [text, setText] = useState<Record<FieldId, string>>({
    'om-port': String(openMetrics.port),
    'statsd-host': statsd.host,
    'statsd-port': String(statsd.port),
    'statsd-prefix': statsd.prefix,
  });
  const [failed, setFailed] = useState<Set<string>>(new Set());
  const [feedback, run, busy, clear] = useSaver();

  const save = () => {
    const checked = checkDraft(metricsExportSchema, {
      openMetrics: { enabled: omOn, port: numberFrom(text['om-port']) },
      statsd: {
        enabled: statsdOn,
        host: text['statsd-host'],
        port: numberFrom(text['statsd-port']),
        prefix: text['statsd-prefix'],
      },
    });
    setFailed(checked.ok ? new Set() : checked.failed);
    if (!checked.ok) return;
    void run(async () => {
      await settingsStore.update({ metricsExport: checked.value });
      return t('alerts.settings.saved');
    });
  };

  const input = ({ path, id, problem, label }: (typeof fields)[number]) => {
    const bad = failed.has(path);
    return (
      <div key={id} className="export-field">
        <label htmlFor={id}>{t(`alerts.settings.${label}`)}</label>
        <input
          id={id}
          value={text[id]}
          spellCheck={false}
          aria-invalid={bad}
          aria-describedby={bad ? `${id}-problem` : undefined}
          onChange={(e) => {
            setText({ ...text, [id]: e.target.value });
            clear();
          }}
        />
        {bad && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {t(`alerts.problems.${problem}`)}
          </p>
        )}
      </div>
    );
  };
  const serving = settings.metricsExport.openMetrics;

  return (
    <div className="metrics-export">
      <h4>{t('alerts.settings.exportsTitle')}</h4>
      <p className="hint">{t('alerts.settings.exportsIntro')}</p>
      <div className="checks">
        <label>
          <input type="checkbox" checked={omOn} onChange={(e) => (setOmOn(e.target.checked), clear())} />
          {t('alerts.settings.openMetrics')}
        </label>
      </div>
      <div className="export-fields">{input(fields[0])}</div>
      {serving.enabled && (
        <p className="hint">
          {t('alerts.settings.openMetricsAt', { url: `http://127.0.0.1:${serving.port}/metrics` })}
        </p>
      )}
      <div className="field-grid">
        <MetricsTokenField />
      </div>
      <div className="checks">
        <label>
          <input
            type="checkbox"
            checked={statsdOn}
            onChange={(e) => (setStatsdOn(e.target.checked), clear())}
          />
          {t('alerts.settings.statsd')}
        </label>
      </div>
      <div className="export-fields">{fields.slice(1).map(input)}</div>
      <SaveRow label={t('alerts.settings.saveExports')} onSave={save} busy={busy} feedback={feedback} />
    </div>
  );
}
