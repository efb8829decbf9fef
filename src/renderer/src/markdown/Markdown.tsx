import { memo, useEffect, useMemo, useReducer } from 'react';
import { BlockSplitter, cachedSplitter } from './blocks.ts';
import type { Block } from './blocks.ts';
import { BlockView } from './render.tsx';

/**
 * An answer's closed blocks are laid out in sections of this many: a 1 MB paragraph (about 1,000
 * chunks) is then some 60 boxes for the browser to place each frame, not 1,000, and a section out
 * of view costs nothing (content-visibility).
 */
export const SECTION = 16;
/**
 * Sections after this many skip style, layout and paint while out of view (`.section.deferred`),
 * so a short answer never does. A section is deferred or not from the start: switching sections
 * already shown (as the whole answer once did when it grew past 24 blocks) restyles every element
 * in them at once, 15 ms of style in one frame on a 60,000-character answer. (With two plain
 * sections, the 60,000-character stream cost 18 % more CPU in pre-paint and paint.)
 */
const PLAIN_SECTIONS = 1;

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
  // Always in sections (only a long answer's later ones skip rendering out of view): an answer
  // that grows keeps its elements, instead of every block being built and laid out again.
  // The open tail sits in the section it will close into, under the key it will keep (the
  // splitter numbers it as the next closed block), so closing it does not rebuild it either.
  const sections: Block[][] = [];
  for (let i = 0; i < closed.length; i += SECTION) sections.push(closed.slice(i, i + SECTION));
  // (In the same list, so the section the tail opens stays the same element once it closes.)
  if (tail && closed.length % SECTION === 0) sections.push([]);
  return (
    // aria-busy: a huge answer still being parsed into place, over several tasks.
    <div className="markdown" aria-busy={pending || undefined}>
      {sections.map((blocks, i) => {
        const last = i === sections.length - 1;
        return (
          <Section
            key={blocks[0]?.key ?? tail!.key}
            blocks={blocks}
            tail={last ? tail : null}
            streaming={streaming}
            deferred={i >= PLAIN_SECTIONS}
          />
        );
      })}
    </div>
  );
});

/** Closed blocks never change: a section re-renders only when it gains one, or its tail grows. */
const Section = memo(
  function Section({
    blocks,
    tail,
    streaming,
    deferred,
  }: {
    blocks: Block[];
    tail: Block | null;
    streaming: boolean;
    deferred: boolean;
  }) {
    return (
      <div className={deferred ? 'section deferred' : 'section'}>
        {/* One list: React matches keys only within a list, and the tail keeps its key. */}
        {(tail ? [...blocks, tail] : blocks).map((block) => (
          <BlockView key={block.key} token={block.token} streaming={block === tail && streaming} />
        ))}
      </div>
    );
  },
  (before, after) =>
    before.deferred === after.deferred &&
    before.tail?.token === after.tail?.token &&
    (before.tail === null || before.streaming === after.streaming) &&
    before.blocks.length === after.blocks.length &&
    before.blocks.every((block, i) => block.token === after.blocks[i]!.token),
);
