import type { ReactNode } from 'react';
import type { FilterRule, MessageFilter } from '../../../../shared/filters.ts';
import type { StoredMessage } from '../../../../shared/history.ts';
import { useSettings } from '../../state/app-state.ts';
import { FlaggedFold, FilterNotes } from '../filters/FilteredAnswer.tsx';

const NO_RULES: readonly FilterRule[] = [];

/**
 * What the content filters found in an answer of the main window: a flagged one folded (its rule
 * named by the saved pattern), a provider's filter said under it (by the provider's name).
 */
export function AnswerFilter({
  message,
  filter,
  children,
}: {
  message: StoredMessage;
  filter: MessageFilter;
  children: ReactNode;
}) {
  const settings = useSettings();
  const provider = settings?.providers.find((p) => p.id === message.providerId)?.name ?? null;
  return (
    <>
      <FlaggedFold filter={filter} rules={settings?.contentFilter.rules ?? NO_RULES} revealKey={message.id}>
        {children}
      </FlaggedFold>
      <FilterNotes filter={filter} provider={provider} />
    </>
  );
}
