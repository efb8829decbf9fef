import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelRef } from '../../../../shared/providers.ts';
import { routingModes, type RoutingMode } from '../../../../shared/routing.ts';
import type { LinkHealthView } from '../../../../shared/routing-health.ts';
import type { SettingsView } from '../../../../shared/settings.ts';
import { call, on } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { settingsStore } from '../../state/app-state.ts';
import { modelKey } from '../../state/settings-store.ts';

/**
 * The failover chain's routing mode, and each model's health as the client sees it: its circuit
 * breaker (healthy, skipped until a time, probing) and its recent p95 time to first token. Follows
 * `routing.healthChanged`, and asks again when an open breaker's cool-down ends.
 */

/** Each model's health by `modelKey`, kept current. */
export function useChainHealth(links: ModelRef[]): Map<string, LinkHealthView> {
  const [views, setViews] = useState(() => new Map<string, LinkHealthView>());
  const wanted = JSON.stringify(links.map((ref) => ({ providerId: ref.providerId, model: ref.model })));
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let live = true;
    const refs = JSON.parse(wanted) as ModelRef[];
    const off = on('routing.healthChanged', (view) => {
      if (!refs.some((ref) => modelKey(ref) === modelKey(view))) return;
      setViews((now) => new Map(now).set(modelKey(view), view));
    });
    call('routing.health', { links: refs })
      .then((list) => live && setViews(new Map(list.map((view) => [modelKey(view), view]))))
      .catch(() => {});
    return () => {
      live = false;
      off();
    };
  }, [wanted, asked]);

  // An open breaker turns half-open when its cool-down ends, without an event: ask again then.
  useEffect(() => {
    const ends = [...views.values()].flatMap((view) =>
      view.breaker.state === 'open' ? [view.breaker.until] : [],
    );
    if (!ends.length) return;
    const timer = setTimeout(() => setAsked((n) => n + 1), Math.max(0, Math.min(...ends) - Date.now()) + 250);
    return () => clearTimeout(timer);
  }, [views]);

  return views;
}

export function HealthBadge({ view, label }: { view: LinkHealthView | undefined; label: string }) {
  const { t, i18n } = useTranslation();
  if (!view) return null;
  const { breaker } = view;
  const text =
    breaker.state === 'closed'
      ? t('routingHealth.closed')
      : breaker.state === 'open'
        ? t('routingHealth.open', {
            time: new Date(breaker.until).toLocaleTimeString(i18n.language),
          })
        : t('routingHealth.halfOpen');
  const details =
    breaker.state === 'closed'
      ? [t('routingHealth.closedHint')]
      : [
          breaker.state === 'half-open'
            ? t('routingHealth.halfOpenHint')
            : t(`routingHealth.reasons.${breaker.reason}`),
          t('routingHealth.lastError', { error: errorText({ code: breaker.lastError, message: '' }) }),
        ];
  if (view.p95TtftMs !== null) details.push(t('routingHealth.p95', { ms: Math.round(view.p95TtftMs) }));
  return (
    <span
      className="health-badge"
      data-state={breaker.state}
      role="status"
      aria-label={`${t('routingHealth.health', { model: label })}: ${text}`}
      title={details.join('\n')}
    >
      {text}
      {view.p95TtftMs !== null && (
        <span className="health-ttft">{t('routingHealth.p95', { ms: Math.round(view.p95TtftMs) })}</span>
      )}
    </span>
  );
}

/** The routing mode select, with one line on what the chosen mode does. */
export function RoutingModeField({
  settings,
  run,
}: {
  settings: SettingsView;
  run: (action: () => Promise<string | null>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const mode = settings.routingMode;
  return (
    <div className="field-grid">
      <label htmlFor="set-routing-mode">{t('routingHealth.mode')}</label>
      <div>
        <select
          id="set-routing-mode"
          value={mode}
          onChange={(e) =>
            void run(async () => {
              await settingsStore.update({ routingMode: e.target.value as RoutingMode });
              return t('settings.saved');
            })
          }
        >
          {routingModes.map((m) => (
            <option key={m} value={m}>
              {t(`routingHealth.modes.${m}`)}
            </option>
          ))}
        </select>
        <p className="hint">{t(`routingHealth.modeHints.${mode}`)}</p>
      </div>
    </div>
  );
}
