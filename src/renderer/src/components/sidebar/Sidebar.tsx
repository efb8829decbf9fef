import './sidebar.css';
import { useImperativeHandle, useRef, useState } from 'react';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, SearchHit } from '../../../../shared/history.ts';
import { useConversations, useStreamingConversations } from '../../state/app-state.ts';
import type { ConversationCommands } from './ConversationList.tsx';
import { ConversationList } from './ConversationList.tsx';
import { SearchResults } from './SearchResults.tsx';
import { ArchiveEntry } from './ArchiveView.tsx';
import {
  BotIcon,
  ChartIcon,
  ChevronDownIcon,
  CloseIcon,
  EditIcon,
  SearchIcon,
  SettingsIcon,
  SidebarIcon,
} from '../icons.tsx';

export interface SidebarHandle {
  focusSearch(): void;
}

interface Props {
  currentId: string | null;
  commands: ConversationCommands;
  onNewChat(): void;
  /** Opens the New chat menu (its assistants) at a point. */
  onNewChatMenu(x: number, y: number): void;
  onOpenAssistants(): void;
  onOpenHit(hit: SearchHit): void;
  onOpenSettings(): void;
  onOpenUsage(): void;
  onCollapse(): void;
  ref?: Ref<SidebarHandle>;
}

export function Sidebar({
  currentId,
  commands,
  onNewChat,
  onNewChatMenu,
  onOpenAssistants,
  onOpenHit,
  onOpenSettings,
  onOpenUsage,
  onCollapse,
  ref,
}: Props) {
  const { t } = useTranslation();
  const conversations: ConversationSummary[] = useConversations();
  const streaming = useStreamingConversations();
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({
    focusSearch: () => {
      search.current?.focus();
      search.current?.select();
    },
  }));
  const trimmed = query.trim();

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="sidebar-top">
        <div className="brand">
          <img className="brand-mark" src="./icon.svg" alt="" aria-hidden="true" />
          <span className="brand-name">{t('app.name')}</span>
          <button
            type="button"
            className="icon-button"
            onClick={onCollapse}
            aria-label={t('sidebar.collapse')}
            title={t('sidebar.collapse')}
          >
            <SidebarIcon size={18} />
          </button>
        </div>
        <div className="new-chat-split">
          <button
            type="button"
            className="new-chat"
            onClick={onNewChat}
            title={`${t('sidebar.newChat')} (Ctrl+N)`}
          >
            <EditIcon size={16} />
            <span>{t('sidebar.newChat')}</span>
          </button>
          <button
            type="button"
            className="new-chat-more"
            aria-haspopup="menu"
            aria-label={t('assistants.newChatMenu')}
            title={`${t('assistants.newChatWith')} (Ctrl+Shift+N)`}
            onClick={(e) => {
              const rect = e.currentTarget.getBoundingClientRect();
              onNewChatMenu(rect.left, rect.bottom + 4);
            }}
          >
            <ChevronDownIcon size={16} />
          </button>
        </div>
        <div className="search-box">
          <SearchIcon size={15} />
          <input
            ref={search}
            type="search"
            aria-label={t('sidebar.search')}
            placeholder={`${t('sidebar.searchPlaceholder')}  Ctrl+K`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && query) {
                e.preventDefault();
                e.stopPropagation();
                setQuery('');
              }
            }}
          />
          {query && (
            <button
              type="button"
              className="icon-button"
              aria-label={t('search.clear')}
              onClick={() => setQuery('')}
            >
              <CloseIcon size={14} />
            </button>
          )}
        </div>
      </div>
      {trimmed ? (
        <SearchResults query={trimmed} onOpen={onOpenHit} onOpenConversation={commands.select} />
      ) : (
        <ConversationList
          conversations={conversations}
          currentId={currentId}
          streaming={streaming}
          commands={commands}
        />
      )}
      <div className="sidebar-bottom">
        <ArchiveEntry />
        <button type="button" className="settings-button" onClick={onOpenAssistants}>
          <BotIcon size={16} />
          <span>{t('assistants.open')}</span>
        </button>
        <button
          type="button"
          className="settings-button"
          onClick={onOpenUsage}
          title={`${t('usage.open')} (Ctrl+Shift+D)`}
        >
          <ChartIcon size={16} />
          <span>{t('usage.open')}</span>
        </button>
        <button
          type="button"
          className="settings-button"
          onClick={onOpenSettings}
          title={`${t('settings.open')} (Ctrl+,)`}
        >
          <SettingsIcon size={16} />
          <span>{t('settings.open')}</span>
        </button>
      </div>
    </nav>
  );
}
