import '../../styles/markdown.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Virtualizer } from '@tanstack/react-virtual';
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
  /** Shown after the last message, in the same scroll (a comparison's answers side by side). */
  tail?: ReactNode;
}

/** Within this many pixels of the end, the list follows a growing answer. */
const STICK_THRESHOLD = 80;

/**
 * The shown branch of a conversation, virtualized: only the messages in view (and a few around)
 * are rendered, so a 2,000-message conversation opens as fast as a short one. Follows the end
 * while an answer grows, unless the reader scrolled up.
 *
 * Per frame it never reads layout after writing it: the virtualizer measures rows with a
 * ResizeObserver (after the browser's own layout), keeps the end in view itself when the last
 * row grows (`anchorTo: 'end'`), and re-renders outside the scroll event (no flushSync).
 */
export function MessageList({ conversationId, path, tree, actions, busy, highlight, tail }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render
  const virtualizer = useVirtualizer({
    count: path.length + (tail ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (index < path.length ? estimate(path[index]) : TAIL_ESTIMATE),
    // Opens at the end: the first render already shows the last messages, not the first ones.
    initialOffset: () => path.reduce((sum, message) => sum + estimate(message), 0),
    overscan: 4,
    getItemKey: (index) => path[index]?.id ?? `tail-${index}`,
    paddingStart: 24,
    paddingEnd: 32,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: STICK_THRESHOLD,
    useFlushSync: false,
    directDomUpdates: true,
    directDomUpdatesMode: 'position',
    measureElement: measureRow,
  });

  // A conversation opens at its end: already about there (initialOffset), exactly there at the
  // next frame, when the browser lays the rows out anyway (not now, which would force a layout).
  useLayoutEffect(() => {
    setAtBottom(true);
    if (path.length === 0) return;
    const frame = requestAnimationFrame(() => virtualizer.scrollToEnd());
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId]);

  // A search hit: bring it into view.
  useEffect(() => {
    if (!highlight) return;
    const index = path.findIndex((m) => m.id === highlight.messageId);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlight, path]);

  // Scroll events come at the start of a frame, before anything is written: reading is free.
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = virtualizer.getTotalSize() - el.scrollTop - el.clientHeight <= STICK_THRESHOLD;
    if (bottom !== atBottom) setAtBottom(bottom);
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div className="message-scroll" ref={scrollRef} onScroll={onScroll}>
      <div
        className="message-canvas"
        role="feed"
        aria-label={t('chat.messages')}
        ref={virtualizer.containerRef}
      >
        {items.map((item) => {
          const message = path[item.index];
          const branch = message ? siblingsOf(tree, message) : null;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="message-row"
            >
              {message && branch ? (
                <MessageItem
                  message={message}
                  branchIndex={branch.index}
                  branchCount={branch.siblings.length}
                  highlighted={highlight?.messageId === message.id}
                  actions={actions}
                  busy={busy}
                />
              ) : (
                tail
              )}
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
            setAtBottom(true);
            virtualizer.scrollToEnd();
          }}
        >
          <ArrowDownIcon size={16} />
        </button>
      )}
    </div>
  );
}

const TAIL_ESTIMATE = 420;

/** A row's height before it is measured. */
function estimate(message: StoredMessage | undefined): number {
  return message?.role === 'user' ? 72 : 220;
}

/**
 * A row's height from its ResizeObserver entry (measured after layout); when a row mounts, its
 * last known height or the estimate, instead of reading offsetHeight in the middle of a commit.
 */
function measureRow(
  element: Element,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<HTMLDivElement, Element>,
): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  const index = instance.indexFromElement(element);
  return (
    instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.options.estimateSize(index)
  );
}
