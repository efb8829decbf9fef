/** API key rules shared by the providers; each provider words the refusal its own way. */
import type { IncomingHttpHeaders } from 'node:http';
import type { TokenStore } from './oauth.ts';
import type { MockScript } from './types.ts';

export type KeyCheck = { ok: true } | { ok: false; reason: 'missing' | 'invalid' | 'expired'; key: string };

export interface KeyPolicy {
  /** When given, only these keys (and our OAuth tokens) are accepted. */
  apiKeys?: ReadonlySet<string>;
  tokens: TokenStore;
}

export function checkKey(key: string | undefined, policy: KeyPolicy): KeyCheck {
  const value = (key ?? '').trim();
  if (!value) return { ok: false, reason: 'missing', key: '' };
  const token = policy.tokens.check(value);
  if (token === 'valid') return { ok: true };
  if (token === 'expired') return { ok: false, reason: 'expired', key: value };
  if (token === 'unknown') return { ok: false, reason: 'invalid', key: value };
  const accepted = policy.apiKeys ? policy.apiKeys.has(value) : !value.startsWith('sk-bad');
  return accepted ? { ok: true } : { ok: false, reason: 'invalid', key: value };
}

/** `Authorization: Bearer KEY` → KEY. */
export function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(.*)$/i.exec(authorization ?? '');
  return match ? match[1] : undefined;
}

/** OpenAI's masking in "Incorrect API key provided: sk-ab************wxyz." */
export function maskKey(key: string): string {
  if (key.length <= 8) return `${key.slice(0, 2)}${'*'.repeat(Math.max(1, key.length - 2))}`;
  return `${key.slice(0, 5)}${'*'.repeat(key.length - 9)}${key.slice(-4)}`;
}

/** The API key a request carries, in whichever provider's header (Bearer, Azure's `api-key`, Anthropic's `x-api-key`). */
export function requestKey(headers: IncomingHttpHeaders): string | undefined {
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return bearer(one(headers.authorization)) ?? one(headers['api-key']) ?? one(headers['x-api-key']);
}

/** Whether a queued script is for this request: its model (`forModel`) and its key (`forKey`), when named. */
export function scriptFits(script: MockScript, model: unknown, headers: IncomingHttpHeaders): boolean {
  return (
    (script.forModel === undefined || script.forModel === model) &&
    (script.forKey === undefined || script.forKey === requestKey(headers))
  );
}
