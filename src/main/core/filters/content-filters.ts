import type { ContentFilterSettings, MessageFilter } from '../../../shared/filters.ts';
import { AnswerWatch } from './answer-watch.ts';
import { RuleSet } from './rules.ts';
import type { FilterOverride } from '../../../shared/filters.ts';
import type { AttachmentChoice } from '../../../shared/attachments.ts';
import type { Assistant } from '../../../shared/assistants.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import { secretKinds } from '../../../shared/providers.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { secretAccount } from '../secrets/provider-secrets.ts';
import type { AttachmentReader } from '../chat/attachment-parts.ts';
import type { AuditEntry } from './audit-log.ts';
import type { Moderator } from './moderation.ts';
import { checkQuestion, filterSettings } from './question-gate.ts';
import type { GateDeps, QuestionFile } from './question-gate.ts';

/**
 * The content filters as the chat service (and every other way of asking) sees them: the gate a
 * question passes before anything is stored or sent, and whether a request is moderated.
 */

export interface ContentFilterWiring {
  settings: () => { contentFilter?: ContentFilterSettings; providers: ProviderConfig[] };
  secrets: SecretStore;
  attachments?: AttachmentReader;
  assistants?: { get(id: string): Assistant };
  /** A conversation's assistant (its `moderation` opt-in). */
  assistantOf?: (conversationId: string) => string | null;
  moderator?: Moderator;
  audit?: (entry: AuditEntry) => void;
}

/** A question as a send (or a comparison) hands it over. */
export interface QuestionInput {
  content: string;
  attachments?: readonly AttachmentChoice[];
  conversationId: string | null;
  assistantId?: string | null;
  filters?: FilterOverride;
}

export class ContentFilters {
  readonly #wiring: ContentFilterWiring;
  readonly #gate: GateDeps;

  constructor(wiring: ContentFilterWiring) {
    this.#wiring = wiring;
    this.#gate = {
      contentFilter: () => wiring.settings().contentFilter,
      storedKeys: () => this.#storedKeys(),
      moderator: wiring.moderator,
      audit: wiring.audit,
    };
  }

  /** The text to store and send (placeholders where the person chose Redact); throws a hold. */
  checkQuestion(input: QuestionInput, providerId: string): Promise<string> {
    return checkQuestion(this.#gate, {
      content: input.content,
      files: this.#files(input.attachments ?? []),
      conversationId: input.conversationId,
      moderated: this.moderated(providerId, input.conversationId, input.assistantId ?? null),
      providerId,
      filters: input.filters,
    });
  }

  /** Watches an answer as it streams (answer-watch.ts): rules, moderation where on, the provider's filter. */
  watchAnswer(
    conversationId: string,
    providerId: string,
    onFilter: (filter: MessageFilter) => void,
  ): AnswerWatch {
    return new AnswerWatch({
      rules: new RuleSet(filterSettings(this.#gate).rules),
      moderator: this.moderated(providerId, conversationId, null) ? this.#wiring.moderator : undefined,
      providerId,
      onFilter,
      audit: (entry) => this.#wiring.audit?.({ ...entry, conversationId }),
    });
  }

  /** Moderation is opt-in: for the providers Settings lists, and for assistants that ask for it. */
  moderated(providerId: string, conversationId: string | null, assistantId: string | null): boolean {
    const settings = filterSettings(this.#gate);
    if (!this.#wiring.moderator) return false;
    if (settings.moderation.providers.includes(providerId)) return true;
    const id = conversationId ? (this.#wiring.assistantOf?.(conversationId) ?? null) : assistantId;
    if (!id || !this.#wiring.assistants) return false;
    try {
      return this.#wiring.assistants.get(id).moderation === true;
    } catch {
      return false;
    }
  }

  #files(choices: readonly AttachmentChoice[]): QuestionFile[] {
    const reader = this.#wiring.attachments;
    const files: QuestionFile[] = [];
    for (const choice of choices) {
      // One the store does not hold is refused by the send itself, in its own words.
      const found = reader?.get(choice.id);
      if (!reader || !found) continue;
      if (found.kind === 'image')
        files.push({
          name: found.name,
          text: null,
          image: {
            mime: found.mime,
            data: async () => Buffer.from(await reader.bytes(choice.id)).toString('base64'),
          },
        });
      else files.push({ name: found.name, text: found.text });
    }
    return files;
  }

  async #storedKeys(): Promise<string[]> {
    const keys: string[] = [];
    for (const provider of this.#wiring.settings().providers)
      for (const kind of secretKinds) {
        try {
          const value = await this.#wiring.secrets.get(secretAccount(provider.id, kind));
          if (value) keys.push(value);
        } catch {
          // A keychain that cannot be read now: the patterns still look for keys.
        }
      }
    return keys;
  }
}
