import './conversation-spend.css';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageTree } from '../../state/tree.ts';
import { costText } from '../../lib/cost.ts';
import { spendOf } from '../../lib/conversation-spend.ts';
import { compactText, countText } from '../../lib/usage-format.ts';

/** The conversation header's tokens and cost so far (hidden while nothing is used); details on hover. */
export const ConversationSpend = memo(function ConversationSpend({ tree }: { tree: MessageTree }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const spend = useMemo(() => spendOf(tree.byId.values()), [tree]);
  const tokens = spend.tokensIn + spend.tokensOut;
  if (tokens === 0 && !spend.costUsd) return null;
  const cost = spend.costUsd ? costText(spend.costUsd, language) : null;
  const figures = {
    input: countText(spend.tokensIn, language),
    output: countText(spend.tokensOut, language),
    answers: spend.answers,
  };
  const tooltip = cost
    ? t('usage.conversation.tooltip', { ...figures, cost })
    : t('usage.conversation.tooltipNoCost', figures);
  return (
    <span className="chat-spend" data-testid="conversation-spend" title={tooltip} aria-label={tooltip}>
      {cost
        ? t('usage.conversation.label', { tokens: compactText(tokens, language), cost })
        : t('usage.conversation.labelNoCost', { tokens: compactText(tokens, language) })}
    </span>
  );
});
