import { useTranslation } from 'react-i18next';
import type { ModelParameters, ParameterName } from '../../../../shared/assistants.ts';
import { historyLimitBounds, parameterNames, reasoningEfforts } from '../../../../shared/assistants.ts';
import type { ParamForm, ParamProblem } from './param-form.ts';
import { numberRule, placeholderOf } from './param-form.ts';

export type ParamProblems = Partial<Record<ParameterName, ParamProblem>>;

/**
 * The model parameters as fields: only those the model takes (`supported`; null shows them all),
 * each empty field showing its default (from the assistant, else Settings) as a placeholder.
 */
export function ParameterFields({
  idPrefix,
  form,
  defaults,
  supported,
  problems,
  onChange,
}: {
  idPrefix: string;
  form: ParamForm;
  defaults: ModelParameters;
  supported: Record<ParameterName, boolean> | null;
  problems: ParamProblems;
  onChange(name: ParameterName, value: string): void;
}) {
  const { t } = useTranslation();
  const shown = parameterNames.filter((name) => !supported || supported[name]);
  // A value kept for a parameter this model refuses is not sent: say so rather than hide it silently.
  const refused = parameterNames.filter((name) => supported && !supported[name] && form[name].trim());
  return (
    <fieldset className="param-fields">
      <legend>{t('params.legend')}</legend>
      <p className="hint">{t('params.hint')}</p>
      <div className="field-grid">
        {shown.map((name) => {
          const id = `${idPrefix}-${name}`;
          const problem = problems[name];
          const label = t(`params.${name}`);
          const described = problem ? `${id}-problem` : name === 'stop' ? `${id}-hint` : undefined;
          const common = {
            id,
            value: form[name],
            'aria-invalid': problem ? true : undefined,
            'aria-describedby': described,
          } as const;
          let control;
          if (name === 'reasoningEffort') {
            const fallback = defaults.reasoningEffort;
            control = (
              <select {...common} onChange={(e) => onChange(name, e.target.value)}>
                <option value="">
                  {fallback
                    ? `${t('params.effort.default')} (${t(`params.effort.${fallback}`)})`
                    : t('params.effort.default')}
                </option>
                {reasoningEfforts.map((effort) => (
                  <option key={effort} value={effort}>
                    {t(`params.effort.${effort}`)}
                  </option>
                ))}
              </select>
            );
          } else if (name === 'stop') {
            control = (
              <textarea
                {...common}
                rows={2}
                placeholder={placeholderOf(defaults, name)}
                onChange={(e) => onChange(name, e.target.value)}
              />
            );
          } else {
            const rule = numberRule(name)!;
            control = (
              <input
                {...common}
                type="number"
                inputMode={rule.integer ? 'numeric' : 'decimal'}
                min={rule.min}
                max={rule.max}
                step={rule.integer ? 1 : 0.05}
                placeholder={placeholderOf(defaults, name)}
                onChange={(e) => onChange(name, e.target.value)}
              />
            );
          }
          return (
            <div className="param-field" key={name}>
              <label htmlFor={id}>{label}</label>
              {control}
              {name === 'stop' && !problem && (
                <span className="hint" id={`${id}-hint`}>
                  {t('params.stopHint')}
                </span>
              )}
              {problem && (
                <span className="field-problem" id={`${id}-problem`} role="alert">
                  {t(`params.${problem.key}`, {
                    field: label,
                    min: problem.min?.toLocaleString(),
                    max: problem.max?.toLocaleString(),
                  })}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {refused.length > 0 && (
        <p className="hint" role="status">
          {t('params.unsupported', { names: refused.map((n) => t(`params.${n}`)).join(', ') })}
        </p>
      )}
    </fieldset>
  );
}

/** How many earlier messages are sent: all (`'all'`), or the last N (the number as typed). */
export function HistoryLimitField({
  id,
  value,
  placeholder,
  invalid,
  onChange,
}: {
  id: string;
  value: string;
  placeholder?: string;
  invalid: boolean;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  const limited = value !== 'all';
  return (
    <div className="history-limit">
      <label htmlFor={`${id}-mode`}>{t('params.historyLimit')}</label>
      <div className="inline-row">
        <select
          id={`${id}-mode`}
          value={limited ? 'last' : 'all'}
          onChange={(e) => onChange(e.target.value === 'last' ? (placeholder ?? '20') : 'all')}
        >
          <option value="all">{t('params.historyAll')}</option>
          <option value="last">{t('params.historyLast')}</option>
        </select>
        {limited && (
          <input
            id={id}
            type="number"
            min={historyLimitBounds.min}
            max={historyLimitBounds.max}
            step={1}
            aria-label={t('params.historyCount')}
            aria-invalid={invalid || undefined}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </div>
      {invalid && (
        <span className="field-problem" role="alert">
          {t('params.historyRange')}
        </span>
      )}
    </div>
  );
}
