/**
 * A local stand-in for OpenAI, Azure OpenAI and Anthropic chat APIs, speaking their wire formats
 * (bodies, SSE, errors, headers) and injecting the network faults real clients meet.
 */
import { handleModeration } from './moderation.ts';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiKind, MockScript, MockServer, MockServerOptions, RecordedRequest } from './types.ts';
import type { Exchange } from './http.ts';
import { header, readBody, sendHtmlError, sendJson } from './http.ts';
import { TokenStore, handleTokenRequest } from './oauth.ts';
import { handleOpenAiChat, openAiErrorFields, sendOpenAiError } from './openai.ts';
import { handleOpenAiModels } from './openai-models.ts';
import { scriptFits } from './auth.ts';
import { handleAzureChat, handleAzureModels, sendAzureError } from './azure.ts';
import {
  handleAnthropicMessages,
  handleAnthropicModels,
  sendAnthropicError,
  sendAnthropicScriptedError,
} from './anthropic.ts';
import { sleep } from './wire.ts';
import { defaultTitle, isTitleRequest } from './titles.ts';

export type { MockScript, MockServer, MockServerOptions, RecordedRequest } from './types.ts';

const AZURE_CHAT = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

function classify(req: IncomingMessage, path: string): ApiKind {
  if (path.startsWith('/openai/')) return 'azure';
  if (path === '/oauth/token') return 'oauth';
  if (path === '/v1/chat/completions') return 'openai';
  if (
    path === '/v1/messages' ||
    (path.startsWith('/v1/') && (req.headers['x-api-key'] || req.headers['anthropic-version']))
  ) {
    return 'anthropic';
  }
  if (path.startsWith('/v1/')) return 'openai';
  return 'other';
}

/** JSON everywhere (as the real APIs parse it whatever the content-type), except OAuth's form. */
function parseBody(raw: string, contentType: string, path: string): { body: unknown; badJson: boolean } {
  if (!raw) return { body: undefined, badJson: false };
  if (path === '/oauth/token' && !contentType.includes('application/json')) {
    return { body: Object.fromEntries(new URLSearchParams(raw)), badJson: false };
  }
  try {
    return { body: JSON.parse(raw), badJson: false };
  } catch {
    return { body: raw, badJson: true };
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(req.headers)) out[name] = header(req, name)!;
  return out;
}

