import { useTranslation } from 'react-i18next';
import type { RequestAdjustments } from '../../../../shared/assistants.ts';
import { shortTokens } from '../assistants/param-form.ts';

/**
 * Under an answer whose request was adjusted: earlier messages left out to fit the context window
 * ("12 earlier messages were left out to fit 128k tokens"), and parameters the model refuses,
 * named, that were not sent.
 */
export function AdjustmentNotes({ adjustments }: { adjustments: RequestAdjustments | null | undefined }) {
  const { t } = useTranslation();
  if (!adjustments) return null;
  const { leftOut, fitTokens, dropped } = adjustments;
  if (leftOut <= 0 && dropped.length === 0) return null;
  return (
    <div className="adjustment-notes" data-testid="adjustments">
      {leftOut > 0 && (
        <p className="status adjusted">
          {t('contextWindow.leftOut', {
            count: leftOut,
            window: fitTokens === null ? '?' : shortTokens(fitTokens),
          })}
        </p>
      )}
      {dropped.map((name) => (
        <p className="status adjusted" key={name}>
          {t('params.dropped', { name: t(`params.${name}`) })}
        </p>
      ))}
    </div>
  );
}
