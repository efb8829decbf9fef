import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterRule, FilterTestResult } from '../../../../shared/filters.ts';
import { filterRuleActions, filterRuleScopes } from '../../../../shared/filters.ts';
import { settingsStore } from '../../state/app-state.ts';
import { FeedbackLine } from './Feedback.tsx';
import { useSaver } from './useSaver.ts';
import { RuleTestBox } from './RuleTestBox.tsx';
import type { RuleProblem } from './rule-check.ts';
import { newRuleId, ruleProblem } from './rule-check.ts';
import { TrashIcon } from '../icons.tsx';

/**
 * Settings → Content filters → My rules: words or regular expressions, each to block or to warn,
 * for questions, answers or both. Edited here and saved together (a half-typed expression is never
 * applied); a broken expression is said in plain words; the Test box marks the rules that match.
 */
export function FilterRulesEditor({ saved }: { saved: FilterRule[] }) {
  const { t } = useTranslation();
  const [rules, setRules] = useState<FilterRule[]>(saved);
  const [tested, setTested] = useState<FilterTestResult | null>(null);
  const [feedback, run, busy, clear] = useSaver();
  const problems = rules.map(ruleProblem);
  const broken = problems.some((p) => p !== null);
  const dirty = JSON.stringify(rules) !== JSON.stringify(saved);

  const change = (index: number, patch: Partial<FilterRule>) => {
    clear();
    setTested(null);
    setRules(rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  };
  const add = () => {
    clear();
    setRules([...rules, { id: newRuleId(), pattern: '', regex: false, action: 'warn', scope: 'both' }]);
  };
  const remove = (index: number) => {
    clear();
    setTested(null);
    setRules(rules.filter((_, i) => i !== index));
  };
  const save = () =>
    run(async () => {
      const current = settingsStore.get()?.contentFilter;
      if (!current) return null;
      await settingsStore.update({ contentFilter: { ...current, rules } });
      return t('filters.settings.rulesSaved');
    });

  const problemText = (problem: RuleProblem): string | null =>
    problem === null
      ? null
      : problem.kind === 'empty'
        ? t('filters.settings.emptyPattern')
        : t('filters.settings.invalidRegex', { message: problem.message });
  const invalidFromCore = (ruleId: string) => tested?.invalid.find((i) => i.ruleId === ruleId)?.message;

  return (
    <div className="filter-rules">
      {rules.length === 0 && <p className="muted">{t('filters.settings.noRules')}</p>}
      <ol className="rule-list">
        {rules.map((rule, index) => {
          const matched = tested?.matches.some((m) => m.ruleId === rule.id) ?? false;
          const problem = problemText(problems[index]!) ?? invalidFromCore(rule.id);
          return (
            <li key={rule.id} className={matched ? 'rule-row matched' : 'rule-row'} data-testid="filter-rule">
              <div className="rule-fields">
                <input
                  aria-label={t('filters.settings.pattern')}
                  placeholder={t('filters.settings.pattern')}
                  value={rule.pattern}
                  maxLength={500}
                  aria-invalid={problem ? true : undefined}
                  onChange={(e) => change(index, { pattern: e.target.value })}
                />
                <label className="rule-regex">
                  <input
                    type="checkbox"
                    checked={rule.regex}
                    onChange={(e) => change(index, { regex: e.target.checked })}
                  />
                  {t('filters.settings.regex')}
                </label>
                <Choice
                  label={t('filters.settings.action')}
                  value={rule.action}
                  options={filterRuleActions}
                  name={(action) => t(`filters.settings.actions.${action}`)}
                  onChange={(action) => change(index, { action })}
                />
                <Choice
                  label={t('filters.settings.scope')}
                  value={rule.scope}
                  options={filterRuleScopes}
                  name={(scope) => t(`filters.settings.scopes.${scope}`)}
                  onChange={(scope) => change(index, { scope })}
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('filters.settings.removeRule', { index: index + 1 })}
                  title={t('filters.settings.removeRule', { index: index + 1 })}
                  onClick={() => remove(index)}
                >
                  <TrashIcon size={15} />
                </button>
              </div>
              {matched && <span className="rule-match">{t('filters.settings.matches')}</span>}
              {problem && <p className="hint warn">{problem}</p>}
            </li>
          );
        })}
      </ol>
      <div className="row">
        <button type="button" className="ghost" onClick={add} disabled={rules.length >= 200}>
          {t('filters.settings.addRule')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void save()}
          disabled={!dirty || broken || busy}
        >
          {t('filters.settings.saveRules')}
        </button>
        {dirty && (
          <span className={broken ? 'hint warn' : 'muted'}>
            {broken ? t('filters.settings.fixFirst') : t('filters.settings.unsaved')}
          </span>
        )}
      </div>
      <FeedbackLine feedback={feedback} />
      <RuleTestBox rules={rules.filter((_, i) => problems[i] === null)} onResult={setTested} />
    </div>
  );
}

/** One of a rule's fixed choices (its action, its scope) as a select. */
function Choice<T extends string>({
  label,
  value,
  options,
  name,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly T[];
  name(option: T): string;
  onChange(option: T): void;
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((option) => (
        <option key={option} value={option}>
          {name(option)}
        </option>
      ))}
    </select>
  );
}
