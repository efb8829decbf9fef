import { useSyncExternalStore } from 'react';
import { call, on } from '../lib/api.ts';
import type { ConversationSummary } from '../../../shared/history.ts';
import type { SettingsView } from '../../../shared/settings.ts';
import type { AppInfo } from '../../../shared/contract.ts';
import { Emitter } from './emitter.ts';
import type { ToolWait } from './tool-parts.ts';
import { toolWait } from './tool-parts.ts';
import type { ConversationView, LiveAnswer } from './chat-store.ts';
import { ChatStore } from './chat-store.ts';
import { SettingsStore } from './settings-store.ts';
import type { Assistant } from '../../../shared/assistants.ts';
import { AssistantsStore, useAssistantList } from './assistants-store.ts';
import type { SettingsState } from './conversation-settings.ts';
import { ConversationSettingsStore, useConversationSettingsOf } from './conversation-settings.ts';

/** The window's stores (one of each), wired to the contract. */
export const chatStore = new ChatStore({ call, on });
export const settingsStore = new SettingsStore({ call, on });

export function useConversations(): ConversationSummary[] {
  return useSyncExternalStore((l) => chatStore.subscribe('list', l), chatStore.getConversations);
}

/** A number that changes when conversations join or leave the list (ConversationList.membership). */
export function useListMembership(): number {
  return useSyncExternalStore((l) => chatStore.subscribe('list', l), chatStore.getListMembership);
}

export function useCurrentId(): string | null {
  return useSyncExternalStore((l) => chatStore.subscribe('current', l), chatStore.getCurrentId);
}

export function useConversationView(conversationId: string | null): ConversationView | null {
  return useSyncExternalStore(
    (l) => (conversationId === null ? () => {} : chatStore.subscribe(`conv:${conversationId}`, l)),
    () => chatStore.getView(conversationId),
  );
}

export function useLive(messageId: string): LiveAnswer | null {
  return useSyncExternalStore(
    (l) => chatStore.subscribe(`msg:${messageId}`, l),
    () => chatStore.getLive(messageId),
  );
}

/** What a streaming answer's status line shows; a new object only when one of these changes. */
export type LiveStatus = Pick<LiveAnswer, 'status' | 'retry' | 'failover'> & { tool: ToolWait };
const liveStatuses = new Map<string, LiveStatus>();
function liveStatusOf(messageId: string): LiveStatus | null {
  const live = chatStore.getLive(messageId);
  if (!live) {
    liveStatuses.delete(messageId);
    return null;
  }
  const last = liveStatuses.get(messageId);
  const tool = toolWait(live.tools);
  if (
    last &&
    last.status === live.status &&
    last.retry === live.retry &&
    last.failover === live.failover &&
    last.tool === tool
  )
    return last;
  const next = { status: live.status, retry: live.retry, failover: live.failover, tool };
  liveStatuses.set(messageId, next);
  return next;
}

/**
 * A streaming answer's status, not its text: a view that shows only this re-renders when the
 * status changes, not on every frame of text.
 */
export function useLiveStatus(messageId: string): LiveStatus | null {
  return useSyncExternalStore(
    (l) => chatStore.subscribe(`msg:${messageId}`, l),
    () => liveStatusOf(messageId),
  );
}

export function useIsStreaming(conversationId: string | null): boolean {
  return useSyncExternalStore(
    (l) => chatStore.subscribe('streams', l),
    () => chatStore.isStreaming(conversationId),
  );
}

export function useHighlight(): { messageId: string; at: number } | null {
  return useSyncExternalStore((l) => chatStore.subscribe('highlight', l), chatStore.getHighlight);
}

export function useSettings(): SettingsView | null {
  return useSyncExternalStore(settingsStore.subscribe, settingsStore.get);
}

export function useStreamingConversations(): ReadonlySet<string> {
  return useSyncExternalStore((l) => chatStore.subscribe('streams', l), chatStore.getStreamingConversations);
}

// What main says about the app (version, edition, platform): asked once, when first needed.
const appInfoEmitter = new Emitter();
let appInfo: AppInfo | null = null;
let appInfoLoading = false;
function loadAppInfo(): void {
  if (appInfo || appInfoLoading) return;
  appInfoLoading = true;
  call('app.info').then(
    (info) => {
      appInfo = info;
      appInfoEmitter.emit('info');
    },
    () => {
      appInfoLoading = false;
    },
  );
}

/** `app.info`, or null until it has arrived. */
export function useAppInfo(): AppInfo | null {
  return useSyncExternalStore(
    (l) => {
      loadAppInfo();
      return appInfoEmitter.subscribe('info', l);
    },
    () => appInfo,
  );
}

/** Every assistant (hidden ones too), or null until main has listed them. */
export const assistantsStore = new AssistantsStore({ call, on });
export const useAssistants = (): Assistant[] | null => useAssistantList(assistantsStore);

/** Each open conversation's system prompt, parameters and history limit. */
export const conversationSettingsStore = new ConversationSettingsStore({ call, on });
export const useConversationSettings = (conversationId: string | null): SettingsState | null =>
  useConversationSettingsOf(conversationSettingsStore, conversationId);
