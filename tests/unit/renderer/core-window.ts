import type { EventName, RequestInput, RequestName } from '../../../src/shared/contract.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import type { Api } from '../../../src/renderer/src/lib/api.ts';
import type { CoreHarness } from '../../integration/core/harness.ts';

/**
 * A window on the real core: its own peer, and the requests it made. `beforeReply` runs after main
 * answered a request and before the window sees the answer.
 */
export function windowApi(
  harness: CoreHarness,
  beforeReply?: (name: RequestName, calls: number, value: unknown) => Promise<void>,
): { api: Api; requests: RequestName[] } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const peer: Peer = {
    id: crypto.randomUUID(),
    // Events reach a window before the reply to the request that caused them, as on a socket.
    send: (name, payload) => listeners.get(name)?.forEach((listener) => listener(payload)),
    onClose: () => {},
  };
  const requests: RequestName[] = [];
  const api = {
    async call(name: RequestName, input?: RequestInput<RequestName>) {
      requests.push(name);
      const value = await harness.call(name, input ?? {}, peer);
      await beforeReply?.(name, requests.filter((r) => r === name).length, value);
      return value;
    },
    on(name: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  } as Api;
  return { api, requests };
}

/** Shows deltas in the next task (tests have no animation frames). */
export const frames = { request: (callback: () => void) => void setTimeout(callback, 0) };
