import { useSyncExternalStore } from 'react';

/** Whether the browser-edition host refused this tab's token (Parley restarted since it was opened). */
let rejected = false;
const listeners = new Set<() => void>();

export function markTokenRejected(): void {
  rejected = true;
  for (const listener of listeners) listener();
}

export function useTokenRejected(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => rejected,
  );
}
