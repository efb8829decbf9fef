import type { AppError } from '../../../shared/errors.ts';
import type { Envelope, EventName, RequestName } from '../../../shared/contract.ts';
import type { ParleyBridge } from '../../../shared/bridge.ts';
import { buildBridge } from '../../../shared/bridge.ts';
import type { ServerFrame } from '../../../shared/wire.ts';
import { SESSION_PATH, SOCKET_PATH } from '../../../shared/wire.ts';

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

export interface WebSocketBridgeOptions {
  /** The host's address, `http://127.0.0.1:<port>`. */
  origin: string;
  token: string;
  /** Parley restarted (or the address was wrong): the host no longer takes this token. Called once. */
  onTokenRejected(): void;
}

const UNREACHABLE: AppError = {
  code: 'network_unreachable',
  message: 'Cannot reach Parley. Check that `npm run web` is still running.',
  reason: 'parley_unreachable',
};
const LOST: AppError = {
  code: 'network_unreachable',
  message: 'Lost the connection to Parley. Check that it is still running.',
  reason: 'parley_lost',
};
export const TOKEN_REJECTED: AppError = {
  code: 'forbidden_sender',
  message:
    "Parley was restarted, so this tab's access token is no longer valid. Open the new address Parley printed in its terminal.",
  reason: 'token_rejected',
};

/**
 * `window.parley` for the browser edition, over the host's WebSocket. A dropped socket fails the
 * calls in flight with a plain-words error and reconnects (on the next call, and in the
 * background while someone listens for events). A browser cannot read why a WebSocket was
 * refused, so a failed connection asks the host whether the token is still valid.
 */
export function createWebSocketBridge(options: WebSocketBridgeOptions): ParleyBridge {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const socketUrl = `${options.origin.replace(/^http/, 'ws')}${SOCKET_PATH}?token=${encodeURIComponent(options.token)}`;
  let nextId = 1;
  let socket: Promise<WebSocket> | null = null;
  let rejected = false;

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(socketUrl);
      let opened = false;
      ws.onopen = () => {
        opened = true;
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('closed'));
      ws.onclose = () => {
        socket = null;
        for (const [id, settle] of pending) {
          pending.delete(id);
          settle({ ok: false, error: LOST });
        }
        if (opened) void reconnect(1000);
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

  /** The open socket, or why there is none. */
  const open = async (): Promise<{ ws: WebSocket } | { error: AppError }> => {
    if (rejected) return { error: TOKEN_REJECTED };
    socket ??= connect();
    try {
      return { ws: await socket };
    } catch {
      socket = null;
      if (!(await tokenRejected(options))) return { error: UNREACHABLE };
      if (!rejected) {
        rejected = true;
        options.onTokenRejected();
      }
      return { error: TOKEN_REJECTED };
    }
  };

  /** After a drop, keeps trying (1 s, doubling to 15 s) while anyone listens for events. */
  const reconnect = async (delay: number): Promise<void> => {
    await new Promise((r) => setTimeout(r, delay));
    if (rejected || socket || listeners.size === 0) return;
    if ('error' in (await open())) void reconnect(Math.min(delay * 2, 15_000));
  };

  const invoke = async (name: RequestName, input: unknown): Promise<Envelope<unknown>> => {
    const opened = await open();
    if ('error' in opened) return { ok: false, error: opened.error };
    const { ws } = opened;
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
    void open();
    return () => set.delete(listener);
  };

  return buildBridge(invoke, subscribe);
}

/** Asks the host whether it still takes this token; false when it cannot be asked (it is down). */
async function tokenRejected({ origin, token }: WebSocketBridgeOptions): Promise<boolean> {
  try {
    const reply = await fetch(`${origin}${SESSION_PATH}`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    return reply.status === 401;
  } catch {
    return false;
  }
}
