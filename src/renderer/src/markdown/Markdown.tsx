import { memo, useEffect, useMemo, useReducer } from 'react';
import { BlockSplitter, cachedSplitter } from './blocks.ts';
import { BlockView } from './render.tsx';

/** Past this many blocks, blocks out of view skip style, layout and paint (content-visibility). */
const LONG_BLOCKS = 24;

/**
 * Markdown for a message, streaming or not. Closed blocks are memoized (same token object, same
 * element), so a new delta re-parses and re-renders only the last block. With a `cacheKey` (the
 * message id) the parse outlives the component: a message that scrolls back into view is not
 * parsed again, and a changed text is parsed incrementally when it extends the old one.
 */
export const Markdown = memo(function Markdown({
  text,
  streaming = false,
  cacheKey,
}: {
  text: string;
  streaming?: boolean;
  cacheKey?: string;
}) {
  const splitter = useMemo(
    () => (cacheKey === undefined ? new BlockSplitter() : cachedSplitter(cacheKey)),
    [cacheKey],
  );
  const { closed, tail, pending } = splitter.update(text, streaming);
  // A huge answer parses a bounded amount per render: the rest comes in the next tasks.
  const [, parseMore] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(parseMore, 0);
    return () => clearTimeout(timer);
  });
  return (
    <div className={closed.length > LONG_BLOCKS ? 'markdown long' : 'markdown'}>
      {closed.map((block) => (
        <BlockView key={block.key} token={block.token} streaming={false} />
      ))}
      {tail && <BlockView key={tail.key} token={tail.token} streaming={streaming} />}
    </div>
  );
});
