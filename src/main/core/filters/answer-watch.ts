import type { FilterFinding, MessageFilter } from '../../../shared/filters.ts';
import type { LlmEvent } from '../../../shared/llm-events.ts';
import type { AuditEntry } from './audit-log.ts';
import type { Moderator } from './moderation.ts';
import type { RuleSet } from './rules.ts';

/**
 * Watches an answer as it streams, without slowing it: at each paragraph boundary (a blank line)
 * the new paragraphs go to the person's rules and, where moderation is on, to the moderation
 * service (in the background, at most one check in flight; paragraphs that arrive meanwhile wait
 * for the next one), and the rest at the end. A block rule or a moderation flag folds the answer
 * (`flagged`), told at once through `onFilter`; the provider's own filter and a check that could
 * not be made are kept as notes (not folded). Nothing here ever stops the answer.
 */

export interface AnswerWatchDeps {
  rules: RuleSet;
  /** Absent: the answer is not moderated. */
  moderator?: Moderator;
  providerId: string;
  onFilter: (filter: MessageFilter) => void;
  audit?: (entry: Omit<AuditEntry, 'conversationId'>) => void;
}

/** How long a check may take before it is reported as not made. */
const CHECK_TIMEOUT_MS = 20_000;

export class AnswerWatch {
  readonly #deps: AnswerWatchDeps;
  #text = '';
  /** Up to here the text was looked at by the rules / sent to moderation. */
  #ruled = 0;
  #moderated = 0;
  #inFlight: Promise<void> | null = null;
  readonly #findings: FilterFinding[] = [];
  #flagged = false;

  constructor(deps: AnswerWatchDeps) {
    this.#deps = deps;
  }

  /** Every event of the answer's stream (text and the provider's filter are what it reads). */
  see(event: LlmEvent): void {
    if (event.type === 'filter') {
      this.#add(event.finding, false);
      this.#deps.audit?.({
        source: 'provider',
        kind: event.finding.kind,
        categories: event.finding.categories.map((c) => c.category),
        decision: 'flagged',
      });
      return;
    }
    if (event.type !== 'text') return;
    const before = this.#text.length;
    this.#text += event.text;
    // A paragraph ended in this piece (the blank line may straddle two pieces).
    const boundary = this.#text.lastIndexOf('\n\n');
    if (boundary >= Math.max(before - 1, 0)) this.#checkUpTo(boundary);
  }

  /** After the last event: the rest is checked, and what was found is the answer's mark (null: nothing). */
  async finish(): Promise<MessageFilter | null> {
    this.#checkUpTo(this.#text.length);
    while (this.#inFlight) await this.#inFlight;
    if (this.#moderated < this.#text.length) this.#moderate(this.#text.length);
    while (this.#inFlight) await this.#inFlight;
    return this.#findings.length > 0 ? { flagged: this.#flagged, findings: [...this.#findings] } : null;
  }

  #checkUpTo(end: number): void {
    if (end > this.#ruled) {
      for (const match of this.#deps.rules.check(this.#text.slice(this.#ruled, end), 'answer')) {
        if (this.#findings.some((f) => f.source === 'rule' && f.ruleId === match.ruleId)) continue;
        this.#add({ source: 'rule', ruleId: match.ruleId, action: match.action }, match.action === 'block');
        if (match.action === 'block')
          this.#deps.audit?.({ source: 'rule', ruleId: match.ruleId, decision: 'flagged' });
      }
      this.#ruled = end;
    }
    if (!this.#inFlight) this.#moderate(end);
  }

  #moderate(end: number): void {
    const moderator = this.#deps.moderator;
    if (!moderator || end <= this.#moderated || this.#text.slice(this.#moderated, end).trim() === '') return;
    const text = this.#text.slice(this.#moderated, end);
    this.#moderated = end;
    this.#inFlight = moderator
      .moderate({ text, images: [] }, this.#deps.providerId, AbortSignal.timeout(CHECK_TIMEOUT_MS))
      .then((result) => {
        if (result.failed) {
          if (!this.#findings.some((f) => f.source === 'moderation' && f.failed))
            this.#add({ source: 'moderation', categories: [], failed: result.failed }, false);
        } else if (result.flagged) {
          this.#deps.audit?.({ source: 'moderation', categories: result.categories, decision: 'flagged' });
          const earlier = this.#findings.find((f) => f.source === 'moderation' && !f.failed);
          if (earlier?.source === 'moderation') {
            earlier.categories = [...new Set([...earlier.categories, ...result.categories])];
            this.#deps.onFilter({ flagged: true, findings: [...this.#findings] });
          } else this.#add({ source: 'moderation', categories: result.categories }, true);
        }
      })
      // A window that cannot be told any more changes nothing here.
      .catch(() => undefined)
      .finally(() => {
        this.#inFlight = null;
        // Paragraphs that came while this check ran go in the next one.
        const boundary = this.#text.lastIndexOf('\n\n');
        if (boundary > this.#moderated) this.#moderate(boundary);
      });
  }

  #add(finding: FilterFinding, flags: boolean): void {
    this.#findings.push(finding);
    if (flags) this.#flagged = true;
    this.#deps.onFilter({ flagged: this.#flagged, findings: [...this.#findings] });
  }
}
