import { z } from 'zod';

/**
 * What a person adds to a provider's requests (issue 12, provider extras): custom headers and extra
 * request-body JSON. The rules live here so the settings, the CLI and the UI refuse the same things.
 */

/** Headers Parley sets itself or that belong to the connection: never taken from a person. */
export const forbiddenHeaderNames: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'host',
  'content-length',
  'content-type',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'cookie',
  'accept-encoding',
];

/** RFC 9110 `token`: the characters a header name may have. */
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const headerNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the header a name.')
  .max(100, 'A header name has at most 100 characters.')
  .regex(
    HEADER_TOKEN,
    "A header name has only letters, digits and - _ . ! # $ % & ' * + ^ ` | ~ (no spaces or colons).",
  )
  .superRefine((name, context) => {
    if (forbiddenHeaderNames.includes(name.toLowerCase()))
      context.addIssue({
        code: 'custom',
        message: `Parley sets ${name} itself; it cannot be a custom header.`,
      });
  });

/** A header value: visible characters and spaces (HTTP carries Latin-1 only), no line breaks. */
export const headerValueSchema = z
  .string()
  .max(4000, 'A header value has at most 4000 characters.')
  .regex(
    /^[\t\x20-\x7e\x80-\xff]*$/,
    'A header value cannot hold line breaks, control characters or characters beyond Latin-1.',
  );

/**
 * One custom header. A secret one (a credential) keeps its value in the keychain, not here: `value`
 * is then empty in settings, and the value is given once, when saved.
 */
export const providerHeaderSchema = z
  .object({
    name: headerNameSchema,
    value: headerValueSchema.default(''),
    secret: z.boolean().default(false),
  })
  .strict();
export type ProviderHeader = z.infer<typeof providerHeaderSchema>;

export const providerHeadersSchema = z
  .array(providerHeaderSchema)
  .max(20, 'A provider has at most 20 custom headers.')
  .superRefine((headers, context) => {
    const seen = new Set<string>();
    for (const [index, header] of headers.entries()) {
      const name = header.name.toLowerCase();
      if (seen.has(name))
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `${header.name} is given twice.`,
        });
      seen.add(name);
    }
  });

/** Fields extra body JSON may never set: Parley builds the request from them. */
export const reservedBodyFields: readonly string[] = ['model', 'messages', 'stream'];

const EXTRA_BODY_MAX_CHARS = 20_000;

export const extraBodySchema = z
  .record(z.string().min(1).max(100), z.unknown())
  .superRefine((body, context) => {
    const reserved = Object.keys(body).filter((field) => reservedBodyFields.includes(field));
    if (reserved.length)
      context.addIssue({
        code: 'custom',
        message: `Extra JSON cannot set ${reserved.join(', ')}: Parley sets model, messages and stream itself.`,
      });
    if (JSON.stringify(body).length > EXTRA_BODY_MAX_CHARS)
      context.addIssue({
        code: 'custom',
        message: `Extra JSON is limited to ${EXTRA_BODY_MAX_CHARS} characters.`,
      });
  });
export type ExtraBody = z.infer<typeof extraBodySchema>;

/** `Name: value` (the CLI's --header): the header, or a message in plain words. */
export function parseHeaderLine(line: string): { header: ProviderHeader } | { error: string } {
  const colon = line.indexOf(':');
  if (colon <= 0) return { error: `"${line}" is not a header: write it as "Name: value".` };
  const parsed = providerHeaderSchema.safeParse({
    name: line.slice(0, colon),
    value: line.slice(colon + 1).trim(),
  });
  if (!parsed.success)
    return { error: parsed.error.issues[0]?.message ?? `"${line}" is not a valid header.` };
  return { header: parsed.data };
}

/** Extra body JSON typed by a person: the object, or a message in plain words. */
export function parseExtraBody(text: string): { body: ExtraBody } | { error: string } {
  if (!text.trim()) return { body: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'This is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'Extra JSON must be an object, like {"enable_thinking": false}.' };
  const parsed = extraBodySchema.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'This extra JSON is not allowed.' };
  return { body: parsed.data };
}

/** Why a header row cannot be saved, as a code the UI words in its language; null when it can. */
export type HeaderProblem = 'name' | 'forbidden' | 'value' | 'twice';

export function headerProblems(headers: readonly ProviderHeader[]): (HeaderProblem | null)[] {
  const names = headers.map((header) => header.name.trim().toLowerCase());
  return headers.map((header, index) => {
    if (!HEADER_TOKEN.test(header.name.trim()) || header.name.trim().length > 100) return 'name';
    if (forbiddenHeaderNames.includes(names[index]!)) return 'forbidden';
    if (!headerValueSchema.safeParse(header.value).success) return 'value';
    return names.indexOf(names[index]!) !== index ? 'twice' : null;
  });
}

/** Why extra body JSON typed by a person cannot be saved, as a code; null when it can. */
export type ExtraBodyProblem = 'json' | 'object' | 'reserved' | 'size';

export function extraBodyProblem(text: string): ExtraBodyProblem | null {
  if (!text.trim()) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'json';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'object';
  if (Object.keys(value).some((field) => reservedBodyFields.includes(field))) return 'reserved';
  return JSON.stringify(value).length > EXTRA_BODY_MAX_CHARS ? 'size' : null;
}
