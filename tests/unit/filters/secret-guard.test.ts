import { describe, expect, it } from 'vitest';
import type { SecretKindFound } from '../../../src/shared/filters.ts';
import { findSecrets, redactSecrets } from '../../../src/main/core/filters/secret-guard.ts';

/**
 * Each kind the guard looks for: what it must find, and the near-misses it must leave alone. The
 * fixtures are assembled at run time so this file itself holds nothing a scanner would take for a key.
 */
const random = (n: number, alphabet = 'aB3xK9mQ2pZ7tR5wE1yU8'): string =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'Ann' })}.${random(43)}`;
const pem = (label: string) =>
  `-----BEGIN ${label}-----\n${random(64)}\n${random(64)}\n${random(20)}==\n-----END ${label}-----`;

const off = { personalData: false };
const on = { personalData: true };

const found = (text: string, options = off) => Object.fromEntries(findSecrets(text, options));

const positives: [SecretKindFound, string][] = [
  ['openai-key', `sk-${random(48)}`],
  ['openai-key', `sk-proj-${random(120, 'aB3xK9mQ2pZ7tR5wE1yU8_-')}`],
  ['anthropic-key', `sk-ant-api03-${random(93)}AA`],
  ['google-key', `AIza${random(35)}`],
  ['aws-key', `AKIA${random(16, 'ABCDEFGHIJ234567')}`],
  ['aws-key', `ASIA${random(16, 'QRSTUVWXYZ234567')}`],
  ['aws-key', `aws_secret_access_key = ${random(40, 'aB3xK9mQ2pZ7tR5wE1yU8/+')}`],
  ['github-token', `ghp_${random(36)}`],
  ['github-token', `gho_${random(36)}`],
  ['github-token', `ghs_${random(36)}`],
  ['github-token', `github_pat_${random(22)}_${random(59)}`],
  ['slack-token', `xoxb-123456789012-1234567890123-${random(24)}`],
  ['slack-token', `xoxp-123456789012-123456789012-123456789012-${random(32)}`],
  ['private-key', pem('RSA PRIVATE KEY')],
  ['private-key', pem('PRIVATE KEY')],
  ['private-key', pem('OPENSSH PRIVATE KEY')],
  ['private-key', pem('EC PRIVATE KEY')],
  ['jwt', jwt],
  ['connection-string', 'postgres://app:S3cr3t-Pa55@db.internal:5432/shop'],
  ['connection-string', 'postgresql://app:hunter2@localhost/db'],
  ['connection-string', 'mongodb+srv://admin:Tr0ub4dor@cluster0.example.net/test'],
  ['connection-string', 'mysql://root:correct-horse@127.0.0.1:3306/app'],
  ['connection-string', 'redis://default:4f9a8b7c@cache:6379'],
  ['connection-string', 'Server=tcp:sql.example.com,1433;Database=app;User ID=sa;Password=Pl41nText!;'],
];

describe('the secret guard finds each kind', () => {
  it.each(positives)('%s', (kind, secret) => {
    const text = `Here is my config:\n  value: ${secret}\nwhy does it fail?`;
    expect(found(text)).toEqual({ [kind]: 1 });
    const redacted = redactSecrets(text, off);
    // The secret goes; what is around it stays (an ADO string keeps its server, not its password).
    expect(redacted).toMatch(
      new RegExp(`^Here is my config:\\n  value: .{0,60}\\[REDACTED ${kind}\\]\\nwhy does it fail\\?$`),
    );
    expect(redacted).not.toContain(secret);
    expect(redacted).not.toMatch(/S3cr3t|hunter2|Tr0ub4dor|correct-horse|4f9a8b7c|Pl41nText/);
  });

  it('counts each one, and redacts every one of them', () => {
    const a = `sk-${random(48)}`;
    const text = `first ${a} then ${a} and ghp_${random(36)}`;
    expect(found(text)).toEqual({ 'openai-key': 2, 'github-token': 1 });
    expect(redactSecrets(text, off)).toBe(
      'first [REDACTED openai-key] then [REDACTED openai-key] and [REDACTED github-token]',
    );
  });

  it("finds the person's own stored keys exactly, whatever they look like, and names them as theirs", () => {
    const own = 'my-custom-gateway-token-0001';
    const openai = `sk-${random(48)}`;
    const options = { personalData: false, storedKeys: [own, openai, 'short'] };
    expect(found(`use ${own} please, and ${openai}; short is short`, options as never)).toEqual({
      'stored-key': 2,
    });
    expect(redactSecrets(`x${own}y`, options)).toBe('x[REDACTED stored-key]y');
  });
});

const nearMisses: [string, string][] = [
  ['a placeholder OpenAI key', 'export OPENAI_API_KEY=sk-your-api-key-goes-here-please'],
  ['the mock keys tests use', 'apiKeys: ["sk-test", "sk-bad-key"], sk-test-key-for-the-mock'],
  ['an Anthropic placeholder', 'x-api-key: sk-ant-api03-your-key-here-and-nothing-more'],
  ['a Google key one character short', `AIza${random(34)} `],
  ['a word that starts like an AWS key', 'AKIAlowercase1234567 and AKIA12345'],
  ['a GitHub token too short', `ghp_${random(20)}`],
  ['a PEM header in code with no key', "if (line.startsWith('-----BEGIN RSA PRIVATE KEY-----')) return;"],
  ['a public key', pem('PUBLIC KEY')],
  ['a certificate', pem('CERTIFICATE')],
  ['three dotted words', 'eyJhbGciOiJub25lIn0 is not a token; a.b.c, com.example.app.Main'],
  ['dots after something that is not JSON', `eyJ${random(20)}.${random(20)}.${random(20)}`],
  ['a connection string without a password', 'postgres://app@db.internal:5432/shop'],
  ['a connection string with a port only', 'redis://localhost:6379/0 and mongodb://db:27017'],
  ['a placeholder password', 'postgres://user:password@localhost/db and mysql://root:<password>@host/db'],
  ['an env placeholder', 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app'],
  ['a Slack word', 'the xoxb- prefix marks bot tokens'],
  ['a UUID and a hash', '550e8400-e29b-41d4-a716-446655440000 d41d8cd98f00b204e9800998ecf8427e'],
  ['personal data while it is off', 'mail ann@example.com, call +86 138 0013 8000, card 4111 1111 1111 1111'],
];

describe('near-misses are left alone', () => {
  it.each(nearMisses)('%s', (_, text) => {
    expect(found(text)).toEqual({});
    expect(redactSecrets(text, off)).toBe(text);
  });
});

describe('personal data (when asked for)', () => {
  it.each([
    ['email', 'write to ann.lee+work@mail.example.co.uk today'],
    ['phone', '我的手机 13800138000，请回电'],
    ['phone', 'call +86 138-0013-8000'],
    ['phone', 'call +1 (415) 555-0132 tomorrow'],
    ['cn-id', '身份证 11010519491231002X 已提交'],
    ['card-number', 'card 4111 1111 1111 1111 exp 12/30'],
    ['card-number', 'card 5500-0000-0000-0004'],
  ] as const)('%s: %s', (kind, text) => {
    expect(found(text, on)).toEqual({ [kind]: 1 });
    expect(redactSecrets(text, on)).toContain(`[REDACTED ${kind}]`);
  });

  it.each([
    ['an ID number whose checksum fails', '身份证 110105194912310021'],
    ['a card number failing Luhn', 'order 4111 1111 1111 1112'],
    ['a long number inside another', 'id 9913800138000123 and 1380013800099'],
    ['an @ with no domain', 'see @ann and foo@bar and user@localhost'],
    ['a version and a date', 'v1.2.3 on 2024-01-05, 12:30:45'],
    ['a timestamp', 'at 1700000000000 ms'],
  ])('%s', (_, text) => {
    expect(found(text, on)).toEqual({});
  });
});
