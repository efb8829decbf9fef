import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A write-only secret: a password box whose text is sent once on Save, a line saying whether one is
 * saved (never any of it beyond what main allows), and a Remove button.
 */
export function SecretField({
  id,
  label,
  value,
  placeholder,
  onChange,
  status,
  onRemove,
  busy,
  extra,
}: {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  onChange(value: string): void;
  /** What is saved, in words; with `saved` true the Remove button shows. */
  status: { text: string; saved: boolean };
  onRemove(): void;
  busy: boolean;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div>
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
        <div className="inline-row">
          <span className="hint">{status.text}</span>
          {extra}
          {status.saved && (
            <button type="button" className="ghost small" onClick={onRemove} disabled={busy}>
              {t('credentials.removeSecret')}
            </button>
          )}
        </div>
      </div>
    </>
  );
}