const CONTROL_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
};

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const startupDefaults: Partial<MockScript> = { ...options.defaults };
  let defaults: Partial<MockScript> = {};
  const queue: MockScript[] = [];
  const titleQueue: MockScript[] = [];
  const requests: RecordedRequest[] = [];
  const titleRequests: RecordedRequest[] = [];
  const tokens = new TokenStore();
  /** Words `/v1/moderations` flags, with their categories (moderation.ts). */
  const flagWords = new Map<string, string[]>();
  const policy = { apiKeys: options.apiKeys ? new Set(options.apiKeys) : undefined, tokens };
  const textOnlyModels = new Set(options.textOnlyModels ?? []);
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  let seq = 0;
  let served = 0;
  const inFlight = { now: 0, max: 0 };

  // Title requests have their own queue, so a title never takes the script meant for an answer.
  const nextScript = (ex: Exchange): MockScript =>
    isTitleRequest(ex.body)
      ? { ...startupDefaults, ...defaults, text: defaultTitle(ex.body), ...(titleQueue.shift() ?? {}) }
      : { ...startupDefaults, ...defaults, ...takeScript(ex) };
  /** The first queued script for the request's model and key (or for any). */
  const takeScript = (ex: Exchange): MockScript => {
    const model = (ex.body as { model?: unknown } | undefined)?.model;
    const index = queue.findIndex((s) => scriptFits(s, model, ex.req.headers));
    return index < 0 ? {} : queue.splice(index, 1)[0]!;
  };

  const reset = () => {
    queue.length = 0;
    titleQueue.length = 0;
    requests.length = 0;
    titleRequests.length = 0;
    inFlight.max = inFlight.now;
    defaults = {};
    flagWords.clear();
    tokens.reset();
  };

  /** A model request: the script's status/delay first, then the provider's own checks and answer. */
  async function modelRequest(
    ex: Exchange,
    run: (script: MockScript) => Promise<void>,
    onError: (status: number, script: MockScript) => Promise<void>,
  ): Promise<void> {
    const script = nextScript(ex);
    ex.served = ++served;
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    ex.res.once('close', () => inFlight.now--);
    if (script.delayBeforeHeadersMs) await sleep(script.delayBeforeHeadersMs, ex.signal);
    if (ex.signal.aborted) return;
    if (script.status !== undefined && (script.status < 200 || script.status >= 300)) {
      return script.html ? sendHtmlError(ex, script.status, script) : onError(script.status, script);
    }
    return run(script);
  }

  async function control(ex: Exchange, path: string): Promise<void> {
    const method = ex.req.method ?? 'GET';
    if (method === 'OPTIONS') {
      ex.res.writeHead(204, CONTROL_CORS).end();
      return;
    }
    const ok = (body: unknown = { ok: true }) => sendJson(ex, 200, CONTROL_CORS, body);
    if (method === 'GET' && path === '/__mock/requests') return ok(requests);
    if (method === 'GET' && path === '/__mock/title-requests') return ok(titleRequests);
    if (method === 'POST' && (path === '/__mock/enqueue' || path === '/__mock/enqueue-title')) {
      const scripts = Array.isArray(ex.body) ? ex.body : ex.body ? [ex.body] : [];
      const target = path === '/__mock/enqueue' ? queue : titleQueue;
      target.push(...(scripts as MockScript[]));
      return ok({ ok: true, queued: target.length });
    }
    if (method === 'POST' && path === '/__mock/defaults') {
      defaults = { ...((ex.body as Partial<MockScript>) ?? {}) };
      return ok();
    }
    if (method === 'POST' && path === '/__mock/reset') {
      reset();
      return ok();
    }
    if (method === 'POST' && path === '/__mock/moderation') {
      for (const [word, categories] of Object.entries((ex.body as Record<string, string[]>) ?? {}))
        flagWords.set(word, categories);
      return ok();
    }
    if (method === 'POST' && path === '/__mock/oauth') {
      const seconds = (ex.body as { expiresIn?: unknown } | undefined)?.expiresIn;
      if (typeof seconds !== 'number')
        return sendJson(ex, 400, CONTROL_CORS, { error: 'expiresIn (seconds) is required' });
      tokens.expireNext(seconds);
      return ok();
    }
    return sendJson(ex, 404, CONTROL_CORS, { error: `Unknown control ${method} ${path}` });
  }

  async function route(ex: Exchange, api: ApiKind, path: string): Promise<void> {
    const method = ex.req.method ?? 'GET';
    const model = (ex.body as { model?: unknown } | undefined)?.model;
    const modelName = typeof model === 'string' ? model : undefined;
    if (method === 'POST' && path === '/v1/chat/completions') {
      return modelRequest(
        ex,
        (s) => handleOpenAiChat(ex, s),
        (status, s) => sendOpenAiError(ex, status, openAiErrorFields(status, s, modelName), s),
      );
    }
    if (method === 'POST' && path === '/v1/messages') {
      return modelRequest(
        ex,
        (s) => handleAnthropicMessages(ex, s),
        (status, s) => sendAnthropicScriptedError(ex, status, s),
      );
    }
    const azure = AZURE_CHAT.exec(path);
    if (method === 'POST' && azure) {
      const deployment = decodeURIComponent(azure[1] ?? '');
      return modelRequest(
        ex,
        (s) => handleAzureChat(ex, s, deployment),
        (status, s) => sendAzureError(ex, status, s, deployment),
      );
    }
    if (method === 'GET' && path === '/openai/models') return handleAzureModels(ex);
    if (method === 'GET' && path === '/v1/models')
      return api === 'anthropic' ? handleAnthropicModels(ex) : handleOpenAiModels(ex);
    if (method === 'GET' && path.startsWith('/v1/models/') && api === 'openai') {
      return handleOpenAiModels(ex, decodeURIComponent(path.slice('/v1/models/'.length)));
    }
    if (method === 'POST' && path === '/oauth/token') return handleTokenRequest(ex, tokens);
    if (method === 'POST' && path === '/v1/moderations' && api === 'openai')
      return handleModeration(ex, flagWords);
    if (api === 'anthropic')
      return sendAnthropicError(ex, 404, { type: 'not_found_error', message: 'Not Found' }, {});
    if (api === 'azure')
      return sendJson(ex, 404, {}, { error: { code: '404', message: 'Resource not found' } });
    const fields = {
      message: `Invalid URL (${method} ${path})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    };
    return sendOpenAiError(ex, 404, fields, {});
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const raw = await readBody(req);
    const { body, badJson } = parseBody(raw, header(req, 'content-type') ?? '', path);
    // Ends this request's streaming, stalls and delays when the client goes or the server closes.
    const aborted = new AbortController();
    const abort = () => aborted.abort();
    closing.signal.addEventListener('abort', abort, { once: true });
    res.on('close', () => {
      closing.signal.removeEventListener('abort', abort);
      abort();
    });
    const ex: Exchange = {
      req,
      res,
      url,
      body,
      badJson,
      seq: ++seq,
      signal: aborted.signal,
      policy,
      served,
      textOnlyModels,
    };
    if (path.startsWith('/__mock/')) return control(ex, path);
    const api = classify(req, path);
    (isTitleRequest(body) ? titleRequests : requests).push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(req),
      body,
      api,
      receivedAt: Date.now(),
    });
    return route(ex, api, path);
  }

  // Idle connections stay open longer than the client keeps them (as the real APIs' do), so the
  // client always closes an idle one first. With Node's default of 5 s, a request on a reused
  // connection could meet the server's close on a loaded machine ("closed unexpectedly").
  const server = createServer(
    { noDelay: true, keepAliveTimeout: 65_000, headersTimeout: 66_000 },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJsonSafe(res, error);
        else res.destroy();
      });
    },
  );
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    titleRequests,
    inFlight,
    enqueue: (...scripts) => void queue.push(...scripts),
    enqueueTitle: (...scripts) => void titleQueue.push(...scripts),
    flagModeration: (word, categories) => void flagWords.set(word, categories),
    setDefaults: (next) => void (defaults = { ...next }),
    reset,
    expireNextToken: (seconds) => tokens.expireNext(seconds),
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A bug in the mock itself: say so plainly rather than hang the client. */
function sendJsonSafe(res: ServerResponse, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  res.writeHead(500, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      error: { message: `Mock server bug: ${message}`, type: 'mock_error', param: null, code: null },
    }),
  );
}
