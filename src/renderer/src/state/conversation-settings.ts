import { useEffect, useSyncExternalStore } from 'react';
import type { ConversationSettings, ModelParameters } from '../../../shared/assistants.ts';
import type { Api } from '../lib/api.ts';
import { Emitter } from './emitter.ts';

export type SettingsState =
  | { status: 'loading' }
  | { status: 'ready'; settings: ConversationSettings }
  | { status: 'failed'; message: string };

export interface SettingsEdit {
  systemPrompt?: string;
  parameters?: ModelParameters;
  historyLimit?: number | null;
  /** The MCP servers whose tools the conversation may call. */
  tools?: string[];
}

/**
 * Each open conversation's own settings (system prompt, parameters, history limit), asked of main
 * when first shown and again when another window changes the conversation; the header, the
 * instructions at the top and the settings panel share them.
 */
export class ConversationSettingsStore {
  private readonly states = new Map<string, SettingsState>();
  private readonly emitter = new Emitter();
  private readonly api: Api;
  private watching = 0;
  private off: (() => void) | null = null;

  constructor(api: Api) {
    this.api = api;
  }

  get = (conversationId: string | null): SettingsState | null =>
    conversationId === null ? null : (this.states.get(conversationId) ?? null);

  subscribe = (conversationId: string, listener: () => void): (() => void) => {
    if (this.watching++ === 0) {
      this.off = this.api.on('history.changed', (change) => {
        if (change.conversationId && this.states.has(change.conversationId))
          void this.load(change.conversationId);
      });
    }
    const unsubscribe = this.emitter.subscribe(conversationId, listener);
    return () => {
      unsubscribe();
      if (--this.watching === 0) {
        this.off?.();
        this.off = null;
      }
    };
  };

  /** Asks main (once per conversation unless `again`). */
  async load(conversationId: string, again = true): Promise<void> {
    if (!again && this.states.has(conversationId)) return;
    if (!this.states.has(conversationId)) this.set(conversationId, { status: 'loading' });
    try {
      const settings = await this.api.call('history.settings', { conversationId });
      this.set(conversationId, { status: 'ready', settings });
    } catch (error) {
      if (this.states.get(conversationId)?.status !== 'ready')
        this.set(conversationId, {
          status: 'failed',
          message: error instanceof Error ? error.message : String(error),
        });
    }
  }

  async update(conversationId: string, edit: SettingsEdit): Promise<ConversationSettings> {
    const settings = await this.api.call('history.updateSettings', { conversationId, ...edit });
    this.set(conversationId, { status: 'ready', settings });
    return settings;
  }

  private set(conversationId: string, state: SettingsState): void {
    this.states.set(conversationId, state);
    this.emitter.emit(conversationId);
  }
}

/** The conversation's settings, loaded when first asked for; null for a new chat. */
export function useConversationSettingsOf(
  store: ConversationSettingsStore,
  conversationId: string | null,
): SettingsState | null {
  useEffect(() => {
    if (conversationId) void store.load(conversationId, false);
  }, [store, conversationId]);
  return useSyncExternalStore(
    (l) => (conversationId === null ? () => {} : store.subscribe(conversationId, l)),
    () => store.get(conversationId),
  );
}
