import type {
  Envelope,
  EventName,
  EventPayload,
  RequestInput,
  RequestName,
  RequestOutput,
} from './contract.ts';
import { isEventName, requestNames } from './contract.ts';

/**
 * `window.parley`: one method per contract request, grouped by the name's prefix
 * (`chat.send` -> `parley.chat.send(input)`), plus `on(event, listener)`. Each method resolves
 * to an Envelope, because errors thrown across contextBridge lose everything but their message.
 * The preload builds it over Electron IPC, the browser edition over its WebSocket.
 */
type GroupOf<N> = N extends `${infer G}.${string}` ? G : never;
type Group = GroupOf<RequestName>;
type MethodsOf<G extends string> = {
  [N in RequestName as N extends `${G}.${infer M}` ? M : never]: (
    input?: RequestInput<N>,
  ) => Promise<Envelope<RequestOutput<N>>>;
};

export type ParleyBridge = { [G in Group]: MethodsOf<G> } & {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export type RawInvoke = (name: RequestName, input: unknown) => Promise<Envelope<unknown>>;
export type RawSubscribe = (name: EventName, listener: (payload: unknown) => void) => () => void;

export function buildBridge(invoke: RawInvoke, subscribe: RawSubscribe): ParleyBridge {
  const groups: Record<string, Record<string, (input?: unknown) => Promise<Envelope<unknown>>>> = {};
  for (const name of requestNames) {
    const [group, method] = name.split('.') as [string, string];
    groups[group] ??= {};
    groups[group][method] = (input?: unknown) => invoke(name, input ?? {});
  }
  const on = (name: unknown, listener: unknown) => {
    if (!isEventName(name)) throw new TypeError(`Unknown event: ${String(name)}`);
    if (typeof listener !== 'function') throw new TypeError('A listener must be a function.');
    return subscribe(name, (payload) => (listener as (p: unknown) => void)(payload));
  };
  return { ...groups, on } as unknown as ParleyBridge;
}
