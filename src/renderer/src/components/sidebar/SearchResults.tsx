import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchGroup, SearchHit } from '../../../../shared/history.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { SearchResultGroup } from './SearchResultGroup.tsx';

interface Props {
  query: string;
  onOpen(hit: SearchHit): void;
  onOpenConversation(conversationId: string): void;
}

/** Conversations whose title or messages match, best first, one group each (snippets are data, never HTML). */
export function SearchResults({ query, onOpen, onOpenConversation }: Props) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ query: string; groups: SearchGroup[] | null; error: string | null }>({
    query: '',
    groups: null,
    error: null,
  });

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      call('history.search', { query, limit: 50 })
        .then((groups) => !cancelled && setState({ query, groups, error: null }))
        .catch((e: unknown) => !cancelled && setState({ query, groups: [], error: errorText(e) }));
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query]);

  const groups = state.query === query ? state.groups : null;
  return (
    <div className="search-results" aria-live="polite">
      {groups === null ? (
        <p className="muted pad">{t('search.searching')}</p>
      ) : state.error ? (
        <p className="error pad">{state.error}</p>
      ) : groups.length === 0 ? (
        <p className="muted pad">{t('search.none', { query })}</p>
      ) : (
        <ul aria-label={t('search.results')}>
          {groups.map((group) => (
            <SearchResultGroup
              key={group.conversationId}
              query={query}
              group={group}
              onOpen={onOpen}
              onOpenConversation={onOpenConversation}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
