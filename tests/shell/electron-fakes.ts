import type { EventEmitter } from 'node:events';

/** The app's two pages as the shell sees them in a build (served from parley://app/). */
export const pages = {
  mainPage: 'parley://app/index.html',
  quickPage: 'parley://app/quick.html',
};

/** Emits like Electron: returns whether a listener called preventDefault. */
export function emitPreventable(target: EventEmitter, event: string, ...args: unknown[]): boolean {
  let prevented = false;
  target.emit(event, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}
