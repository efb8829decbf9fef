import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../../shared/history.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';

/** Hits for a query, each with its snippet (data, never HTML: matches are styled parts). */
export function SearchResults({ query, onOpen }: { query: string; onOpen(hit: SearchHit): void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ query: string; hits: SearchHit[] | null; error: string | null }>({
    query: '',
    hits: null,
    error: null,
  });

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      call('history.search', { query, limit: 50 })
        .then((hits) => !cancelled && setState({ query, hits, error: null }))
        .catch((e: unknown) => !cancelled && setState({ query, hits: [], error: errorText(e) }));
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query]);

  const hits = state.query === query ? state.hits : null;
  return (
    <div className="search-results" aria-live="polite">
      {hits === null ? (
        <p className="muted pad">{t('search.searching')}</p>
      ) : state.error ? (
        <p className="error pad">{state.error}</p>
      ) : hits.length === 0 ? (
        <p className="muted pad">{t('search.none', { query })}</p>
      ) : (
        <ul aria-label={t('search.results')}>
          {hits.map((hit) => (
            <li key={hit.messageId}>
              <button type="button" className="hit" onClick={() => onOpen(hit)}>
                <span className="hit-title">
                  {hit.title || t('sidebar.untitled')}
                  {hit.archived && <span className="hit-archived">{t('archive.inSearch')}</span>}
                </span>
                <span className="hit-snippet">
                  <span className="hit-role">
                    {hit.role === 'user' ? t('chat.you') : t('chat.assistant')}:{' '}
                  </span>
                  {hit.snippet.map((part, i) =>
                    part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
