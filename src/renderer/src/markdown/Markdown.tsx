import { memo, useState } from 'react';
import { BlockSplitter } from './blocks.ts';
import { BlockView } from './render.tsx';

/**
 * Markdown for a message, streaming or not. Closed blocks are memoized (same token object, same
 * element), so a new delta re-parses and re-renders only the last block.
 */
export const Markdown = memo(function Markdown({
  text,
  streaming = false,
}: {
  text: string;
  streaming?: boolean;
}) {
  const [splitter] = useState(() => new BlockSplitter());
  const { closed, tail } = splitter.update(text, streaming);
  return (
    <div className="markdown">
      {closed.map((block) => (
        <BlockView key={block.key} token={block.token} streaming={false} />
      ))}
      {tail && <BlockView key={tail.key} token={tail.token} streaming={streaming} />}
    </div>
  );
});
