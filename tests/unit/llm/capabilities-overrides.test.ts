import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capabilityView,
  modelCapabilities,
  type ModelOverrides,
} from '../../../src/main/core/llm/capabilities.ts';
import { planParameters, refusedField } from '../../../src/main/core/llm/parameters.ts';
import { parseExtraBody, parseHeaderLine } from '../../../src/shared/request-extras.ts';
import { providerConfigSchema } from '../../../src/shared/providers.ts';
import { defaultEditableSettings } from '../../../src/shared/settings.ts';
import { openAiProvider } from './support.ts';

const openai = openAiProvider('https://api.openai.com/v1');
const anthropic = openAiProvider('https://api.anthropic.com', { kind: 'anthropic', id: 'claude' });
const local = openAiProvider('http://127.0.0.1:1234/v1', { kind: 'openai-compatible', id: 'local' });

const taken = (parameters: Record<string, boolean>) =>
  Object.entries(parameters)
    .filter(([, yes]) => yes)
    .map(([name]) => name);

describe('the capability table', () => {
  it('gives each family the parameters its API takes', () => {
    expect(taken(modelCapabilities(openai, 'gpt-4o').parameters)).toEqual([
      'temperature',
      'topP',
      'maxOutputTokens',
      'presencePenalty',
      'frequencyPenalty',
      'seed',
      'stop',
    ]);
    expect(taken(modelCapabilities(openai, 'o3-mini').parameters)).toEqual([
      'maxOutputTokens',
      'seed',
      'reasoningEffort',
    ]);
    expect(taken(modelCapabilities(openai, 'o1-mini').parameters)).toEqual(['maxOutputTokens', 'seed']);
    expect(taken(modelCapabilities(openai, 'gpt-5').parameters)).toContain('reasoningEffort');
    expect(taken(modelCapabilities(anthropic, 'claude-sonnet-4-5').parameters)).toEqual([
      'temperature',
      'topP',
      'maxOutputTokens',
      'stop',
      'thinkingBudget',
    ]);
    expect(modelCapabilities(anthropic, 'claude-3-5-haiku-latest').parameters.thinkingBudget).toBe(false);
    expect(modelCapabilities(local, 'deepseek-reasoner').parameters.temperature).toBe(false);
  });

  it('knows the common context windows', () => {
    expect(modelCapabilities(openai, 'gpt-4o-mini').contextWindow).toBe(128_000);
    expect(modelCapabilities(openai, 'gpt-4.1').contextWindow).toBe(1_047_576);
    expect(modelCapabilities(anthropic, 'claude-opus-4-1').contextWindow).toBe(200_000);
    expect(modelCapabilities(local, 'my-own-model').contextWindow).toBeUndefined();
  });

  it('takes the person’s correction for the model, then the one for provider/model', () => {
    const overrides: ModelOverrides = {
      'my-own-model': { contextWindow: 32_000, parameters: { seed: false } },
      'local/my-own-model': { contextWindow: 8_000, parameters: { temperature: false }, extraBody: { a: 1 } },
      'other/my-own-model': { contextWindow: 1_000 },
    };
    const caps = modelCapabilities(local, 'my-own-model', overrides);
    expect(caps.contextWindow).toBe(8_000);
    expect(caps.parameters).toMatchObject({ seed: false, temperature: false, topP: true });
    expect(caps.extraBody).toEqual({ a: 1 });
    expect(modelCapabilities({ ...local, id: 'elsewhere' }, 'my-own-model', overrides).contextWindow).toBe(
      32_000,
    );
    // Inherited object keys are not corrections.
    expect(modelCapabilities(local, 'constructor', {}).contextWindow).toBeUndefined();
  });

  it('tells the UI what a model takes', () => {
    expect(capabilityView(modelCapabilities(openai, 'o3-mini'))).toEqual({
      family: 'o-series',
      reasoning: true,
      contextWindow: 200_000,
      parameters: expect.objectContaining({ temperature: false, reasoningEffort: true }),
      inputs: { images: true, pdf: true },
    });
  });

  it('knows which models read images and PDFs, and takes the person’s correction of it', () => {
    const inputs = (model: string, overrides: ModelOverrides = {}) =>
      modelCapabilities(openai, model, overrides).inputs;
    expect(inputs('gpt-4o')).toEqual({ images: true, pdf: true });
    expect(inputs('gpt-4-turbo')).toEqual({ images: true, pdf: false });
    expect(inputs('gpt-3.5-turbo')).toEqual({ images: false, pdf: false });
    expect(inputs('qwen2.5-vl-72b')).toEqual({ images: true, pdf: false });
    expect(inputs('local-llama')).toEqual({ images: false, pdf: false });
    expect(inputs('local-llama', { 'local-llama': { inputs: { images: true } } })).toEqual({
      images: true,
      pdf: false,
    });
    expect(inputs('gpt-4o', { 'gpt-4o': { inputs: { pdf: false } } })).toEqual({ images: true, pdf: false });
    // Native PDFs only where the API is known to take them: Azure and compatible servers get the text.
    const azure = { ...openai, id: 'az', kind: 'azure' as const };
    expect(modelCapabilities(azure, 'gpt-4o').inputs).toEqual({ images: true, pdf: false });
    expect(modelCapabilities(anthropic, 'claude-sonnet-4-5').inputs).toEqual({ images: true, pdf: true });
  });

  it('keeps the corrections in settings, empty by default', () => {
    expect(defaultEditableSettings().modelOverrides).toEqual({});
  });
});

