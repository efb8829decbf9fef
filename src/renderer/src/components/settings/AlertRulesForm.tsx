import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertSettings } from '../../../../shared/alerts.ts';
import { alertSettingsSchema } from '../../../../shared/alerts.ts';
import type { SettingsView } from '../../../../shared/settings.ts';
import { settingsStore } from '../../state/app-state.ts';
import { SaveRow } from './SaveRow.tsx';
import { useSaver } from './useSaver.ts';
import { checkDraft, numberFrom } from './usage-form.ts';

type Rule = 'slowFirstToken' | 'errorRate' | 'dailyBudget' | 'monthlyBudget';

/** Each rule's figure: where it is kept, its unit, and what to say when it is wrong. */
const rules: { rule: Rule; field: string; unit: 'ms' | 'percent' | 'usd'; problem: string }[] = [
  { rule: 'slowFirstToken', field: 'thresholdMs', unit: 'ms', problem: 'thresholdMs' },
  { rule: 'errorRate', field: 'thresholdPercent', unit: 'percent', problem: 'thresholdPercent' },
  { rule: 'dailyBudget', field: 'usd', unit: 'usd', problem: 'usd' },
  { rule: 'monthlyBudget', field: 'usd', unit: 'usd', problem: 'usd' },
];

type Draft = { window: string } & Record<Rule, { enabled: boolean; value: string }>;

function draftOf(alerts: AlertSettings): Draft {
  const rule = (r: { enabled: boolean }, value: number) => ({ enabled: r.enabled, value: String(value) });
  return {
    window: String(alerts.window),
    slowFirstToken: rule(alerts.slowFirstToken, alerts.slowFirstToken.thresholdMs),
    errorRate: rule(alerts.errorRate, alerts.errorRate.thresholdPercent),
    dailyBudget: rule(alerts.dailyBudget, alerts.dailyBudget.usd),
    monthlyBudget: rule(alerts.monthlyBudget, alerts.monthlyBudget.usd),
  };
}

/** Settings → Usage: the alert rules, each with its switch and threshold, and the N they look at. */
export function AlertRulesForm({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings.alerts));
  const [failed, setFailed] = useState<Set<string>>(new Set());
  const [feedback, run, busy, clear] = useSaver();
  const edit = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    clear();
  };

  const save = () => {
    const checked = checkDraft(alertSettingsSchema, {
      window: numberFrom(draft.window),
      ...Object.fromEntries(
        rules.map(({ rule, field }) => [
          rule,
          { enabled: draft[rule].enabled, [field]: numberFrom(draft[rule].value) },
        ]),
      ),
    });
    setFailed(checked.ok ? new Set() : checked.failed);
    if (!checked.ok) return;
    void run(async () => {
      await settingsStore.update({ alerts: checked.value });
      return t('alerts.settings.saved');
    });
  };

  const problem = (path: string, key: string, id: string) =>
    failed.has(path) ? (
      <p id={`${id}-problem`} className="field-problem" role="alert">
        {t(`alerts.problems.${key}`)}
      </p>
    ) : null;

  return (
    <div className="alert-rules">
      <h4>{t('alerts.settings.alertsTitle')}</h4>
      <p className="hint">{t('alerts.settings.alertsIntro')}</p>
      {rules.map(({ rule, field, unit, problem: key }) => {
        const id = `alert-${rule}`;
        const bad = failed.has(`${rule}.${field}`);
        return (
          <div key={rule} className="alert-rule">
            <label>
              <input
                type="checkbox"
                checked={draft[rule].enabled}
                onChange={(e) => edit({ [rule]: { ...draft[rule], enabled: e.target.checked } })}
              />
              {t(`alerts.settings.${rule}`)}
            </label>
            <span className="alert-figure">
              {unit === 'usd' && <span>{t('alerts.settings.usd')}</span>}
              <input
                id={id}
                inputMode="decimal"
                aria-label={`${t(`alerts.settings.${rule}`)} (${t(`alerts.settings.${unit}`)})`}
                aria-invalid={bad}
                aria-describedby={bad ? `${id}-problem` : undefined}
                value={draft[rule].value}
                onChange={(e) => edit({ [rule]: { ...draft[rule], value: e.target.value } })}
              />
              {unit !== 'usd' && <span>{t(`alerts.settings.${unit}`)}</span>}
            </span>
            {problem(`${rule}.${field}`, key, id)}
          </div>
        );
      })}
      <div className="alert-rule">
        <label htmlFor="alert-window">{t('alerts.settings.window')}</label>
        <span className="alert-figure">
          <input
            id="alert-window"
            inputMode="numeric"
            aria-invalid={failed.has('window')}
            aria-describedby={failed.has('window') ? 'alert-window-problem' : undefined}
            value={draft.window}
            onChange={(e) => edit({ window: e.target.value })}
          />
          <span>{t('alerts.settings.requests')}</span>
        </span>
        {problem('window', 'window', 'alert-window')}
      </div>
      <SaveRow label={t('alerts.settings.saveAlerts')} onSave={save} busy={busy} feedback={feedback} />
    </div>
  );
}
