import { ParleyError } from '../../../shared/errors.ts';

/** Where a page of the conversation list ended: pinned first, then updated desc, then id desc. */
export interface ListPosition {
  pinned: number;
  updatedAt: number;
  id: string;
}

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.pinned, position.updatedAt, position.id])).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): ListPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      (value[0] === 0 || value[0] === 1) &&
      Number.isFinite(value[1]) &&
      typeof value[2] === 'string'
    ) {
      return { pinned: value[0], updatedAt: value[1], id: value[2] };
    }
  } catch {
    // fall through
  }
  throw new ParleyError({
    code: 'invalid_input',
    message: 'That page of the list is no longer valid. Reload the list.',
  });
}
