import { ParleyError } from '../../../shared/errors.ts';
import type { ContentFilterSettings } from '../../../shared/filters.ts';
import { contentFilterSettingsSchema } from '../../../shared/filters.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import type { ModerationRequest } from '../llm/moderations.ts';

/** What the gate and the answer watch ask the moderation service. */
export interface ModerationInput {
  text: string;
  images: { mime: string; data: string }[];
}

export interface ModerationResult {
  flagged: boolean;
  /** The flagged categories, as the API names them (`harassment`, `self-harm/intent`…). */
  categories: string[];
  /** The check could not be made: why, in plain words (never blocks on its own). */
  failed?: string;
}

export interface Moderator {
  /** `providerId`: the request's own provider, used when Settings names no moderation provider. */
  moderate(input: ModerationInput, providerId: string, signal?: AbortSignal): Promise<ModerationResult>;
}

export interface ModeratorDeps {
  client: {
    moderate(
      provider: ProviderConfig,
      request: ModerationRequest,
      signal?: AbortSignal,
    ): Promise<{ flagged: boolean; categories: string[] }>;
  };
  settings: () => { contentFilter?: ContentFilterSettings; providers: ProviderConfig[] };
}

/**
 * Moderation through the provider Settings chose (else the request's own), with the model Settings
 * names. A check that cannot be made is reported in plain words, never thrown: the question or
 * the answer is never lost for it.
 */
export function createModerator(deps: ModeratorDeps): Moderator {
  return {
    async moderate(input, providerId, signal) {
      const settings = deps.settings();
      const moderation = (settings.contentFilter ?? contentFilterSettingsSchema.parse({})).moderation;
      const id = moderation.via ?? providerId;
      const provider = settings.providers.find((p) => p.id === id);
      if (!provider)
        return { flagged: false, categories: [], failed: `the moderation provider (${id}) is not set up` };
      try {
        return await deps.client.moderate(provider, { model: moderation.model, ...input }, signal);
      } catch (error) {
        const why = error instanceof ParleyError ? error.message : 'the moderation check failed';
        return { flagged: false, categories: [], failed: why.replace(/\.$/, '') };
      }
    },
  };
}
