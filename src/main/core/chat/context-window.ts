import { capabilitiesFor } from '../llm/capabilities.ts';
import type { ContextWindow } from './request-context.ts';
import type { Link } from './request-plan.ts';

/** A model's context window and usual output budget, as the capability table knows them. */
export function capabilityWindow(link: Link): ContextWindow {
  const capabilities = capabilitiesFor(link.provider, link.model);
  return {
    contextWindow: capabilities.contextWindow ?? null,
    defaultMaxOutput: capabilities.defaultMaxOutput,
  };
}
