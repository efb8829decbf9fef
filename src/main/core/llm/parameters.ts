import { parameterNames, type ModelParameters, type ParameterName } from '../../../shared/assistants.ts';
import type { ProviderKind } from '../../../shared/providers.ts';
import type { ModelCapabilities } from './capabilities.ts';

/**
 * Which of a request's parameters are sent: those the model takes (the capability table with the
 * person's corrections) and the API has a field for, under the API's own rules (Anthropic: no
 * temperature, and top_p only from 0.95, with extended thinking). The rest are dropped and said so.
 * Also: which parameter a provider's 400 names, so the request is retried once without it.
 */

export interface ParameterPlan {
  parameters: ModelParameters;
  dropped: ParameterName[];
}

/** The wire fields of each parameter, per API. */
const openAiFields: Partial<Record<ParameterName, readonly string[]>> = {
  temperature: ['temperature'],
  topP: ['top_p'],
  maxOutputTokens: ['max_tokens', 'max_completion_tokens'],
  presencePenalty: ['presence_penalty'],
  frequencyPenalty: ['frequency_penalty'],
  seed: ['seed'],
  stop: ['stop'],
  reasoningEffort: ['reasoning_effort'],
};
const anthropicFields: Partial<Record<ParameterName, readonly string[]>> = {
  temperature: ['temperature'],
  topP: ['top_p'],
  maxOutputTokens: ['max_tokens'],
  stop: ['stop_sequences'],
  thinkingBudget: ['thinking', 'budget_tokens'],
};

function fieldsOf(kind: ProviderKind): Partial<Record<ParameterName, readonly string[]>> {
  return kind === 'anthropic' ? anthropicFields : openAiFields;
}

/** Anthropic needs `max_tokens` whatever the table says: it is never dropped there. */
function required(kind: ProviderKind, name: ParameterName): boolean {
  return kind === 'anthropic' && name === 'maxOutputTokens';
}

/** Anthropic's rule for extended thinking: temperature stays at its default, top_p is 0.95 or more. */
function thinkingConflict(parameters: ModelParameters, name: ParameterName): boolean {
  if (parameters.thinkingBudget === undefined) return false;
  return name === 'temperature' || (name === 'topP' && (parameters.topP ?? 1) < 0.95);
}

export function planParameters(
  kind: ProviderKind,
  caps: ModelCapabilities,
  requested: ModelParameters = {},
): ParameterPlan {
  const fields = fieldsOf(kind);
  const parameters: Record<string, unknown> = {};
  const dropped: ParameterName[] = [];
  const taken = (name: ParameterName) =>
    required(kind, name) || (caps.parameters[name] && fields[name] !== undefined);
  const thinking =
    requested.thinkingBudget !== undefined && taken('thinkingBudget')
      ? requested
      : { ...requested, thinkingBudget: undefined };
  for (const name of parameterNames) {
    if (requested[name] === undefined) continue;
    if (taken(name) && !(kind === 'anthropic' && thinkingConflict(thinking, name)))
      parameters[name] = requested[name];
    else dropped.push(name);
  }
  return { parameters: parameters as ModelParameters, dropped };
}

/** The plan without one more parameter; null when it was not sent or cannot be left out. */
export function withoutParameter(
  kind: ProviderKind,
  plan: ParameterPlan,
  name: ParameterName,
): ParameterPlan | null {
  if (plan.parameters[name] === undefined || required(kind, name)) return null;
  const parameters = { ...plan.parameters };
  delete parameters[name];
  return { parameters, dropped: [...plan.dropped, name] };
}

/** The parameter a wire field (or a dotted path such as `thinking.budget_tokens`) belongs to. */
export function parameterForField(kind: ProviderKind, field: string): ParameterName | null {
  const fields = fieldsOf(kind);
  const parts = field.split(/[.[\]]/).filter(Boolean);
  for (const name of parameterNames) if (fields[name]?.some((wire) => parts.includes(wire))) return name;
  return null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

const refusalCodes = new Set(['unsupported_parameter', 'unsupported_value', 'invalid_request_error']);

/**
 * The request field a 400 refuses, when the provider names one: OpenAI and Azure in `error.param`
 * (code `unsupported_parameter` or `unsupported_value`) or in the message ("Unsupported parameter:
 * 'temperature'"), Anthropic in an `invalid_request_error` message that starts with or quotes the field.
 */
export function refusedField(kind: ProviderKind, status: number, body: string): string | null {
  if (status !== 400) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const error = record(record(parsed)?.error);
  if (!error) return null;
  const message = typeof error.message === 'string' ? error.message : '';
  const code = typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : '';
  const known = (field: string | undefined) =>
    field !== undefined && parameterForField(kind, field) !== null ? field : null;
  if (kind !== 'anthropic') {
    if (typeof error.param === 'string' && refusalCodes.has(code)) return known(error.param);
    return known(/unsupported (?:parameter|value):?\s*'([\w.]+)'/i.exec(message)?.[1]);
  }
  if (error.type !== 'invalid_request_error') return null;
  return known(/^([\w.]+):/.exec(message)?.[1] ?? /`([\w.]+)`/.exec(message)?.[1]);
}
