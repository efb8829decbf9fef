import {
  parameterNames,
  type ModelCapabilityView,
  type ModelOverride,
  type ParameterName,
} from '../../../shared/assistants.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';

/** How a request must be shaped for one model on one provider. */
export interface ModelCapabilities {
  /** The matched family, or 'unknown' for models this table has never heard of. */
  family: string;
  reasoning: boolean;
  tokenLimitParam: 'max_tokens' | 'max_completion_tokens';
  /** Where system instructions go: a system message, a developer message, or folded into the first user message. */
  instructionsRole: 'system' | 'developer' | 'user';
  /** Whether the endpoint accepts `stream_options: { include_usage: true }`. */
  streamUsage: boolean;
  /** Context window in tokens, when known (the table or the person's correction). */
  contextWindow?: number;
  /** Output budget sent when the caller gives none and the API requires one (Anthropic). */
  defaultMaxOutput: number;
  /** Which parameters this model takes; the others are dropped before sending. */
  parameters: Record<ParameterName, boolean>;
  /** The person's extra request-body JSON for this model (settings.modelOverrides). */
  extraBody?: Record<string, unknown>;
  /** Takes image parts; takes PDFs as files (else a PDF goes as its extracted text). */
  inputs: { images: boolean; pdf: boolean };
}

/** Corrections keyed by `model` or `providerId/model` (the latter wins). */
export type ModelOverrides = Record<string, ModelOverride>;

interface FamilyRule {
  family: string;
  match: RegExp;
  reasoning?: boolean;
  /** OpenAI reasoning models that take no system or developer message at all. */
  noInstructions?: boolean;
  /** Takes OpenAI's `reasoning_effort`. */
  effort?: boolean;
  /** Takes Anthropic's extended thinking. */
  thinking?: boolean;
  contextWindow?: number;
  defaultMaxOutput?: number;
  /** Takes images; takes PDFs natively (OpenAI `file` parts, Anthropic `document` blocks). */
  images?: boolean;
  pdf?: boolean;
}

/** First match wins, so the more specific names come first. */
const families: FamilyRule[] = [
  {
    family: 'o1-mini',
    match: /^o1-(mini|preview)/,
    reasoning: true,
    noInstructions: true,
    contextWindow: 128_000,
  },
  {
    family: 'o-series',
    match: /^o[134](-|$)/,
    reasoning: true,
    effort: true,
    contextWindow: 200_000,
    images: true,
    pdf: true,
  },
  { family: 'gpt-5-chat', match: /^gpt-5(\.\d+)?-chat/, contextWindow: 128_000, images: true, pdf: true },
  {
    family: 'gpt-5',
    match: /^gpt-5/,
    reasoning: true,
    effort: true,
    contextWindow: 400_000,
    images: true,
    pdf: true,
  },
  { family: 'gpt-4.1', match: /^gpt-4\.1/, contextWindow: 1_047_576, images: true, pdf: true },
  { family: 'gpt-4o', match: /^(gpt-4o|chatgpt-4o)/, contextWindow: 128_000, images: true, pdf: true },
  { family: 'gpt-4-turbo', match: /^gpt-4-(turbo|\d{4}-preview)/, contextWindow: 128_000, images: true },
  { family: 'gpt-4', match: /^gpt-4(-\d{4})?$/, contextWindow: 8_192 },
  { family: 'gpt-3.5', match: /^gpt-3\.5-turbo/, contextWindow: 16_385 },
  {
    family: 'claude-3',
    match: /^claude-3-(opus|sonnet|haiku)/,
    contextWindow: 200_000,
    defaultMaxOutput: 4096,
    images: true,
  },
  {
    family: 'claude-3.5',
    match: /^claude-3-5-/,
    contextWindow: 200_000,
    defaultMaxOutput: 8192,
    images: true,
    pdf: true,
  },
  {
    family: 'claude',
    match: /^claude-/,
    thinking: true,
    contextWindow: 200_000,
    defaultMaxOutput: 8192,
    images: true,
    pdf: true,
  },
  { family: 'deepseek-reasoner', match: /^deepseek-(reasoner|r1)/, reasoning: true, contextWindow: 64_000 },
  { family: 'deepseek', match: /^deepseek-/, contextWindow: 64_000 },
  { family: 'gemini', match: /^gemini-/, contextWindow: 1_000_000, images: true },
  { family: 'llama-3', match: /^(meta-)?llama-?3/, contextWindow: 128_000 },
];

/** What Chat Completions takes from models that sample (every OpenAI-compatible server knows these). */
const samplingParameters: ParameterName[] = parameterNames.filter(
  (name) => name !== 'reasoningEffort' && name !== 'thinkingBudget',
);
/** OpenAI's reasoning models refuse the sampling knobs (400 `unsupported_parameter`). */
const reasoningParameters: ParameterName[] = ['maxOutputTokens', 'seed'];
/** The Messages API: no penalties, no seed. */
const anthropicParameters: ParameterName[] = ['temperature', 'topP', 'maxOutputTokens', 'stop'];

