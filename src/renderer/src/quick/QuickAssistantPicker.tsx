import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, on } from '../lib/api.ts';
import { AssistantsStore, assistantText, useAssistantList } from '../state/assistants-store.ts';

const ASSISTANT_KEY = 'parley.quick.assistant';

/** The assistant a new quick exchange starts with (null: none), remembered in this window like its model. */
export function useQuickAssistant(): [string | null, (id: string | null) => void] {
  const [id, setId] = useState<string | null>(() => localStorage.getItem(ASSISTANT_KEY));
  const choose = useCallback((next: string | null) => {
    setId(next);
    if (next) localStorage.setItem(ASSISTANT_KEY, next);
    else localStorage.removeItem(ASSISTANT_KEY);
  }, []);
  return [id, choose];
}

/** Beside the quick prompt's model picker: a small select of the visible assistants. */
export function QuickAssistantPicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange(id: string | null): void;
}) {
  const { t, i18n } = useTranslation();
  const store = useMemo(() => new AssistantsStore({ call, on }), []);
  const assistants = useAssistantList(store);
  const visible = (assistants ?? []).filter((a) => !a.hidden);
  const known = visible.some((a) => a.id === value);
  // A remembered assistant that was deleted or hidden is forgotten once the list is known.
  useEffect(() => {
    if (assistants && value && !known) onChange(null);
  }, [assistants, value, known, onChange]);
  return (
    <label className="quick-model quick-assistant">
      <span className="visually-hidden">{t('assistants.quickLabel')}</span>
      <select
        aria-label={t('assistants.quickLabel')}
        value={known ? (value ?? '') : ''}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{t('assistants.none')}</option>
        {visible.map((a) => (
          <option key={a.id} value={a.id}>
            {`${a.emoji} ${assistantText(a, i18n.language).name}`}
          </option>
        ))}
      </select>
    </label>
  );
}
