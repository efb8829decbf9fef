import { ParleyError } from '../../../shared/errors.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import { dataUrl } from './adapters/parts.ts';
import { joinUrl } from './adapters/types.ts';
import type { Authenticator } from './auth.ts';
import type { DispatcherPool } from './dispatchers.ts';
import { appError } from './errors.ts';
import { callJson } from './json-call.ts';

/**
 * OpenAI's moderation endpoint (`POST {base}/moderations`, `omni-moderation-latest` by default):
 * text and images in, the flagged categories out. Sent like any request to the provider (its
 * proxy, its key). An image goes in a request of its own, as the API takes one image per input.
 */

export interface ModerationRequest {
  model: string;
  text: string;
  images: { mime: string; data: string }[];
}

/** Quick checks: a moderation that does not answer soon is reported, not waited for. */
const timeouts = { connectMs: 10_000, headersMs: 30_000, idleMs: 30_000 };

type Input = ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[];

export async function moderate(
  deps: { routes: DispatcherPool; auth: Authenticator },
  provider: ProviderConfig,
  request: ModerationRequest,
  signal?: AbortSignal,
): Promise<{ flagged: boolean; categories: string[] }> {
  if (provider.kind === 'anthropic' || provider.kind === 'azure')
    throw new ParleyError(
      appError(
        'bad_request',
        `${provider.name} has no moderation service. Choose an OpenAI provider for moderation in Settings.`,
      ),
    );
  const inputs: Input[] = [];
  const [first, ...rest] = request.images.map((image) => ({
    type: 'image_url' as const,
    image_url: { url: dataUrl(image.mime, image.data) },
  }));
  if (request.text.trim()) inputs.push([{ type: 'text', text: request.text }, ...(first ? [first] : [])]);
  else if (first) inputs.push([first]);
  for (const image of rest) inputs.push([image]);
  const categories = new Set<string>();
  let flagged = false;
  for (const input of inputs) {
    const reply = await callJson(
      deps,
      provider,
      {
        url: joinUrl(provider.baseUrl, 'moderations'),
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ model: request.model, input }),
        timeouts,
        unreadable: 'a moderation result',
      },
      signal,
    );
    const results = (reply as { results?: unknown }).results;
    if (!Array.isArray(results))
      throw new ParleyError(
        appError('server_error', `${provider.name} sent a moderation result that could not be read.`),
      );
    for (const result of results as { flagged?: unknown; categories?: Record<string, unknown> }[]) {
      if (result?.flagged === true) flagged = true;
      for (const [name, on] of Object.entries(result?.categories ?? {}))
        if (on === true) categories.add(name);
    }
  }
  return { flagged, categories: [...categories] };
}
