import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContextPreview } from '../../../../shared/assistants.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import { call } from '../../lib/api.ts';
import { estimateTokens } from '../../lib/tokens.ts';
import { shortTokens } from '../assistants/param-form.ts';

const DEBOUNCE_MS = 300;

/** What the next request would send (`chat.preview`), asked again a moment after the draft stops changing. */
function useContextPreview(
  conversationId: string | null,
  model: ModelRef | null,
  assistantId: string | null,
  text: string,
  /** The attached files' ids, comma-joined (a stable dependency). */
  attachments: string,
  /** Changes when the shown branch does (an answer arrived, a branch was switched): ask again. */
  branch: number,
): ContextPreview | null {
  const [preview, setPreview] = useState<ContextPreview | null>(null);
  const providerId = model?.providerId ?? null;
  const modelName = model?.model ?? null;
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      call('chat.preview', {
        conversationId,
        content: text,
        attachments: attachments ? attachments.split(',').map((id) => ({ id })) : [],
        model: providerId && modelName ? { providerId, model: modelName } : null,
        ...(assistantId && conversationId === null ? { assistantId } : {}),
      }).then(
        (next) => current && setPreview(next),
        () => current && setPreview(null),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [conversationId, providerId, modelName, assistantId, text, attachments, branch]);
  return preview;
}

/**
 * Under the composer: "≈ 1,240 tokens · 12 messages", and when some will not fit, "3 earlier
 * messages will be left out to fit 8k". Until main has answered, a local estimate.
 */
export function ContextMeter({
  conversationId,
  model,
  assistantId,
  text,
  attachmentIds = [],
  fallbackTokens,
}: {
  conversationId: string | null;
  model: ModelRef | null;
  assistantId: string | null;
  text: string;
  /** Files attached to the draft (their tokens count too). */
  attachmentIds?: readonly string[];
  /** Tokens of the shown branch, estimated here, while main's count is on its way. */
  fallbackTokens: number;
}) {
  const { t, i18n } = useTranslation();
  const preview = useContextPreview(
    conversationId,
    model,
    assistantId,
    text,
    attachmentIds.join(','),
    fallbackTokens,
  );
  const number = new Intl.NumberFormat(i18n.language);
  if (!preview) {
    const n = number.format(fallbackTokens + estimateTokens(text));
    return (
      <span className="token-estimate" title={t('chat.tokens', { n })}>
        {t('chat.tokensShort', { n })}
      </span>
    );
  }
  const tokens = number.format(preview.inputTokens);
  const sent = preview.sentMessages + (text.trim() || attachmentIds.length > 0 ? 1 : 0);
  if (sent === 0)
    return (
      <span className="token-estimate" data-testid="context-preview">
        {t('chat.tokensShort', { n: tokens })}
      </span>
    );
  return (
    <span className="token-estimate" data-testid="context-preview">
      {t('contextWindow.preview', { tokens, count: sent })}
      {preview.leftOut > 0 && preview.contextWindow !== null && (
        <span className="left-out">
          {' · '}
          {t('contextWindow.willLeaveOut', {
            count: preview.leftOut,
            window: shortTokens(preview.contextWindow),
          })}
        </span>
      )}
    </span>
  );
}
