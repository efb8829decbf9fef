import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, KeyboardEvent, MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../../shared/history.ts';
import type { DateGroup } from '../../lib/dates.ts';
import { dateGroup } from '../../lib/dates.ts';
import { MoreIcon, PinIcon } from '../icons.tsx';

type Row =
  | { kind: 'header'; group: DateGroup; key: string }
  | { kind: 'item'; conversation: ConversationSummary; key: string };

export interface ConversationCommands {
  select(id: string): void;
  rename(id: string, title: string): void;
  remove(conversation: ConversationSummary): void;
  openMenu(conversation: ConversationSummary, x: number, y: number, startRename: () => void): void;
}

/** Groups (pinned first, then by date) flattened into rows, so the list can be virtualized. */
export function buildRows(list: readonly ConversationSummary[], now: number): Row[] {
  const rows: Row[] = [];
  let last: DateGroup | null = null;
  for (const conversation of list) {
    const group = dateGroup(conversation.updatedAt, conversation.pinned, now);
    if (group !== last) {
      rows.push({ kind: 'header', group, key: `h:${group}` });
      last = group;
    }
    rows.push({ kind: 'item', conversation, key: conversation.id });
  }
  return rows;
}

/**
 * The conversation list, virtualized (10,000 conversations scroll like 10). Keyboard: arrows
 * move, Enter opens, F2 renames, Delete deletes, the context-menu key (or Shift+F10) opens the
 * menu.
 */
export function ConversationList({
  conversations,
  currentId,
  streaming,
  commands,
}: {
  conversations: readonly ConversationSummary[];
  currentId: string | null;
  streaming: ReadonlySet<string>;
  commands: ConversationCommands;
}) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [now] = useState(() => Date.now());
  const rows = useMemo(() => buildRows(conversations, now), [conversations, now]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const focusPending = useRef(false);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'header' ? 34 : 38),
    overscan: 10,
    getItemKey: (index) => rows[index]!.key,
  });

  const itemIndexes = useMemo(
    () => rows.flatMap((row, index) => (row.kind === 'item' ? [index] : [])),
    [rows],
  );
  const activeKey = focusKey ?? currentId ?? (itemIndexes.length ? rows[itemIndexes[0]!]!.key : null);

  useEffect(() => {
    if (!focusPending.current || !focusKey) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(
      `[data-key="${CSS.escape(focusKey)}"] .conv-button`,
    );
    if (el) {
      focusPending.current = false;
      el.focus();
    }
  });

  const moveFocus = (key: string) => {
    const index = rows.findIndex((r) => r.key === key);
    if (index < 0) return;
    focusPending.current = true;
    setFocusKey(key);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent, conversation: ConversationSummary) => {
    if (renaming) return;
    const position = itemIndexes.indexOf(rows.findIndex((r) => r.key === conversation.id));
    const go = (to: number) => {
      const index = itemIndexes[Math.max(0, Math.min(itemIndexes.length - 1, to))];
      if (index !== undefined) moveFocus(rows[index]!.key);
    };
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        go(position + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        go(position - 1);
        break;
      case 'Home':
        event.preventDefault();
        go(0);
        break;
      case 'End':
        event.preventDefault();
        go(itemIndexes.length - 1);
        break;
      case 'F2':
        event.preventDefault();
        setRenaming(conversation.id);
        break;
      case 'Delete':
        event.preventDefault();
        commands.remove(conversation);
        break;
      case 'ContextMenu':
        event.preventDefault();
        openMenuAt(event.currentTarget as HTMLElement, conversation);
        break;
      case 'F10':
        if (event.shiftKey) {
          event.preventDefault();
          openMenuAt(event.currentTarget as HTMLElement, conversation);
        }
        break;
    }
  };

  const openMenuAt = (el: HTMLElement, conversation: ConversationSummary) => {
    const rect = el.getBoundingClientRect();
    commands.openMenu(conversation, rect.left + 24, rect.bottom, () => setRenaming(conversation.id));
  };

  if (conversations.length === 0) {
    return (
      <div className="conv-scroll" ref={scrollRef}>
        <div role="list" aria-label={t('sidebar.conversations')} className="conv-empty">
          <p>{t('sidebar.empty')}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="conv-scroll" ref={scrollRef}>
      <div
        role="list"
        aria-label={t('sidebar.conversations')}
        className="conv-canvas"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const style = { transform: `translateY(${item.start}px)` };
          if (row.kind === 'header') {
            return (
              <div key={item.key} role="none" className="conv-group" style={style} data-index={item.index}>
                <GroupLabel group={row.group} />
              </div>
            );
          }
          const c = row.conversation;
          return (
            <ConversationRow
              key={item.key}
              conversation={c}
              style={style}
              active={c.id === currentId}
              focusable={c.id === activeKey}
              streaming={streaming.has(c.id)}
              renaming={renaming === c.id}
              onSelect={commands.select}
              onKeyDown={onKeyDown}
              onFocus={setFocusKey}
              onContextMenu={(event) => {
                event.preventDefault();
                commands.openMenu(c, event.clientX, event.clientY, () => setRenaming(c.id));
              }}
              onMore={(el) => openMenuAt(el, c)}
              onRename={(title) => {
                setRenaming(null);
                if (title && title !== c.title) commands.rename(c.id, title);
                moveFocus(c.id);
              }}
            />
          );
        })}
      </div>
    </div>
  );
}

