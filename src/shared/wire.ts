import type { Envelope, EventName } from './contract.ts';
import { IMPORT_CHUNK_BYTES } from './contract.ts';

/**
 * How the contract crosses each transport, declared once for both ends: the Electron IPC
 * channels (main's binding and the preload) and the browser edition's WebSocket frames and
 * paths (the host and the page's bridge).
 */

/** Electron IPC: one invoke channel for every request, one channel for events. */
export const REQUEST_CHANNEL = 'parley:request';
export const EVENT_CHANNEL = 'parley:event';

/** Browser edition: the authenticated WebSocket, and where a page asks whether its token is still valid. */
export const SOCKET_PATH = '/ws';
export const SESSION_PATH = '/session';

/** Page -> host. */
export type ClientFrame = { t: 'req'; id: number; name: string; input: unknown };
/** Host -> page: a request's answer, or an event. */
export type ServerFrame =
  { t: 'res'; id: number; envelope: Envelope<unknown> } | { t: 'evt'; name: EventName; payload: unknown };

/**
 * The largest frame the host accepts. The largest legitimate one is an import chunk
 * (IMPORT_CHUNK_BYTES in base64, about 1.4 MB) or a 200,000-character message written as JSON
 * `\uXXXX` escapes (1.2 MB); the cap leaves room for both, and larger frames close the socket
 * with 1009 ("Message too big") before they are buffered.
 */
export const MAX_FRAME_BYTES = 4 * IMPORT_CHUNK_BYTES;

/** Reads one page -> host frame; anything else is null (the host then closes the socket with 1007). */
export function parseClientFrame(text: string): ClientFrame | null {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { t, id } = frame as Partial<ClientFrame>;
  return t === 'req' && Number.isSafeInteger(id) ? (frame as ClientFrame) : null;
}
