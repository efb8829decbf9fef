import { useSyncExternalStore } from 'react';
import type { Assistant } from '../../../shared/assistants.ts';
import type { Api } from '../lib/api.ts';

/** The assistants as main last listed them; `assistants.changed` (from any window or the CLI) asks again. */
export class AssistantsStore {
  private assistants: Assistant[] | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly api: Api;
  private started = 0;
  private off: (() => void) | null = null;

  constructor(api: Api) {
    this.api = api;
  }

  /** Follows changes while someone looks; the last `stop` stops. */
  start(): () => void {
    if (this.started++ === 0) {
      this.off = this.api.on('assistants.changed', () => void this.reload());
      void this.reload();
    }
    return () => {
      if (--this.started === 0) {
        this.off?.();
        this.off = null;
      }
    };
  }

  async reload(): Promise<void> {
    try {
      this.assistants = await this.api.call('assistants.list');
      for (const listener of [...this.listeners]) listener();
    } catch {
      // Main is unreachable for now: what was shown stays, and the next change event asks again.
    }
  }

  get = (): Assistant[] | null => this.assistants;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    const stop = this.start();
    return () => {
      this.listeners.delete(listener);
      stop();
    };
  };
}

/** A built-in's Chinese name and description in the Chinese UI (until a person edits it). */
export function assistantText(assistant: Assistant, language: string): { name: string; description: string } {
  const zh = language.toLowerCase().startsWith('zh');
  return {
    name: (zh && assistant.nameZh) || assistant.name,
    description: (zh && assistant.descriptionZh) || assistant.description,
  };
}

export function useAssistantList(store: AssistantsStore): Assistant[] | null {
  return useSyncExternalStore(store.subscribe, store.get);
}
