import { ParleyError } from '../../../shared/errors.ts';
import type {
  Envelope,
  EventName,
  EventPayload,
  RequestInput,
  RequestName,
  RequestOutput,
} from '../../../shared/contract.ts';
import type { ParleyBridge } from '../../../shared/bridge.ts';
import { createWebSocketBridge, takeToken } from './ws-bridge.ts';
import { markTokenRejected } from './token-status.ts';

declare global {
  interface Window {
    parley?: ParleyBridge;
  }
}

/** The desktop app's preload provides `window.parley`; otherwise this is the browser edition. */
function pickBridge(): ParleyBridge | null {
  if (window.parley) return window.parley;
  const token = takeToken(window.location, window.sessionStorage, window.history);
  followPastedAddress(token);
  if (!token) return null;
  return createWebSocketBridge({ origin: window.location.origin, token, onTokenRejected: markTokenRejected });
}

/**
 * A new address pasted into this tab (Parley restarted, with a new token) changes only the
 * fragment, so the browser does not load the page again: do it here, so the new token is used.
 */
function followPastedAddress(current: string | null): void {
  window.addEventListener('hashchange', () => {
    const pasted = new URLSearchParams(window.location.hash.slice(1)).get('token');
    if (!pasted) return;
    if (pasted === current) takeToken(window.location, window.sessionStorage, window.history);
    else window.location.reload();
  });
}

const bridge = pickBridge();
export const edition: 'desktop' | 'web' | 'unauthenticated' = window.parley
  ? 'desktop'
  : bridge
    ? 'web'
    : 'unauthenticated';

/** The typed pair the stores take, so tests can hand them a fake: `call` and `on` below, or a stand-in. */
export interface Api {
  call<N extends RequestName>(name: N, input?: RequestInput<N>): Promise<RequestOutput<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export async function call<N extends RequestName>(
  name: N,
  input?: RequestInput<N>,
): Promise<RequestOutput<N>> {
  if (!bridge)
    throw new ParleyError({
      code: 'forbidden_sender',
      message: 'Open Parley with the address it printed.',
      reason: 'open_address',
    });
  const [group, method] = name.split('.') as [string, string];
  const fn = (
    bridge as unknown as Record<string, Record<string, (i: unknown) => Promise<Envelope<unknown>>>>
  )[group]![method]!;
  const envelope = await fn(input ?? {});
  if (!envelope.ok) throw new ParleyError(envelope.error);
  return envelope.value as RequestOutput<N>;
}

export function on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge ? bridge.on(name, listener) : () => {};
}
