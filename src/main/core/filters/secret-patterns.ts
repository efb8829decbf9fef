import type { SecretKindFound } from '../../../shared/filters.ts';

/**
 * What looks like a secret, one detector per kind. Every pattern is linear: a literal prefix the
 * engine can look for, bounded repeats, no nested quantifiers. A `valid` check weeds out what only
 * looks like one (placeholders, words, a JWT whose header is not JSON, a failing checksum).
 */
export interface Detector {
  kind: SecretKindFound;
  /** Global (`g`); one match is one secret (its whole span is what Redact replaces). */
  pattern: RegExp;
  valid?: (match: RegExpExecArray) => boolean;
  /** Where the secret starts when the pattern begins after it (a scheme looked for behind `://`). */
  startOf?: (match: RegExpExecArray) => number;
  /** Personal data: only looked for when the settings ask for it. */
  personal?: boolean;
}

/** Random keys mix digits, upper and lower case; words and examples like `sk-your-key-here` do not. */
function looksRandom(body: string): boolean {
  return /[0-9]/.test(body) && /[A-Z]/.test(body) && /[a-z]/.test(body);
}

/** Placeholders people write in examples, not passwords. */
const placeholderPassword =
  /^(?:password|passwd|pass|pwd|secret|changeme|example|[x*.…]+|<[^>]*>|\$\{[^}]*\}|\{[^}]*\}|\$[A-Z_]+|%s|\.\.\.)$/i;

function decodesToJwtHeader(part: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return (
      typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

const serverBefore = /(?:^|[;\s"'])(?:Server|Data Source|Host|Address)\s{0,4}=[^;]{1,200};/i;

/** The text before a match on its line (at most 700 characters of it). */
function lineBefore(m: RegExpExecArray): string {
  const from = Math.max(m.input.lastIndexOf('\n', m.index) + 1, m.index - 700);
  return m.input.slice(from, m.index);
}

const notKeyBefore = '(?<![A-Za-z0-9_-])';
const notKeyAfter = '(?![A-Za-z0-9_-])';

export const secretDetectors: readonly Detector[] = [
  {
    kind: 'openai-key',
    pattern: new RegExp(
      `${notKeyBefore}sk-(?!ant-)(?:proj-|svcacct-|admin-)?([A-Za-z0-9_-]{20,400})${notKeyAfter}`,
      'g',
    ),
    valid: (m) => looksRandom(m[1]!),
  },
  {
    kind: 'anthropic-key',
    pattern: new RegExp(
      `${notKeyBefore}sk-ant-[a-z]{2,10}[0-9]{0,3}-([A-Za-z0-9_-]{20,400})${notKeyAfter}`,
      'g',
    ),
    valid: (m) => looksRandom(m[1]!),
  },
  { kind: 'google-key', pattern: new RegExp(`${notKeyBefore}AIza[0-9A-Za-z_-]{35}${notKeyAfter}`, 'g') },
  { kind: 'aws-key', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  {
    // The secret half, where it is named as such next to its value.
    kind: 'aws-key',
    pattern:
      /aws_?secret_?(?:access_?)?key["']?\s{0,4}[:=]\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    valid: (m) => looksRandom(m[1]!),
  },
  {
    kind: 'github-token',
    pattern:
      /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})(?![A-Za-z0-9_])/g,
    valid: (m) => /[0-9]/.test(m[0]) && /[A-Za-z]/.test(m[0].slice(4)),
  },
  {
    kind: 'slack-token',
    pattern: /(?<![A-Za-z0-9-])xox[abposre]-[0-9]{6,20}-[A-Za-z0-9-]{8,250}(?![A-Za-z0-9-])/g,
  },
  {
    // The header, then a body of base64 up to its end line (or as far as the base64 goes).
    kind: 'private-key',
    pattern:
      /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[^-]{0,16384}?-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=:,\s-]{0,16384})/g,
    valid: (m) => /[A-Za-z0-9+/]{40}/.test(m[0]),
  },
  {
    kind: 'jwt',
    pattern:
      /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{5,2000})\.[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{0,2000}(?![A-Za-z0-9_-])/g,
    valid: (m) => decodesToJwtHeader(m[1]!),
  },
  {
    // Looked for from its `://` (a literal the engine finds fast), the scheme checked behind it.
    kind: 'connection-string',
    pattern:
      /(?<=(?<![A-Za-z0-9+])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|redshift|cockroachdb|clickhouse)(?:\+[a-z0-9]{1,20})?):\/\/[^\s:/@'"]{0,256}:([^\s@/'"]{1,256})@[^\s'"<>]{0,2048}/gi,
    valid: (m) => !placeholderPassword.test(m[1]!),
    startOf: (m) => {
      let start = m.index;
      while (start > 0 && start > m.index - 30 && /[A-Za-z0-9+]/.test(m.input[start - 1]!)) start--;
      return start;
    },
  },
  {
    // ADO.NET / ODBC: a Password=… with a Server=…; (or Data Source, Host, Address) before it on its line.
    kind: 'connection-string',
    pattern: /(?<![A-Za-z0-9_])(?:Password|Pwd)\s{0,4}=\s{0,4}([^;'"\s]{1,256});?/gi,
    valid: (m) => !placeholderPassword.test(m[1]!) && serverBefore.test(lineBefore(m)),
  },
  // Personal data (opt-in).
  {
    kind: 'phone',
    personal: true,
    // Chinese mobiles (with or without +86), and international numbers written with a leading +.
    pattern:
      /(?<![0-9A-Za-z+])(?:(?:\+?86[- ]?)?1[3-9][0-9]{9}|\+[1-9][0-9]{0,2}[- ]?\(?[0-9]{1,4}\)?(?:[- ]?[0-9]{2,4}){2,4})(?![0-9])/g,
    valid: (m) => m[0].replace(/[^0-9]/g, '').length >= 9,
  },
  {
    kind: 'cn-id',
    personal: true,
    pattern:
      /(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])/g,
    valid: (m) => cnIdChecksumOk(m[0]),
  },
  {
    kind: 'card-number',
    personal: true,
    pattern: /(?<![0-9A-Za-z.-])[2-6](?:[0-9][ -]?){11,17}[0-9](?![0-9A-Za-z]|[.-][0-9])/g,
    valid: (m) => {
      const digits = m[0].replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && !/^(.)\1+$/.test(digits) && luhnOk(digits);
    },
  },
];

/** ISO 7064 MOD 11-2, as GB 11643 uses for the 18th character of a resident ID number. */
export function cnIdChecksumOk(id: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i]!;
  const check = '10X98765432'[sum % 11];
  return id[17]!.toUpperCase() === check;
}

export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
