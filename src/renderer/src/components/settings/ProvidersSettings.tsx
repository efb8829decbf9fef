import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/settings.ts';
import { useSaver } from './useSaver.ts';
import { ProviderForm } from './ProviderForm.tsx';
import { PlusIcon } from '../icons.tsx';

const NEW = '\u0000new';

/** Providers: a list on the left, the chosen one's form on the right. */
export function ProvidersSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string>(settings.providers[0]?.id ?? NEW);
  const provider = settings.providers.find((p) => p.id === selected) ?? null;
  // Outcome lines live here, so they survive the form being re-keyed after a first save.
  const saver = useSaver();

  return (
    <section className="settings-section">
      <h3>{t('settings.providers')}</h3>
      <div className="providers">
        <ul className="provider-list" aria-label={t('settings.providers')}>
          {settings.providers.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={p.id === selected ? 'active' : undefined}
                aria-current={p.id === selected ? 'true' : undefined}
                onClick={() => setSelected(p.id)}
              >
                <span
                  className={`key-dot${p.key.hasKey || p.auth.type === 'none' ? ' on' : ''}`}
                  aria-hidden="true"
                />
                <span className="provider-name">{p.name}</span>
                <span className="provider-kind">{t(`settings.kinds.${p.kind}`)}</span>
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className={selected === NEW || !provider ? 'active add' : 'add'}
              onClick={() => setSelected(NEW)}
              aria-current={selected === NEW || !provider ? 'true' : undefined}
            >
              <PlusIcon size={14} /> {t('settings.addProvider')}
            </button>
          </li>
        </ul>
        <ProviderForm
          key={provider?.id ?? NEW}
          provider={provider}
          id={(name) =>
            provider?.id ??
            slug(
              name,
              settings.providers.map((p) => p.id),
            )
          }
          onSaved={(id) => setSelected(id)}
          onRemoved={() => setSelected(settings.providers.find((p) => p.id !== selected)?.id ?? NEW)}
          saver={saver}
        />
      </div>
    </section>
  );
}

function slug(name: string, taken: string[]): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'provider';
  let id = base;
  for (let i = 2; taken.includes(id); i++) id = `${base}-${i}`;
  return id;
}
