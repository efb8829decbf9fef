import type { ConversationSettings, ModelParameters } from '../../../shared/assistants.ts';
import { modelParametersSchema, toolServersSchema } from '../../../shared/assistants.ts';
import type { HistoryContext } from './history-context.ts';
import { parseJson } from './history-rows.ts';

/**
 * A conversation's own settings: its assistant, system prompt (versioned), parameters and history
 * limit. They start from the assistant (or Settings) and are edited in the conversation; each edit
 * applies to the next request.
 */

interface SettingsRow {
  assistant_id: string | null;
  system_prompt: string;
  system_prompt_version: number;
  parameters: string;
  history_limit: number | null;
  tools: string;
}

export interface SettingsPatch {
  systemPrompt?: string;
  parameters?: ModelParameters;
  historyLimit?: number | null;
  tools?: string[];
}

export function conversationSettings(ctx: HistoryContext, conversationId: string): ConversationSettings {
  ctx.conversationRow(conversationId);
  const row = ctx.db
    .prepare(
      `SELECT assistant_id, system_prompt, system_prompt_version, parameters, history_limit, tools
       FROM conversations WHERE id = ?`,
    )
    .get(conversationId) as unknown as SettingsRow;
  // A hand-edited or damaged value counts as no parameters rather than breaking the conversation.
  const parameters = modelParametersSchema.safeParse(parseJson<unknown>(row.parameters));
  const tools = toolServersSchema.safeParse(parseJson<unknown>(row.tools));
  return {
    assistantId: row.assistant_id,
    systemPrompt: row.system_prompt,
    systemPromptVersion: Number(row.system_prompt_version),
    parameters: parameters.success ? parameters.data : {},
    historyLimit: row.history_limit === null ? null : Number(row.history_limit),
    tools: tools.success ? tools.data : [],
  };
}

/** Saves what the patch names; a system prompt that differs from the current one gets the next version. */
export function updateConversationSettings(
  ctx: HistoryContext,
  conversationId: string,
  patch: SettingsPatch,
): ConversationSettings {
  const current = conversationSettings(ctx, conversationId);
  const promptChanged = patch.systemPrompt !== undefined && patch.systemPrompt !== current.systemPrompt;
  ctx.db
    .prepare(
      `UPDATE conversations SET system_prompt = :prompt, system_prompt_version = :version,
         parameters = :parameters, history_limit = :limit, tools = :tools
       WHERE id = :id`,
    )
    .run({
      prompt: patch.systemPrompt ?? current.systemPrompt,
      version: current.systemPromptVersion + (promptChanged ? 1 : 0),
      parameters: JSON.stringify(patch.parameters ?? current.parameters),
      limit: patch.historyLimit === undefined ? current.historyLimit : patch.historyLimit,
      tools: JSON.stringify(patch.tools ?? current.tools),
      id: conversationId,
    });
  return conversationSettings(ctx, conversationId);
}

/** A new conversation's settings, written with it (history-conversations.ts). */
export function initialSettingsColumns(init: Partial<Omit<ConversationSettings, 'systemPromptVersion'>>) {
  const systemPrompt = init.systemPrompt ?? '';
  return {
    assistantId: init.assistantId ?? null,
    systemPrompt,
    systemPromptVersion: systemPrompt ? 1 : 0,
    parameters: JSON.stringify(init.parameters ?? {}),
    historyLimit: init.historyLimit ?? null,
    tools: JSON.stringify(init.tools ?? []),
  };
}
