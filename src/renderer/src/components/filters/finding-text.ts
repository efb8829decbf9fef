import type { TFunction } from 'i18next';
import type { FilterFinding, FilterRule } from '../../../../shared/filters.ts';
import { filtersEn } from '../../i18n/filters-en.ts';

/**
 * What the content filters found, in plain words: the kinds of secret (never the text: a finding
 * has none), moderation categories translated, a rule by its pattern, a provider's filter. The one
 * place that words a finding, for the composer's hold, the quick prompt and a flagged answer.
 */
export interface Words {
  t: TFunction;
  /** The window's language, for lists ("a, b and c" / "a、b和c"). */
  language: string;
}

const PATTERN_SHOWN = 60;
/** Where a secret was found when it is the message's own text (else it is an attachment's name). */
const IN_TEXT = new Set(['', 'message', 'text', 'content']);
const secretKinds = new Set(Object.keys(filtersEn.secret).map((key) => key.replace(/_(one|other)$/, '')));

function known(table: Record<string, string>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(table, name);
}

/** An API category name in the window's language; one Parley does not know is shown as it is. */
export function categoryName(category: string, { t }: Words): string {
  return known(filtersEn.category, category) ? t(`filters.category.${category}`) : category;
}

/** "harassment · violence": each category once, in the order found. */
export function categoryList(categories: readonly string[], words: Words): string {
  return [...new Set(categories)].map((c) => categoryName(c, words)).join(words.t('filters.separator'));
}

function listOf(items: string[], language: string): string {
  try {
    return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** A rule as the person wrote it (shortened), or its id when it is no longer in the settings. */
export function ruleLabel(ruleId: string, rules: readonly FilterRule[]): string {
  const pattern = rules.find((rule) => rule.id === ruleId)?.pattern ?? ruleId;
  return pattern.length > PATTERN_SHOWN ? `${pattern.slice(0, PATTERN_SHOWN - 1)}…` : pattern;
}

type SecretFinding = Extract<FilterFinding, { source: 'secret' }>;
type ProviderFinding = Extract<FilterFinding, { source: 'provider' }>;

/** "This message looks like it contains an OpenAI API key and a private key", one line per place. */
function secretLines(found: SecretFinding[], words: Words): string[] {
  const byPlace = new Map<string, SecretFinding[]>();
  for (const finding of found) {
    const place = IN_TEXT.has(finding.where) ? '' : finding.where;
    byPlace.set(place, [...(byPlace.get(place) ?? []), finding]);
  }
  return [...byPlace].map(([place, findings]) => {
    const list = listOf(
      findings.map((f) =>
        words.t(`filters.secret.${secretKinds.has(f.kind) ? f.kind : 'unknown'}`, {
          count: Math.max(1, f.count),
        }),
      ),
      words.language,
    );
    return place
      ? words.t('filters.hold.secretsIn', { name: place, list })
      : words.t('filters.hold.secrets', { list });
  });
}

/** "violence: medium", a category with its severity where the provider gave one. */
function providerCategories(finding: ProviderFinding, words: Words): string {
  return finding.categories
    .map(({ category, severity }) => {
      const name = categoryName(category, words);
      if (!severity) return name;
      const level = known(filtersEn.severity, severity) ? words.t(`filters.severity.${severity}`) : severity;
      return `${name}: ${level}`;
    })
    .join(words.t('filters.separator'));
}

/** The provider's own filter stopped this answer: its note says so, better than the bare error. */
export function providerStopped(filter: { findings: readonly FilterFinding[] } | null | undefined): boolean {
  return !!filter?.findings.some((f) => f.source === 'provider');
}

/** A provider's own filter on a question or an answer; `provider` is its name. */
export function providerLine(finding: ProviderFinding, provider: string, words: Words): string {
  if (finding.kind === 'refusal') return words.t('filters.answer.refusal');
  const categories = providerCategories(finding, words);
  if (!categories) return words.t('filters.answer.filteredPlain', { provider });
  const key = finding.stage === 'prompt' ? 'filters.answer.filteredPrompt' : 'filters.answer.filtered';
  return words.t(key, { provider, categories });
}

/** Every finding of a held question, one sentence each. */
export function holdLines(
  findings: readonly FilterFinding[],
  rules: readonly FilterRule[],
  words: Words,
  provider: string = words.t('filters.answer.someProvider'),
): string[] {
  const lines = secretLines(
    findings.filter((f): f is SecretFinding => f.source === 'secret'),
    words,
  );
  const categories = findings.flatMap((f) => (f.source === 'moderation' ? f.categories : []));
  if (categories.length > 0)
    lines.push(words.t('filters.hold.flagged', { categories: categoryList(categories, words) }));
  for (const finding of findings) {
    if (finding.source === 'moderation' && finding.failed) {
      lines.push(words.t('filters.hold.moderationFailed', { reason: finding.failed }));
    } else if (finding.source === 'rule') {
      const key = finding.action === 'block' ? 'filters.hold.ruleBlocks' : 'filters.hold.rule';
      lines.push(words.t(key, { pattern: ruleLabel(finding.ruleId, rules) }));
    } else if (finding.source === 'provider') {
      lines.push(providerLine(finding, provider, words));
    }
  }
  return lines;
}

/** The fold's label of a flagged answer: "Flagged for: harassment · violence", or by the rule that matched. */
export function flaggedLabel(
  findings: readonly FilterFinding[],
  rules: readonly FilterRule[],
  words: Words,
): string {
  const categories = findings.flatMap((f) => (f.source === 'moderation' ? f.categories : []));
  if (categories.length > 0)
    return words.t('filters.answer.flagged', { categories: categoryList(categories, words) });
  const rule = findings.find((f) => f.source === 'rule');
  if (rule) return words.t('filters.answer.flaggedRule', { pattern: ruleLabel(rule.ruleId, rules) });
  return words.t('filters.answer.flaggedPlain');
}
