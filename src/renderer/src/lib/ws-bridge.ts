import type { Envelope, EventName, RequestName } from '../../../shared/contract.ts';
import type { ParleyBridge } from '../../../shared/bridge.ts';
import { buildBridge } from '../../../shared/bridge.ts';

type ServerFrame =
  { t: 'res'; id: number; envelope: Envelope<unknown> } | { t: 'evt'; name: EventName; payload: unknown };

const TOKEN_KEY = 'parley.token';

/** The browser edition's token arrives in the URL fragment once; keep it for reloads of this tab only. */
export function takeToken(location: Location, storage: Storage, history: History): string | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const fromHash = params.get('token');
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash);
    // The rest of the fragment (`c=<id>`, `new`) is the page's to read.
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY);
}

/**
 * `window.parley` for the browser edition, over the host's WebSocket. A dropped socket fails
 * the calls in flight with a plain-words error and reconnects on the next call.
 */
export function createWebSocketBridge(url: string): ParleyBridge {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  let nextId = 1;
  let socket: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('closed'));
      ws.onclose = () => {
        socket = null;
        for (const [id, settle] of pending) {
          pending.delete(id);
          settle({
            ok: false,
            error: {
              code: 'network_unreachable',
              message: 'Lost the connection to Parley. Check that it is still running.',
            },
          });
        }
      };
      ws.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as ServerFrame;
        if (frame.t === 'res') {
          pending.get(frame.id)?.(frame.envelope);
          pending.delete(frame.id);
        } else {
          for (const listener of listeners.get(frame.name) ?? []) listener(frame.payload);
        }
      };
    });

  const invoke = async (name: RequestName, input: unknown): Promise<Envelope<unknown>> => {
    socket ??= connect();
    let ws: WebSocket;
    try {
      ws = await socket;
    } catch {
      socket = null;
      return {
        ok: false,
        error: {
          code: 'network_unreachable',
          message: 'Cannot reach Parley. Check that `npm run web` is still running.',
        },
      };
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ t: 'req', id, name, input }));
    });
  };

  const subscribe = (name: EventName, listener: (payload: unknown) => void) => {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    socket ??= connect();
    return () => set.delete(listener);
  };

  return buildBridge(invoke, subscribe);
}
