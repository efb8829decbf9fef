/** What the gate and the answer watch ask the moderation service (moderation-client.ts answers). */
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
