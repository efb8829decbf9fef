import type { ProviderKind } from '../../../../shared/providers.ts';
import { anthropicAdapter } from './anthropic.ts';
import { openAiAdapter } from './openai.ts';
import type { ProviderAdapter } from './types.ts';

export function adapterFor(kind: ProviderKind): ProviderAdapter {
  return kind === 'anthropic' ? anthropicAdapter : openAiAdapter;
}
