import { useEffect, useState } from 'react';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { ParleyBridge } from '../../shared/bridge.ts';

/**
 * The naive peer the benchmark compares against: the whole message re-rendered with
 * react-markdown on every delta (no block memoization, no frame batching).
 */
export function NaiveMessage({ bridge, streamId }: { bridge: ParleyBridge; streamId: string }) {
  const [text, setText] = useState('');
  useEffect(
    () =>
      bridge.on('chat.event', (event) => {
        if (event.streamId === streamId && event.type === 'delta') setText((t) => t + event.text);
      }),
    [bridge, streamId],
  );
  return (
    <div className="message-scroll" style={{ height: '100vh' }}>
      <article className="message assistant" aria-label="Assistant">
        <div className="message-body markdown">
          <ReactMarkdown remarkPlugins={[remarkGfm]}>{text}</ReactMarkdown>
        </div>
      </article>
    </div>
  );
}
