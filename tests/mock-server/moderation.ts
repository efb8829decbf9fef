/**
 * OpenAI's moderation endpoint (`POST /v1/moderations`) as the real one answers: `id`, `model`,
 * one result per input (a string, each string of an array, or one for an array of text and image
 * parts), each with every category key, scores and the input types each category was judged on.
 *
 * What is flagged: text containing `FLAG:<category>` (e.g. `FLAG:harassment`, `FLAG:self-harm/intent`;
 * the window's own e2e tests type it), words configured with `flagWords` (`mock.flagModeration(
 * 'word', ['harassment'])`, or `POST /__mock/moderation {"word": ["harassment"]}`); an image whose
 * data URL contains `FLAG` is flagged for `sexual`. Text containing `MODERATION_DOWN` is answered
 * with OpenAI's 503, so a failed check can be tested.
 */
import type { Exchange } from './http.ts';
import { sendJson } from './http.ts';
import { ids } from './ids.ts';
import { openAiHeaders, refuseOpenAiKey, sendOpenAiError } from './openai.ts';

export const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

/** Categories judged on images as well as text (the others on text only), as OpenAI documents. */
const IMAGE_CATEGORIES = new Set([
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'violence',
  'violence/graphic',
]);

type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

function invalid(ex: Exchange, message: string): Promise<void> {
  return sendOpenAiError(ex, 400, { message, type: 'invalid_request_error', param: 'input', code: null }, {});
}

function resultFor(text: string, images: string[], flagWords: ReadonlyMap<string, string[]>) {
  const flagged = new Set<string>();
  const lower = text.toLowerCase();
  for (const m of text.matchAll(/FLAG:([a-z/-]+)/g))
    if ((MODERATION_CATEGORIES as readonly string[]).includes(m[1]!)) flagged.add(m[1]!);
  for (const [word, categories] of flagWords)
    if (lower.includes(word.toLowerCase())) categories.forEach((c) => flagged.add(c));
  const imageFlagged = images.some((url) => url.includes('FLAG'));
  if (imageFlagged) flagged.add('sexual');
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, string[]> = {};
  for (const c of MODERATION_CATEGORIES) {
    categories[c] = flagged.has(c);
    scores[c] = flagged.has(c) ? 0.9731 : 0.0000123;
    applied[c] =
      images.length > 0 && IMAGE_CATEGORIES.has(c)
        ? text
          ? ['text', 'image']
          : ['image']
        : text
          ? ['text']
          : [];
  }
  return {
    flagged: flagged.size > 0,
    categories,
    category_scores: scores,
    category_applied_input_types: applied,
  };
}

export function handleModeration(ex: Exchange, flagWords: ReadonlyMap<string, string[]>): Promise<void> {
  const denied = refuseOpenAiKey(ex);
  if (denied) return denied;
  const body = ex.body as { model?: unknown; input?: unknown } | undefined;
  const model = typeof body?.model === 'string' ? body.model : 'omni-moderation-latest';
  const input = body?.input;
  let results: ReturnType<typeof resultFor>[];
  let all: string;
  if (typeof input === 'string') {
    all = input;
    results = [resultFor(input, [], flagWords)];
  } else if (Array.isArray(input) && input.every((i) => typeof i === 'string')) {
    all = input.join('\n');
    results = input.map((i: string) => resultFor(i, [], flagWords));
  } else if (Array.isArray(input) && input.length > 0) {
    const parts = input as Part[];
    const texts: string[] = [];
    const images: string[] = [];
    for (const part of parts) {
      if (part?.type === 'text' && typeof part.text === 'string') texts.push(part.text);
      else if (part?.type === 'image_url' && typeof part.image_url?.url === 'string')
        images.push(part.image_url.url);
      else return invalid(ex, "Invalid value for 'input': each part must be a text or an image_url.");
    }
    if (images.length > 1) return invalid(ex, 'Only one image can be moderated per request.');
    all = texts.join('\n');
    results = [resultFor(all, images, flagWords)];
  } else
    return invalid(
      ex,
      "Invalid value for 'input': expected a string, an array of strings, or an array of parts.",
    );
  if (all.includes('MODERATION_DOWN'))
    return sendOpenAiError(
      ex,
      503,
      {
        message: 'The server is overloaded or not ready yet.',
        type: 'server_error',
        param: null,
        code: null,
      },
      {},
    );
  const id = `modr-${ids.openAiRequest(ex.seq).slice(4, 36)}`;
  return sendJson(ex, 200, openAiHeaders(ex, 200), {
    id,
    model: model === 'omni-moderation-latest' ? 'omni-moderation-latest' : model,
    results,
  });
}
