import { contextBridge, ipcRenderer } from 'electron';
import type { EventName } from '../shared/contract.ts';
import { isEventName } from '../shared/contract.ts';
import type { Envelope } from '../shared/contract.ts';
import { buildBridge } from '../shared/bridge.ts';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from '../shared/wire.ts';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (isEventName(name)) for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge = buildBridge(
  (name, input) => ipcRenderer.invoke(REQUEST_CHANNEL, name, input) as Promise<Envelope<unknown>>,
  (name, listener) => {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  },
);

contextBridge.exposeInMainWorld('parley', bridge);
