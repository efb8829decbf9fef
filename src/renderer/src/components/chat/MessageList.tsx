import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import type { MessageTree } from '../../state/tree.ts';
import { siblingsOf } from '../../state/tree.ts';
import type { MessageActions } from './MessageItem.tsx';
import { MessageItem } from './MessageItem.tsx';
import { ArrowDownIcon } from '../icons.tsx';

interface Props {
  conversationId: string;
  path: StoredMessage[];
  tree: MessageTree;
  actions: MessageActions;
  busy: boolean;
  highlight: { messageId: string; at: number } | null;
}

const STICK_THRESHOLD = 80;

/**
 * The shown branch of a conversation, virtualized: only the messages in view (and a few around)
 * are rendered, so a 2,000-message conversation opens as fast as a short one. Follows the end
 * while an answer grows, unless the reader scrolled up.
 */
export function MessageList({ conversationId, path, tree, actions, busy, highlight }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render
  const virtualizer = useVirtualizer({
    count: path.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (path[index]?.role === 'user' ? 72 : 220),
    overscan: 4,
    getItemKey: (index) => path[index]?.id ?? index,
    paddingStart: 24,
    paddingEnd: 32,
  });

  const scrollToEnd = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
  }, []);

  // A new conversation opens at its end.
  useLayoutEffect(() => {
    stick.current = true;
    setAtBottom(true);
    if (path.length > 0) virtualizer.scrollToIndex(path.length - 1, { align: 'end' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId]);

  // Keep following the end as messages arrive or the last one grows.
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    if (stick.current) scrollToEnd();
  }, [totalSize, path.length, scrollToEnd]);

  // A search hit: bring it into view.
  useEffect(() => {
    if (!highlight) return;
    const index = path.findIndex((m) => m.id === highlight.messageId);
    if (index < 0) return;
    stick.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlight, path]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_THRESHOLD;
    stick.current = bottom;
    if (bottom !== atBottom) setAtBottom(bottom);
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div className="message-scroll" ref={scrollRef} onScroll={onScroll}>
      <div
        className="message-canvas"
        role="feed"
        aria-label={t('chat.messages')}
        style={{ height: totalSize }}
      >
        {items.map((item) => {
          const message = path[item.index]!;
          const { siblings, index } = siblingsOf(tree, message);
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="message-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <MessageItem
                message={message}
                branchIndex={index}
                branchCount={siblings.length}
                highlighted={highlight?.messageId === message.id}
                actions={actions}
                busy={busy}
              />
            </div>
          );
        })}
      </div>
      {!atBottom && (
        <button
          type="button"
          className="scroll-bottom"
          aria-label={t('chat.scrollToBottom')}
          title={t('chat.scrollToBottom')}
          onClick={() => {
            stick.current = true;
            virtualizer.scrollToIndex(path.length - 1, { align: 'end' });
            requestAnimationFrame(scrollToEnd);
          }}
        >
          <ArrowDownIcon size={16} />
        </button>
      )}
    </div>
  );
}
