import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchGroup, SearchHit, SnippetPart } from '../../../../shared/history.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

interface Props {
  query: string;
  group: SearchGroup;
  onOpen(hit: SearchHit): void;
  onOpenConversation(conversationId: string): void;
}

type More =
  | { state: 'closed' }
  | { state: 'loading' }
  | { state: 'open'; hits: SearchHit[] }
  | { state: 'error'; message: string };

/**
 * One conversation in the results: its title (marked where it matches), its best hit, and
 * "N more in this conversation", which loads and shows the others.
 */
export function SearchResultGroup({ query, group, onOpen, onOpenConversation }: Props) {
  const { t } = useTranslation();
  const [more, setMore] = useState<More>({ state: 'closed' });
  const moreCount = group.hitCount - 1;
  const expanded = more.state !== 'closed';

  const toggle = () => {
    if (expanded) return setMore({ state: 'closed' });
    setMore({ state: 'loading' });
    call('history.searchConversation', { query, conversationId: group.conversationId, limit: 50 })
      .then((hits) =>
        setMore({ state: 'open', hits: hits.filter((h) => h.messageId !== group.best?.messageId) }),
      )
      .catch((e: unknown) => setMore({ state: 'error', message: errorText(e) }));
  };

  return (
    <li className="hit-group">
      <button
        type="button"
        className="hit"
        onClick={() => (group.best ? onOpen(group.best) : onOpenConversation(group.conversationId))}
      >
        <span className="hit-title">
          {group.titleMatch ? <Marked parts={group.titleMatch} /> : group.title || t('sidebar.untitled')}
          {group.archived && <span className="hit-archived">{t('archive.inSearch')}</span>}
        </span>
        {group.best && <HitSnippet hit={group.best} />}
      </button>
      {moreCount > 0 && (
        <button type="button" className="hit-more" aria-expanded={expanded} onClick={toggle}>
          {expanded ? t('search.less') : t('search.more', { count: moreCount })}
        </button>
      )}
      {more.state === 'loading' && <p className="muted hit-nested">{t('search.searching')}</p>}
      {more.state === 'error' && <p className="error hit-nested">{more.message}</p>}
      {more.state === 'open' && (
        <ul className="hit-nested" aria-label={t('search.moreIn', { title: group.title })}>
          {more.hits.map((hit) => (
            <li key={hit.messageId}>
              <button type="button" className="hit" onClick={() => onOpen(hit)}>
                <HitSnippet hit={hit} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function HitSnippet({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  return (
    <span className="hit-snippet">
      <span className="hit-role">{hit.role === 'user' ? t('chat.you') : t('chat.assistant')}: </span>
      <Marked parts={hit.snippet} />
    </span>
  );
}

/** Matched parts in <mark>, the rest as text: React escapes both, nothing is ever HTML. */
function Marked({ parts }: { parts: SnippetPart[] }) {
  return parts.map((part, i) =>
    part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
  );
}