function GroupLabel({ group }: { group: DateGroup }) {
  const { t, i18n } = useTranslation();
  if (group.startsWith('m:')) {
    const [year, month] = group.slice(2).split('-').map(Number) as [number, number];
    const label = new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'long' }).format(
      new Date(year, month - 1, 1),
    );
    return <>{label}</>;
  }
  return <>{t(`groups.${group as 'today'}`)}</>;
}

const ConversationRow = memo(function ConversationRow({
  conversation,
  style,
  active,
  focusable,
  streaming,
  renaming,
  onSelect,
  onKeyDown,
  onFocus,
  onContextMenu,
  onMore,
  onRename,
}: {
  conversation: ConversationSummary;
  style: CSSProperties;
  active: boolean;
  focusable: boolean;
  streaming: boolean;
  renaming: boolean;
  onSelect(id: string): void;
  onKeyDown(event: KeyboardEvent, conversation: ConversationSummary): void;
  onFocus(key: string): void;
  onContextMenu(event: MouseEvent): void;
  onMore(el: HTMLElement): void;
  onRename(title: string | null): void;
}) {
  const { t } = useTranslation();
  const title = conversation.title || t('sidebar.untitled');
  return (
    <div
      role="listitem"
      className={`conv-row${active ? ' active' : ''}`}
      style={style}
      data-key={conversation.id}
      onContextMenu={onContextMenu}
    >
      {renaming ? (
        <RenameInput initial={conversation.title} onDone={onRename} />
      ) : (
        <>
          <button
            type="button"
            className="conv-button"
            tabIndex={focusable ? 0 : -1}
            aria-current={active ? 'page' : undefined}
            onClick={() => onSelect(conversation.id)}
            onKeyDown={(event) => onKeyDown(event, conversation)}
            onFocus={() => onFocus(conversation.id)}
            title={title}
          >
            {conversation.pinned && (
              <PinIcon size={12} className="conv-pin" aria-label={t('sidebar.pinned')} />
            )}
            <span className="conv-title">{title}</span>
            {streaming && <span className="pulse" role="img" aria-label={t('sidebar.streaming')} />}
          </button>
          <button
            type="button"
            className="conv-more icon-button"
            tabIndex={-1}
            aria-label={t('sidebar.more', { title })}
            onClick={(event) => onMore(event.currentTarget)}
          >
            <MoreIcon size={16} />
          </button>
        </>
      )}
    </div>
  );
});

function RenameInput({ initial, onDone }: { initial: string; onDone(title: string | null): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const finish = (title: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(title);
  };
  return (
    <input
      className="rename-input"
      aria-label={t('conversation.renameLabel')}
      value={value}
      autoFocus
      maxLength={200}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => finish(value.trim() || null)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(value.trim() || null);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          finish(null);
        }
      }}
    />
  );
}
