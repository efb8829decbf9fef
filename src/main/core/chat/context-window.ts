import type { ModelOverrides } from '../llm/capabilities.ts';
import { modelCapabilities } from '../llm/capabilities.ts';
import type { ContextWindow } from './request-context.ts';
import type { Link } from './request-plan.ts';

/** A model's context window and usual output budget: the capability table with the person's corrections. */
export function capabilityWindow(link: Link, overrides: ModelOverrides = {}): ContextWindow {
  const capabilities = modelCapabilities(link.provider, link.model, overrides);
  return {
    contextWindow: capabilities.contextWindow ?? null,
    defaultMaxOutput: capabilities.defaultMaxOutput,
  };
}
