import { createHash } from 'node:crypto';

/**
 * The name a model sees for a server's tool: `server__tool`, in the characters every API takes
 * (`^[a-zA-Z0-9_-]{1,64}$`). A name that had to be changed or cut keeps a short hash of the
 * original, so two tools never share a name.
 */

const LIMIT = 64;

export function modelToolName(server: string, tool: string): string {
  const plain = `${server}__${tool}`;
  const safe = plain.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (safe === plain && safe.length <= LIMIT) return safe;
  const hash = createHash('sha256').update(plain).digest('hex').slice(0, 8);
  return `${safe.slice(0, LIMIT - 9)}_${hash}`;
}
