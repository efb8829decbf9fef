/**
 * What leaves Parley in an error detail (the UI, the history, backups) never carries a secret: each
 * known secret is removed in every form a server may echo it in, key-shaped text is removed too, and
 * only then is the text shortened.
 */

const DETAIL_LIMIT = 1000;
const PLACEHOLDER = '[redacted]';
/** Key-shaped text (OpenAI, Anthropic and bearer tokens), even when the key itself is not known here. */
const KEY_SHAPES = /\b(sk-(?:ant-)?|sk_|Bearer\s+|Basic\s+)[A-Za-z0-9_\-.*+/=]{8,}/g;
/** Shorter encoded stretches could occur by chance; these reveal at most a couple of bytes. */
const MIN_ENCODED = 6;

/**
 * The forms a secret can take in text a server sends back: as is, URL- and form-encoded, and base64
 * (standard and URL-safe) at each of the three byte alignments it can have inside a longer encoding
 * (e.g. `Basic base64(user:password)`): for each, the stretch of characters that depends only on the secret.
 */
function secretForms(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Drop the group that mixes in the bytes before, and the one that mixes in the bytes after.
    const start = offset === 0 ? 0 : 4;
    const end = (offset + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 4;
    const core = encoded.slice(start, end);
    if (core.length >= MIN_ENCODED) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((form) => form.length >= 4);
}

/**
 * Removes secrets (their exact values and encoded forms) and anything shaped like an API key from text
 * meant for people. Always before shortening: a cut must never leave the start of a secret behind.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const forms = secrets.flatMap(secretForms).sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join(PLACEHOLDER);
  return out.replace(KEY_SHAPES, `$1${PLACEHOLDER}`);
}

function shorten(text: string, limit = DETAIL_LIMIT): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean;
}

/** A detail fit to show and keep: redacted first, then shortened. */
export function cleanDetail(text: string, secrets: readonly string[] = [], limit = DETAIL_LIMIT): string {
  return shorten(redact(text, secrets), limit);
}
