import { useMemo, useState } from 'react';
import type { ModelRef } from '../../../../shared/providers.ts';
import type { SettingsView } from '../../../../shared/settings.ts';
import { useConversationView } from '../../state/app-state.ts';
import { availableModels, modelKey, sameModel } from '../../state/settings-store.ts';

export interface ChatModel {
  /** What the picker shows and the next message uses; null: none chosen (the conversation's is gone). */
  model: ModelRef | null;
  /** The open conversation's own model, when it is no longer set up (the person picks another). */
  missing: ModelRef | null;
  choose(model: ModelRef | null): void;
}

/**
 * The model belongs to the conversation: opening one puts its model in the picker; a new chat keeps
 * the picker's choice; a model picked here is used from the next message on (main then records it
 * as the conversation's).
 */
export function useChatModel(conversationId: string | null, settings: SettingsView | null): ChatModel {
  const [chosen, choose] = useState<ModelRef | null>(null);
  const detail = useConversationView(conversationId)?.detail;
  const own =
    detail?.providerId && detail.model ? { providerId: detail.providerId, model: detail.model } : null;
  // Opening a conversation, or its model changing, puts its model in the picker (during render, so
  // the picker never shows the previous conversation's model for a frame).
  const shown = `${conversationId ?? ''}\u0000${own ? modelKey(own) : ''}`;
  const [synced, setSynced] = useState<string | null>(null);
  if (synced !== shown) {
    setSynced(shown);
    if (own) choose(own);
  }

  const models = useMemo(() => availableModels(settings), [settings]);
  const available = (ref: ModelRef | null) => !!ref && models.some((m) => sameModel(m, ref));
  const missing = own && !available(own) ? own : null;
  const model = available(chosen)
    ? chosen
    : missing && sameModel(chosen, missing)
      ? null
      : (settings?.defaultModel ?? null);
  return { model, missing: missing && model === null ? missing : null, choose };
}