/** Hosts of OpenAI-compatible services known to accept `stream_options.include_usage`. */
const usageStreamingHosts = [
  'api.openai.com',
  'api.deepseek.com',
  'openrouter.ai',
  'api.groq.com',
  'generativelanguage.googleapis.com',
  'api.together.xyz',
  'api.fireworks.ai',
];

/** `openai/o3-mini` (OpenRouter), `models/gemini-2.0-flash` (Gemini): match on the last segment. */
export function bareModelName(model: string): string {
  const slash = model.lastIndexOf('/');
  return (slash >= 0 ? model.slice(slash + 1) : model).toLowerCase();
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function parameterSet(
  kind: ProviderConfig['kind'],
  rule: FamilyRule | undefined,
): Record<ParameterName, boolean> {
  const taken = new Set<ParameterName>(
    kind === 'anthropic'
      ? [...anthropicParameters, ...(rule?.thinking ? (['thinkingBudget'] as const) : [])]
      : rule?.reasoning
        ? [...reasoningParameters, ...(rule.effort ? (['reasoningEffort'] as const) : [])]
        : samplingParameters,
  );
  return Object.fromEntries(parameterNames.map((name) => [name, taken.has(name)])) as Record<
    ParameterName,
    boolean
  >;
}

/** The built-in table alone, without the person's corrections. */
export function capabilitiesFor(
  provider: Pick<ProviderConfig, 'kind' | 'baseUrl'>,
  model: string,
): ModelCapabilities {
  const name = bareModelName(model);
  const rule = families.find((candidate) => candidate.match.test(name));
  const officialOpenAi = provider.kind === 'openai' || provider.kind === 'azure';
  const reasoning = rule?.reasoning ?? false;
  const openAiReasoning = reasoning && officialOpenAi && rule?.family !== 'deepseek-reasoner';
  const host = hostOf(provider.baseUrl);
  return {
    family: rule?.family ?? 'unknown',
    reasoning,
    tokenLimitParam: openAiReasoning ? 'max_completion_tokens' : 'max_tokens',
    instructionsRole: openAiReasoning ? (rule?.noInstructions ? 'user' : 'developer') : 'system',
    streamUsage:
      provider.kind === 'anthropic' ||
      officialOpenAi ||
      usageStreamingHosts.some((known) => host === known || host.endsWith(`.${known}`)),
    contextWindow: rule?.contextWindow,
    defaultMaxOutput: rule?.defaultMaxOutput ?? 4096,
    parameters: parameterSet(provider.kind, rule),
    inputs: {
      images: rule?.images ?? visionName.test(name),
      // Native PDFs only where the API is known to take them; elsewhere their text (correctable per model).
      pdf: (provider.kind === 'openai' || provider.kind === 'anthropic') && (rule?.pdf ?? false),
    },
  };
}

/** A model the table does not know takes images when its name says so (Qwen-VL, LLaVA, Pixtral…). */
const visionName = /vision|(^|[-_.])vl([-_.]|$)|llava|pixtral/;

function applyOverride(caps: ModelCapabilities, override: ModelOverride | undefined): ModelCapabilities {
  if (!override) return caps;
  return {
    ...caps,
    contextWindow: override.contextWindow ?? caps.contextWindow,
    parameters: { ...caps.parameters, ...override.parameters },
    inputs: { ...caps.inputs, ...override.inputs },
    extraBody: override.extraBody ? { ...caps.extraBody, ...override.extraBody } : caps.extraBody,
  };
}

/**
 * The capabilities a request is shaped by: the table, then the person's correction for `model`, then
 * the one for `providerId/model`. The one function the chat side and the client ask.
 */
export function modelCapabilities(
  provider: Pick<ProviderConfig, 'id' | 'kind' | 'baseUrl'>,
  model: string,
  overrides: ModelOverrides = {},
): ModelCapabilities {
  const own = (key: string): ModelOverride | undefined =>
    Object.prototype.hasOwnProperty.call(overrides, key) ? overrides[key] : undefined;
  return applyOverride(
    applyOverride(capabilitiesFor(provider, model), own(model)),
    own(`${provider.id}/${model}`),
  );
}

/** What the UI is told (`models.capabilities`). */
export function capabilityView(caps: ModelCapabilities): ModelCapabilityView {
  return {
    family: caps.family,
    reasoning: caps.reasoning,
    contextWindow: caps.contextWindow ?? null,
    parameters: { ...caps.parameters },
    inputs: { ...caps.inputs },
  };
}
