/** GET /v1/models as api.openai.com answers it. */
import type { Exchange } from './http.ts';
import { sendJson } from './http.ts';
import { openAiErrorFields, openAiHeaders, refuseOpenAiKey, sendOpenAiError } from './openai.ts';

const MODELS = [
  { id: 'gpt-4o', created: 1715367049, owned_by: 'system' },
  { id: 'gpt-4o-mini', created: 1721172741, owned_by: 'system' },
  { id: 'o3-mini', created: 1737146383, owned_by: 'system' },
  { id: 'mock-model', created: 1735689600, owned_by: 'parley-mock' },
  { id: 'mock-reasoner', created: 1735689600, owned_by: 'parley-mock' },
];

/** GET /v1/models and GET /v1/models/{id}. */
export function handleOpenAiModels(ex: Exchange, id?: string): Promise<void> {
  const denied = refuseOpenAiKey(ex);
  if (denied) return denied;
  if (id === undefined) {
    return sendJson(ex, 200, openAiHeaders(ex, 200), {
      object: 'list',
      data: MODELS.map((m) => ({ ...m, object: 'model' })),
    });
  }
  const model = MODELS.find((m) => m.id === id);
  if (!model) return sendOpenAiError(ex, 404, openAiErrorFields(404, {}, id), {});
  return sendJson(ex, 200, openAiHeaders(ex, 200), { ...model, object: 'model' });
}
