import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterRule, FilterTestResult } from '../../../../shared/filters.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

/**
 * Settings → Content filters → My rules: a text tried against the rules as they stand in the
 * editor (saved or not), through `filters.test` (the core's own matching); the editor marks the
 * rules that match.
 */
export function RuleTestBox({
  rules,
  onResult,
}: {
  /** The rules to try (those that can be checked). */
  rules: FilterRule[];
  onResult(result: FilterTestResult | null): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [summary, setSummary] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const test = async () => {
    setBusy(true);
    try {
      const result = await call('filters.test', { text, rules });
      onResult(result);
      const count = result.matches.length;
      setSummary({
        text: count ? t('filters.settings.matchCount', { count }) : t('filters.settings.noMatch'),
        error: false,
      });
    } catch (error) {
      onResult(null);
      setSummary({ text: errorText(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="rule-test">
      <label htmlFor={id}>{t('filters.settings.testLabel')}</label>
      <textarea
        id={id}
        rows={3}
        value={text}
        placeholder={t('filters.settings.testPlaceholder')}
        onChange={(event) => {
          setText(event.target.value);
          setSummary(null);
          onResult(null);
        }}
      />
      <div className="row">
        <button type="button" disabled={!text.trim() || busy} onClick={() => void test()}>
          {t('filters.settings.test')}
        </button>
        {summary && (
          <span className={summary.error ? 'error' : 'muted'} role={summary.error ? 'alert' : 'status'}>
            {summary.text}
          </span>
        )}
      </div>
    </div>
  );
}
