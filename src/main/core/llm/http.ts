import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { request, type Dispatcher } from './undici-parts.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';

/** One HTTP exchange over a pooled undici dispatcher, with the three timeouts and transparent decompression. */

export interface HttpTimeouts {
  /** Opening the TCP/TLS connection (enforced by the dispatcher). */
  connectMs: number;
  /** From sending the request to the response headers. */
  headersMs: number;
  /** The longest silence between two pieces of the body. */
  idleMs: number;
}

/**
 * Generous defaults: a model may think for minutes before (or between) tokens. Models known to reason
 * get twice as long; a provider's own settings override either.
 */
export const defaultTimeouts: HttpTimeouts = { connectMs: 15_000, headersMs: 300_000, idleMs: 300_000 };
export const reasoningTimeouts: HttpTimeouts = { connectMs: 15_000, headersMs: 600_000, idleMs: 600_000 };

export function timeoutsFor(provider: Pick<ProviderConfig, 'timeouts'>, reasoning = false): HttpTimeouts {
  return { ...(reasoning ? reasoningTimeouts : defaultTimeouts), ...provider.timeouts };
}

export type HeaderBag = Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export interface HttpReply {
  status: number;
  headers: HeaderBag;
  contentType: string | undefined;
  /** The decoded body; destroy it to give up on the reply. */
  body: Readable;
}

export interface HttpCallOptions {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  dispatcher: Dispatcher;
  signal?: AbortSignal;
  timeouts: HttpTimeouts;
}

function decode(body: Readable, encoding: string | undefined): Readable {
  const kind = encoding?.trim().toLowerCase();
  const decoder =
    kind === 'gzip' || kind === 'x-gzip'
      ? createGunzip()
      : kind === 'deflate'
        ? createInflate()
        : kind === 'br'
          ? createBrotliDecompress()
          : null;
  if (!decoder) return body;
  return pipeline(body, decoder, () => undefined);
}

export async function send(options: HttpCallOptions): Promise<HttpReply> {
  const reply = await request(options.url, {
    method: options.method,
    headers: options.headers,
    body: options.body,
    dispatcher: options.dispatcher,
    signal: options.signal,
    headersTimeout: options.timeouts.headersMs,
    bodyTimeout: options.timeouts.idleMs,
  });
  const headers = reply.headers as HeaderBag;
  return {
    status: reply.statusCode,
    headers,
    contentType: headerValue(headers, 'content-type')?.toLowerCase(),
    body: decode(reply.body as unknown as Readable, headerValue(headers, 'content-encoding')),
  };
}

/** Reads a body as text up to `limit` characters, then lets the rest go. */
export async function readText(body: Readable, limit = 64 * 1024): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body) {
    text += decoder.decode(chunk as Uint8Array, { stream: true });
    if (text.length >= limit) {
      body.destroy();
      return text.slice(0, limit);
    }
  }
  return text + decoder.decode();
}
