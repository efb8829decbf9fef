import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPARE_MAX_MODELS } from '../../../../shared/chat.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import type { SettingsView } from '../../../../shared/settings.ts';
import { availableModels, modelKey, modelLabel, sameModel } from '../../state/settings-store.ts';

/**
 * "Compare": the models the next message goes to, 2–4 of them (any providers), chosen with
 * checkboxes in a panel under the button. Escape or the button closes it; with fewer than two
 * chosen, the next message goes to the picker's model alone.
 */
export function ComparePicker({
  settings,
  value,
  onChange,
}: {
  settings: SettingsView | null;
  value: ModelRef[];
  onChange(models: ModelRef[]): void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const models = availableModels(settings);
  const active = value.length >= 2;

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLInputElement>('input')?.focus();
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  if (models.length < 2) return null;
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const toggle = (model: ModelRef, on: boolean) =>
    onChange(on ? [...value, model] : value.filter((m) => !sameModel(m, model)));

  return (
    <div className="compare-picker">
      <button
        ref={button}
        type="button"
        className={`pill${active ? ' active' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        aria-pressed={active}
        onClick={() => setOpen(!open)}
      >
        {active ? t('compare.pickerActive', { count: value.length }) : t('compare.picker')}
      </button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          className="compare-panel"
          role="group"
          aria-label={t('compare.pickerTitle')}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              close();
            }
          }}
        >
          <p className="hint">{t('compare.pickerHint', { max: COMPARE_MAX_MODELS })}</p>
          <ul>
            {models.map((model) => {
              const checked = value.some((m) => sameModel(m, model));
              return (
                <li key={modelKey(model)}>
                  <label>
                    <input
                      type="checkbox"
                      checked={checked}
                      disabled={!checked && value.length >= COMPARE_MAX_MODELS}
                      onChange={(event) => toggle(model, event.target.checked)}
                    />
                    {modelLabel(settings, model)}
                  </label>
                </li>
              );
            })}
          </ul>
          <div className="row end">
            {value.length > 0 && (
              <button type="button" className="ghost" onClick={() => onChange([])}>
                {t('compare.clear')}
              </button>
            )}
            <button type="button" className="primary" onClick={close}>
              {t('compare.done')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
