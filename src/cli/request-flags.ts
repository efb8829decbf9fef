import {
  modelParametersSchema,
  reasoningEfforts,
  SYSTEM_PROMPT_MAX_LENGTH,
  type ModelParameters,
} from '../shared/assistants.ts';
import type { ProviderConfig } from '../shared/providers.ts';
import { parseHeaderLine, type ProviderHeader } from '../shared/request-extras.ts';
import { CliUsageError, type ParsedArgs } from './args.ts';

/**
 * What `parley ask` sends besides the prompt: the system prompt, model parameters and custom
 * headers for this call. Flags in, checked values out; a bad value is a CliUsageError in plain words.
 */

export const requestFlagSpec = {
  system: 'string',
  temperature: 'string',
  'top-p': 'string',
  'max-tokens': 'string',
  'reasoning-effort': 'string',
  header: 'list',
} as const;

export interface RequestFlags {
  /** Undefined: the conversation's (or its assistant's) own. */
  systemPrompt?: string;
  parameters: ModelParameters;
  headers: ProviderHeader[];
}

type NumberField = 'temperature' | 'topP' | 'maxOutputTokens';

const numberFlags: [flag: keyof typeof requestFlagSpec, field: NumberField, range: string][] = [
  ['temperature', 'temperature', 'a number from 0 to 2'],
  ['top-p', 'topP', 'a number from 0 to 1'],
  ['max-tokens', 'maxOutputTokens', 'a whole number from 1 to 1000000'],
];

export function readRequestFlags(flags: ParsedArgs['flags']): RequestFlags {
  const text = (name: keyof typeof requestFlagSpec) =>
    typeof flags[name] === 'string' ? flags[name] : undefined;
  const parameters: ModelParameters = {};
  for (const [flag, field, range] of numberFlags) {
    const value = text(flag);
    if (value === undefined) continue;
    const parsed = modelParametersSchema.shape[field].safeParse(value.trim() === '' ? NaN : Number(value));
    if (!parsed.success || parsed.data === undefined)
      throw new CliUsageError(`--${flag} must be ${range}, not "${value}".`);
    parameters[field] = parsed.data;
  }
  const effort = text('reasoning-effort');
  if (effort !== undefined) {
    const parsed = modelParametersSchema.shape.reasoningEffort.safeParse(effort);
    if (!parsed.success)
      throw new CliUsageError(`--reasoning-effort must be ${reasoningEfforts.join(', ')}, not "${effort}".`);
    parameters.reasoningEffort = parsed.data;
  }
  const system = text('system');
  if (system !== undefined && system.length > SYSTEM_PROMPT_MAX_LENGTH)
    throw new CliUsageError(`--system is limited to ${SYSTEM_PROMPT_MAX_LENGTH} characters.`);
  const lines = flags.header;
  const headers = (Array.isArray(lines) ? lines : []).map((line) => {
    const read = parseHeaderLine(line);
    if ('error' in read) throw new CliUsageError(`--header: ${read.error}`);
    return read.header;
  });
  const names = headers.map((header) => header.name.toLowerCase());
  const twice = headers.find((header, index) => names.indexOf(header.name.toLowerCase()) !== index);
  if (twice) throw new CliUsageError(`--header: ${twice.name} is given twice.`);
  return { systemPrompt: system, parameters, headers };
}

/** Whether any flag sets what a conversation keeps (its system prompt or parameters). */
export function setsConversation(request: RequestFlags): boolean {
  return request.systemPrompt !== undefined || Object.keys(request.parameters).length > 0;
}

/** The provider with this call's headers over its own (same name, case-insensitively: the call's wins). */
export function withCallHeaders(provider: ProviderConfig, headers: ProviderHeader[]): ProviderConfig {
  if (headers.length === 0) return provider;
  const replaced = new Set(headers.map((header) => header.name.toLowerCase()));
  const kept = (provider.headers ?? []).filter((header) => !replaced.has(header.name.toLowerCase()));
  return { ...provider, headers: [...kept, ...headers] };
}
