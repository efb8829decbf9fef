import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/** How the vault's key is derived from the passphrase; stored in the vault file beside the salt. */
export interface KdfParams {
  name: 'scrypt';
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
  /** base64 of 16 random bytes, new for each vault. */
  salt: string;
}

/** About 32 MiB and a fraction of a second per derivation: the cost of every guess. */
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function newKdfParams(): KdfParams {
  return { name: 'scrypt', ...DEFAULT_COST, salt: randomBytes(16).toString('base64') };
}

/**
 * The params a file may ask for, checked before any work: a damaged or hostile file must not make
 * scrypt run for hours or take gigabytes.
 */
export function isKdfParams(value: unknown): value is KdfParams {
  const v = value as Partial<KdfParams> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.name === 'scrypt' &&
    Number.isInteger(v.N) &&
    v.N! >= 2 ** 10 &&
    v.N! <= 2 ** 20 &&
    (v.N! & (v.N! - 1)) === 0 &&
    Number.isInteger(v.r) &&
    v.r! >= 1 &&
    v.r! <= 32 &&
    Number.isInteger(v.p) &&
    v.p! >= 1 &&
    v.p! <= 16 &&
    typeof v.salt === 'string' &&
    Buffer.from(v.salt, 'base64').length >= 16
  );
}

/** The AES-256 key for a passphrase (scrypt, off the main thread). */
export function deriveKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(params.salt, 'base64'),
      KEY_BYTES,
      { N, r, p, maxmem: 256 * N * r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * AES-256-GCM with a fresh random IV each time; `context` (the account name) is authenticated with
 * it, so a sealed value cannot be moved to another account. Returns `iv.tag.ciphertext` in base64.
 */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

/** Opens what `seal` made; throws when the key, the context or a byte differs (the tag does not match). */
export function unseal(key: Buffer, sealed: string, context: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !data || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new Error('The sealed value is not in the vault format.');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}
