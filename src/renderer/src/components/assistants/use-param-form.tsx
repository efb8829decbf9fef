import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ModelParameters, ParameterName } from '../../../../shared/assistants.ts';
import type { ParamForm } from './param-form.ts';
import { fromForm, historyLimitText, parseHistoryLimit, toForm } from './param-form.ts';
import { HistoryLimitField, ParameterFields } from './ParameterFields.tsx';

/** The parameter fields and the history limit as one editable piece of a form (editor, conversation, Settings). */
export interface ParamSection {
  parameters: ModelParameters;
  /** Null: all earlier messages; undefined: a bad count. */
  historyLimit: number | null | undefined;
  /** Some field holds what cannot be saved (its problem shows once `show` was called). */
  invalid: boolean;
  /** Shows each field's problem (after a first try to save). */
  show(): void;
  fields(props: {
    idPrefix: string;
    defaults: ModelParameters;
    supported: Record<ParameterName, boolean> | null;
    historyPlaceholder?: string;
  }): ReactNode;
}

export function useParamSection(initial: ModelParameters, initialLimit: number | null): ParamSection {
  const [form, setForm] = useState<ParamForm>(() => toForm(initial));
  const [history, setHistory] = useState(historyLimitText(initialLimit));
  const [shown, setShown] = useState(false);
  const { parameters, problems } = fromForm(form);
  const historyLimit = parseHistoryLimit(history);
  return {
    parameters,
    historyLimit,
    invalid: Object.keys(problems).length > 0 || historyLimit === undefined,
    show: () => setShown(true),
    fields: ({ idPrefix, defaults, supported, historyPlaceholder }) => (
      <>
        <ParameterFields
          idPrefix={`${idPrefix}-param`}
          form={form}
          defaults={defaults}
          supported={supported}
          problems={shown ? problems : {}}
          onChange={(name, value) => setForm((f) => ({ ...f, [name]: value }))}
        />
        <HistoryLimitField
          id={`${idPrefix}-history`}
          value={history}
          placeholder={historyPlaceholder}
          invalid={shown && historyLimit === undefined}
          onChange={setHistory}
        />
      </>
    ),
  };
}