describe('parameter plans', () => {
  it('never drops Anthropic’s max_tokens, and drops fields an API has no name for', () => {
    const caps = modelCapabilities(anthropic, 'claude-3-5-haiku-latest', {
      'claude-3-5-haiku-latest': { parameters: { maxOutputTokens: false, seed: true } },
    });
    expect(planParameters('anthropic', caps, { maxOutputTokens: 10, seed: 3 })).toEqual({
      parameters: { maxOutputTokens: 10 },
      dropped: ['seed'],
    });
  });
});

describe('refused parameters', () => {
  const openAiError = (error: object) => JSON.stringify({ error });
  it('reads OpenAI’s param and code, or its message', () => {
    expect(refusedField('openai', 400, openAiError({ param: 'top_p', code: 'unsupported_parameter' }))).toBe(
      'top_p',
    );
    expect(refusedField('azure', 400, openAiError({ param: 'temperature', code: 'unsupported_value' }))).toBe(
      'temperature',
    );
    expect(
      refusedField(
        'openai-compatible',
        400,
        openAiError({ message: "Unsupported parameter: 'seed' is not supported" }),
      ),
    ).toBe('seed');
    // Not a parameter refusal: a field Parley does not set, another status, no JSON.
    expect(
      refusedField('openai', 400, openAiError({ param: 'messages', code: 'context_length_exceeded' })),
    ).toBeNull();
    expect(
      refusedField('openai', 500, openAiError({ param: 'top_p', code: 'unsupported_parameter' })),
    ).toBeNull();
    expect(refusedField('openai', 400, '<html>')).toBeNull();
  });

  it('reads the field an Anthropic invalid_request_error names', () => {
    const error = (message: string) =>
      JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } });
    expect(refusedField('anthropic', 400, error('top_p: Input should be less than or equal to 1'))).toBe(
      'top_p',
    );
    expect(
      refusedField('anthropic', 400, error('`temperature` may only be set to 1 when thinking is enabled.')),
    ).toBe('temperature');
    expect(refusedField('anthropic', 400, error('messages: at least one message is required'))).toBeNull();
  });
});

describe('provider extras', () => {
  it('checks header names and refuses the ones Parley sets', () => {
    expect(parseHeaderLine('OpenAI-Version: 2024-10-01')).toEqual({
      header: { name: 'OpenAI-Version', value: '2024-10-01', secret: false },
    });
    for (const bad of ['x-api-key: k', 'Host: a', 'Content-Type: text/plain', 'Transfer-Encoding: chunked'])
      expect(parseHeaderLine(bad)).toEqual({ error: expect.stringContaining('itself') });
    expect(parseHeaderLine('X-A: one\r\nX-B: two')).toEqual({
      error: expect.stringContaining('line breaks'),
    });
  });

  it('refuses extra JSON that sets model, messages or stream, or is no object', () => {
    expect(parseExtraBody('{"enable_thinking": false}')).toEqual({ body: { enable_thinking: false } });
    expect(parseExtraBody('{"model": "x", "stream": false}')).toEqual({
      error: 'Extra JSON cannot set model, stream: Parley sets model, messages and stream itself.',
    });
    expect(parseExtraBody('[1]')).toEqual({ error: expect.stringContaining('must be an object') });
    expect(parseExtraBody('{oops')).toEqual({ error: 'This is not valid JSON.' });
    const saved = providerConfigSchema.safeParse({ ...local, extraBody: { messages: [] } });
    expect(saved.success).toBe(false);
  });

  it('never lets a header line through that could split the request (fuzz)', () => {
    const seed = Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`request-extras fuzz seed ${seed}`);
    for (const runSeed of [20261201, seed])
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), (line) => {
          const read = parseHeaderLine(line);
          if ('header' in read) {
            expect(read.header.name).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
            expect(read.header.value).not.toMatch(/[\r\n\0]/);
          } else expect(read.error.length).toBeGreaterThan(0);
        }),
        { seed: runSeed, numRuns: 500 },
      );
  });
});
