import type {
  ModelParameters,
  NumberBounds,
  ParameterName,
  ReasoningEffort,
} from '../../../../shared/assistants.ts';
import {
  historyLimitBounds,
  numberParameterBounds,
  parameterNames,
  reasoningEfforts,
  stopSequenceBounds,
} from '../../../../shared/assistants.ts';

/** What a person typed in each parameter field: empty means "use the default". Stop sequences one per line. */
export type ParamForm = Record<ParameterName, string>;

/** A field's problem, as an i18n key under `params` and its values. */
export interface ParamProblem {
  key: 'notNumber' | 'notInteger' | 'range' | 'tooManyStops';
  min?: number;
  max?: number;
}

const numberRules: Partial<Record<ParameterName, NumberBounds>> = numberParameterBounds;

export const numberRule = (name: ParameterName): NumberBounds | undefined => numberRules[name];

export function toForm(parameters: ModelParameters): ParamForm {
  const form = Object.fromEntries(parameterNames.map((n) => [n, ''])) as ParamForm;
  for (const name of parameterNames) {
    const value = parameters[name];
    if (value === undefined) continue;
    form[name] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return form;
}

/** The shown default of a field (a placeholder), from the assistant's or Settings' parameters. */
export function placeholderOf(defaults: ModelParameters, name: ParameterName): string {
  const value = defaults[name];
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The form as parameters, or each field's problem; empty fields are left out. */
export function fromForm(form: ParamForm): {
  parameters: ModelParameters;
  problems: Partial<Record<ParameterName, ParamProblem>>;
} {
  const parameters: ModelParameters = {};
  const problems: Partial<Record<ParameterName, ParamProblem>> = {};
  for (const name of parameterNames) {
    const raw = form[name].trim();
    if (!raw) continue;
    if (name === 'stop') {
      const stops = form.stop.split('\n').filter((s) => s.trim() !== '');
      if (stops.length > stopSequenceBounds.max || stops.some((s) => s.length > stopSequenceBounds.maxLength))
        problems.stop = { key: 'tooManyStops' };
      else parameters.stop = stops;
      continue;
    }
    if (name === 'reasoningEffort') {
      if ((reasoningEfforts as readonly string[]).includes(raw))
        parameters.reasoningEffort = raw as ReasoningEffort;
      continue;
    }
    const rule = numberRules[name]!;
    const value = Number(raw);
    if (!Number.isFinite(value)) problems[name] = { key: 'notNumber' };
    else if (rule.integer && !Number.isInteger(value)) problems[name] = { key: 'notInteger' };
    else if (value < rule.min || value > rule.max)
      problems[name] = { key: 'range', min: rule.min, max: rule.max };
    else (parameters as Record<string, number>)[name] = value;
  }
  return { parameters, problems };
}

/** The history limit as a field holds it: `'all'`, or the number as typed. */
export const historyLimitText = (limit: number | null): string => (limit === null ? 'all' : String(limit));

/** The field back: null is all, undefined a bad number. */
export function parseHistoryLimit(raw: string): number | null | undefined {
  const text = raw.trim();
  if (text === 'all') return null;
  const n = text ? Number(text) : NaN;
  return Number.isInteger(n) && n >= historyLimitBounds.min && n <= historyLimitBounds.max ? n : undefined;
}

/** A context window in the short form people know: 8192 → "8k", 131072 → "128k", 1048576 → "1M". */
export function shortTokens(n: number): string {
  const decimal = (unit: number, binary: number) =>
    n % unit !== 0 && n % binary === 0 ? n / binary : Math.round((n / unit) * 10) / 10;
  if (n >= 1_000_000) return `${decimal(1_000_000, 1_048_576)}M`;
  if (n >= 1000) return `${Math.round(decimal(1000, 1024))}k`;
  return String(n);
}
