import type { ContentFilterSettings, FilterFinding, FilterOverride } from '../../../shared/filters.ts';
import { contentFilterSettingsSchema, filterOverrideSchema } from '../../../shared/filters.ts';
import { ParleyError } from '../../../shared/errors.ts';
import { findSecrets, redactSecrets } from './secret-guard.ts';
import type { GuardOptions } from './secret-guard.ts';
import { RuleSet } from './rules.ts';
import { holdMessage } from './hold-words.ts';
import type { AuditEntry } from './audit-log.ts';
import type { ModerationInput, Moderator } from './moderation.ts';

/**
 * The gate every question passes before anything is stored or sent (a send, a comparison, the CLI):
 * the secret guard, the person's rules, then moderation where it is on. It returns the text to
 * store and send (with placeholders when the person chose Redact) or throws a `content_filtered`
 * error whose `hold` says what was found and what may be done.
 *
 * Order matters: a question held for a secret is never sent to the moderation service either,
 * and a redacted one is moderated as redacted.
 */

export interface QuestionFile {
  name: string;
  /** The text sent in its place (text files, PDFs); null for images. */
  text: string | null;
  /** An image, for moderation (base64). */
  image?: { mime: string; data: () => Promise<string> };
}

export interface Question {
  content: string;
  files: QuestionFile[];
  conversationId: string | null;
  /** Whether moderation applies (its provider or its assistant opted in). */
  moderated: boolean;
  /** The provider the request goes to (moderation through it when Settings names none). */
  providerId: string;
  filters?: FilterOverride;
}

export interface GateDeps {
  contentFilter: () => ContentFilterSettings | undefined;
  /** The keys Parley keeps for the person's providers (compared exactly, never logged). */
  storedKeys: () => Promise<string[]>;
  moderator?: Moderator;
  audit?: (entry: AuditEntry) => void;
}

// Parsed once: the gate runs for every question (a batch asks thousands) and only reads these.
const defaultSettings: ContentFilterSettings = contentFilterSettingsSchema.parse({});
const noOverride: FilterOverride = filterOverrideSchema.parse({});

export function filterSettings(deps: Pick<GateDeps, 'contentFilter'>): ContentFilterSettings {
  return deps.contentFilter() ?? defaultSettings;
}

export async function checkQuestion(deps: GateDeps, question: Question): Promise<string> {
  const settings = filterSettings(deps);
  const override = question.filters ? filterOverrideSchema.parse(question.filters) : noOverride;
  const audit = (entry: Omit<AuditEntry, 'conversationId'>) =>
    deps.audit?.({ ...entry, conversationId: question.conversationId });
  let content = question.content;
  const holding: FilterFinding[] = [];
  let canRedact = false;

  if (settings.secretGuard.enabled && override.secrets !== 'allow') {
    const guard: GuardOptions = {
      personalData: settings.secretGuard.personalData,
      storedKeys: await deps.storedKeys(),
    };
    const places = [
      { where: 'message', text: content, redactable: true },
      ...question.files.map((f) => ({ where: f.name, text: f.text ?? '', redactable: false })),
    ];
    for (const place of places) {
      for (const [kind, count] of findSecrets(place.text, guard)) {
        const finding: FilterFinding = { source: 'secret', kind, count, where: place.where };
        if (place.redactable && override.secrets === 'redact')
          audit({ source: 'secret', kind, decision: 'redacted' });
        else if (override.sendAnyway) audit({ source: 'secret', kind, decision: 'sent-anyway' });
        else {
          holding.push(finding);
          // Text in the message can be replaced; a file is sent as stored (a PDF also as its bytes).
          if (place.redactable) canRedact = true;
        }
      }
    }
    if (override.secrets === 'redact') content = redactSecrets(content, guard);
  }

  let blocked = false;
  const rules = new RuleSet(settings.rules);
  const ruleText = [content, ...question.files.map((f) => f.text ?? '')].join('\n');
  for (const match of rules.check(ruleText, 'question')) {
    const finding: FilterFinding = { source: 'rule', ruleId: match.ruleId, action: match.action };
    if (match.action === 'block') {
      blocked = true;
      holding.push(finding);
      audit({ source: 'rule', ruleId: match.ruleId, decision: 'held' });
    } else if (override.sendAnyway) audit({ source: 'rule', ruleId: match.ruleId, decision: 'sent-anyway' });
    else holding.push(finding);
  }

  // Only a question that may be sent as it stands is shown to the moderation service.
  if (holding.length === 0 && question.moderated && deps.moderator) {
    const allowAnyway = settings.moderation.allowSendAnyway;
    const result = await deps.moderator.moderate(
      await moderationInput(content, question.files),
      question.providerId,
    );
    if (result.flagged || result.failed) {
      const finding: FilterFinding = result.failed
        ? { source: 'moderation', categories: [], failed: result.failed }
        : { source: 'moderation', categories: result.categories };
      // A failed check never blocks: the person may send unchecked.
      const mayPass = result.failed !== undefined || allowAnyway;
      if (override.sendAnyway && mayPass)
        audit({ source: 'moderation', categories: result.categories, decision: 'sent-anyway' });
      else {
        holding.push(finding);
        if (!mayPass) blocked = true;
      }
    }
  }

  if (holding.length === 0) return content;
  const moderationBlocks =
    holding.some((f) => f.source === 'moderation' && !f.failed) && !settings.moderation.allowSendAnyway;
  const canSendAnyway = !blocked && !moderationBlocks;
  const hold = {
    findings: holding,
    blocked: blocked || moderationBlocks,
    canSendAnyway,
    canRedact: canRedact && !blocked,
  };
  for (const f of holding) {
    if (f.source === 'secret') audit({ source: 'secret', kind: f.kind, decision: 'held' });
    else if (f.source === 'rule' && f.action === 'warn')
      audit({ source: 'rule', ruleId: f.ruleId, decision: 'held' });
    else if (f.source === 'moderation')
      audit({ source: 'moderation', categories: f.categories, decision: 'held' });
  }
  throw new ParleyError({
    code: 'content_filtered',
    reason: 'message_held',
    message: holdMessage(holding, { redact: hold.canRedact, sendAnyway: canSendAnyway }),
    hold,
  });
}

async function moderationInput(content: string, files: readonly QuestionFile[]): Promise<ModerationInput> {
  const texts = [content, ...files.map((f) => f.text ?? '')].filter((t) => t.trim().length > 0);
  const images: ModerationInput['images'] = [];
  for (const file of files)
    if (file.image) images.push({ mime: file.image.mime, data: await file.image.data() });
  return { text: texts.join('\n\n'), images };
}
