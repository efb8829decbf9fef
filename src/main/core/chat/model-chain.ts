import { ParleyError } from '../../../shared/errors.ts';
import type { ModelRef, ProviderConfig } from '../../../shared/providers.ts';
import { modelCapabilities } from '../llm/capabilities.ts';
import { carriesImages } from './attachment-parts.ts';
import type { PlannedMessage } from './request-context.ts';
import type { ChatHistory, ModelSettings } from './chat-ports.ts';

/** The models an answer asks, in order: the one chosen, then the failover chain. */
export type Chain = { provider: ProviderConfig; model: string }[];

/**
 * The model an answer in a conversation uses: the one asked for, else the conversation's own (the
 * one its last answer used), else the default. A conversation's model that is no longer set up is
 * refused in plain words, never silently replaced.
 */
export function chainFor(
  deps: { history: Pick<ChatHistory, 'open'>; settings: () => ModelSettings },
  conversationId: string | null,
  model: ModelRef | null,
): Chain {
  const settings = deps.settings();
  if (model || conversationId === null) return resolveChain(settings, model);
  const conversation = deps.history.open(conversationId);
  if (!conversation.providerId || !conversation.model) return resolveChain(settings, null);
  const own = { providerId: conversation.providerId, model: conversation.model };
  const provider = settings.providers.find((p) => p.id === own.providerId);
  if (!provider || (provider.models.length > 0 && !provider.models.includes(own.model))) {
    throw new ParleyError({
      code: 'not_found',
      message: `This conversation's model (${own.model} · ${provider?.name ?? own.providerId}) is no longer set up. Choose another model for it.`,
    });
  }
  return resolveChain(settings, own);
}

/** `model` (else the default model) first, then the failover chain; refused when its provider is gone. */
export function resolveChain(settings: ModelSettings, model: ModelRef | null): Chain {
  const primary = model ?? settings.defaultModel;
  if (!primary) {
    throw new ParleyError({
      code: 'invalid_input',
      message: 'Choose a model in Settings before sending.',
      reason: 'no_model',
    });
  }
  const refs = [primary, ...settings.failoverChain.filter((ref) => !sameRef(ref, primary))];
  const chain = refs.flatMap((ref) => {
    const provider = settings.providers.find((p) => p.id === ref.providerId);
    return provider ? [{ provider, model: ref.model }] : [];
  });
  if (!chain.length || chain[0]!.provider.id !== primary.providerId) {
    throw new ParleyError({
      code: 'not_found',
      message: `The provider "${primary.providerId}" is not set up. Add it in Settings.`,
    });
  }
  return chain;
}

/**
 * The chain for a request's messages: checked before anything is stored or sent, so a model is never
 * sent images it cannot read. When they carry images, the model asked that cannot read them is
 * refused in plain words; a failover model that cannot is skipped.
 */
export function chainForInputs(
  settings: ModelSettings,
  chain: Chain,
  messages: readonly PlannedMessage[],
): Chain {
  if (!carriesImages(messages)) return chain;
  const reads = (link: Chain[number]) =>
    modelCapabilities(link.provider, link.model, settings.modelOverrides).inputs.images;
  const first = chain[0]!;
  if (!reads(first)) {
    throw new ParleyError({
      code: 'invalid_input',
      reason: 'model_no_images',
      params: { model: first.model },
      message: `${first.model} cannot read images. Pick a model that can, or remove the image.`,
    });
  }
  return chain.filter(reads);
}

function sameRef(a: ModelRef, b: ModelRef): boolean {
  return a.providerId === b.providerId && a.model === b.model;
}
