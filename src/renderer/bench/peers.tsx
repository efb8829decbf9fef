import { useEffect, useState } from 'react';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { Streamdown } from 'streamdown';
import { code } from '@streamdown/code';
import { math } from '@streamdown/math';
import 'katex/dist/katex.min.css';
import 'streamdown/styles.css';
import type { ParleyBridge } from '../../shared/bridge.ts';

export type PeerKind = 'naive' | 'streamdown';

/** Sets a peer's whole text at once (opening a finished answer). */
let openText: ((text: string) => void) | null = null;
export function openPeerText(text: string): void {
  openText?.(text);
}

/**
 * The peers the benchmark compares against, each fed the same deltas:
 * - `naive`: the whole message re-rendered with react-markdown on every delta (no block
 *   memoization, no frame batching);
 * - `streamdown`: Vercel's Streamdown with its code (Shiki) and math (KaTeX) plugins, set up the
 *   way its README shows (`animated`, `isAnimating` while the answer streams, its styles and KaTeX's).
 */
export function PeerMessage({
  bridge,
  streamId,
  kind,
}: {
  bridge: ParleyBridge;
  streamId: string;
  kind: PeerKind;
}) {
  const [text, setText] = useState('');
  const [streaming, setStreaming] = useState(false);
  useEffect(() => {
    openText = setText;
    const off = bridge.on('chat.event', (event) => {
      if (event.streamId !== streamId) return;
      if (event.type === 'delta') setText((t) => t + event.text);
      else if (event.type === 'status') setStreaming(true);
      else if (event.type === 'done') setStreaming(false);
    });
    return () => {
      off();
      openText = null;
    };
  }, [bridge, streamId]);
  return (
    <div className="message-scroll" style={{ height: '100vh' }}>
      <article className="message assistant" aria-label="Assistant">
        <div className="message-body markdown">
          {kind === 'naive' ? (
            <ReactMarkdown remarkPlugins={[remarkGfm]}>{text}</ReactMarkdown>
          ) : (
            <Streamdown animated plugins={{ code, math }} isAnimating={streaming}>
              {text}
            </Streamdown>
          )}
        </div>
      </article>
    </div>
  );
}
