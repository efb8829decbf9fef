import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelRef } from '../../../../shared/providers.ts';
import type { SettingsView } from '../../../../shared/settings.ts';
import { settingsStore } from '../../state/app-state.ts';
import {
  availableModels,
  modelKey as key,
  parseModelKey as parse,
  sameModel,
} from '../../state/settings-store.ts';
import { useSaver } from './useSaver.ts';
import { FeedbackLine } from './Feedback.tsx';
import { ModelDefaultsSettings } from './ModelDefaultsSettings.tsx';
import { ChevronDownIcon, ChevronLeftIcon, CloseIcon } from '../icons.tsx';
import { HealthBadge, RoutingModeField, useChainHealth } from './ChainHealth.tsx';

/** The default model and the failover chain (its routing mode, each model's health). */
export function ModelsSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const [feedback, run] = useSaver();
  const models = availableModels(settings);
  const providerName = (id: string) => settings.providers.find((p) => p.id === id)?.name ?? id;
  const label = (m: ModelRef) => `${providerName(m.providerId)} · ${m.model}`;
  const chain = settings.failoverChain;
  const candidates = models.filter((m) => !chain.some((c) => sameModel(c, m)));
  const [adding, setAdding] = useState('');
  const health = useChainHealth(settings.defaultModel ? [settings.defaultModel, ...chain] : chain);

  const setChain = (next: ModelRef[]) =>
    void run(async () => {
      await settingsStore.update({ failoverChain: next });
      return null;
    });
  const move = (index: number, offset: number) => {
    const next = [...chain];
    const [item] = next.splice(index, 1);
    next.splice(index + offset, 0, item!);
    setChain(next);
  };

  return (
    <section className="settings-section">
      <h3>{t('settings.tabs.models')}</h3>
      <div className="field-grid">
        <label htmlFor="set-default-model">{t('settings.defaultModel')}</label>
        <div>
          <select
            id="set-default-model"
            value={settings.defaultModel ? key(settings.defaultModel) : ''}
            onChange={(e) =>
              void run(async () => {
                await settingsStore.update({ defaultModel: parse(e.target.value) });
                return t('settings.saved');
              })
            }
          >
            <option value="">{t('settings.none')}</option>
            {models.map((m) => (
              <option key={key(m)} value={key(m)}>
                {label(m)}
              </option>
            ))}
          </select>
          {settings.defaultModel && (
            <HealthBadge view={health.get(key(settings.defaultModel))} label={label(settings.defaultModel)} />
          )}
          <p className="hint">{t('settings.defaultModelHint')}</p>
        </div>
      </div>

      <h4>{t('settings.failover')}</h4>
      <p className="hint">{t('settings.failoverHint')}</p>
      <RoutingModeField settings={settings} run={run} />
      {chain.length === 0 ? (
        <p className="muted">{t('settings.emptyChain')}</p>
      ) : (
        <ol className="chain">
          {chain.map((m, i) => (
            <li key={key(m)}>
              <span className="chain-index">{i + 1}</span>
              <span className="chain-label">{label(m)}</span>
              <HealthBadge view={health.get(key(m))} label={label(m)} />
              <button
                type="button"
                className="icon-button"
                aria-label={t('settings.moveUp')}
                title={t('settings.moveUp')}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                <ChevronLeftIcon size={14} style={{ transform: 'rotate(90deg)' }} />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t('settings.moveDown')}
                title={t('settings.moveDown')}
                disabled={i === chain.length - 1}
                onClick={() => move(i, 1)}
              >
                <ChevronDownIcon size={14} />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t('settings.removeFromChain')}
                title={t('settings.removeFromChain')}
                onClick={() => setChain(chain.filter((_, j) => j !== i))}
              >
                <CloseIcon size={14} />
              </button>
            </li>
          ))}
        </ol>
      )}
      {candidates.length > 0 && chain.length < 8 && (
        <div className="inline-row">
          <select
            aria-label={t('settings.addToChain')}
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          >
            <option value="">—</option>
            {candidates.map((m) => (
              <option key={key(m)} value={key(m)}>
                {label(m)}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!adding}
            onClick={() => {
              const m = parse(adding);
              if (m) setChain([...chain, m]);
              setAdding('');
            }}
          >
            {t('settings.addToChain')}
          </button>
        </div>
      )}
      <FeedbackLine feedback={feedback} />
      <ModelDefaultsSettings settings={settings} />
    </section>
  );
}
