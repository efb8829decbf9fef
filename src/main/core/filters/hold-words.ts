import type { FilterFinding, SecretKindFound } from '../../../shared/filters.ts';

/** The English words of a hold (the CLI prints them; windows translate by `hold.findings`). */

const kindNames: Record<SecretKindFound, string> = {
  'openai-key': 'an OpenAI key',
  'anthropic-key': 'an Anthropic key',
  'google-key': 'a Google API key',
  'aws-key': 'an AWS key',
  'github-token': 'a GitHub token',
  'slack-token': 'a Slack token',
  'private-key': 'a private key',
  jwt: 'a JWT (a signed token)',
  'connection-string': 'a connection string with a password',
  'stored-key': 'one of your own saved keys',
  email: 'an e-mail address',
  phone: 'a phone number',
  'cn-id': 'a Chinese resident ID number',
  'card-number': 'a card number',
};

export function findingWords(finding: FilterFinding): string {
  switch (finding.source) {
    case 'secret': {
      const where = finding.where === 'message' ? 'the message' : `the file ${finding.where}`;
      const times = finding.count > 1 ? ` (${finding.count} times)` : '';
      return `${kindNames[finding.kind]}${times} in ${where}`;
    }
    case 'rule':
      return `your ${finding.action === 'block' ? 'blocking' : 'warning'} rule "${finding.ruleId}"`;
    case 'moderation':
      return finding.failed
        ? `no moderation check: ${finding.failed}`
        : `moderation flagged it for ${finding.categories.join(', ')}`;
    case 'provider':
      return finding.categories.length > 0
        ? `the provider's filter (${finding.categories.map((c) => (c.severity ? `${c.category}: ${c.severity}` : c.category)).join(', ')})`
        : finding.kind === 'refusal'
          ? 'the model refused to answer'
          : "the provider's content filter";
  }
}

/** One sentence for a held question: what was found and what can be done. */
export function holdMessage(
  findings: readonly FilterFinding[],
  can: { redact: boolean; sendAnyway: boolean },
): string {
  const found = findings.map(findingWords).join('; ');
  const choices = [can.redact ? 'redact it' : null, can.sendAnyway ? 'send it anyway' : null].filter(Boolean);
  const next =
    choices.length > 0 ? ` You can ${choices.join(' or ')}, or change it.` : ' Change it to send it.';
  return `Not sent: the content filters stopped this message (${found}).${next}`;
}
