/** The mock enforces each API's real parameter rules, so a wrong mapping fails the tests that use it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { ANTHROPIC_HEADERS, OPENAI_HEADERS, post } from './raw-client.ts';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
});
afterAll(() => server.close());

async function openAi(model: string, extra: object, path = '/v1/chat/completions') {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });
  const headers = path.startsWith('/openai') ? { ...OPENAI_HEADERS, 'api-key': 'k' } : OPENAI_HEADERS;
  const response = await post(`${server.url}${path}`, body, headers);
  return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
}

async function anthropic(extra: object) {
  const body = JSON.stringify({
    model: 'claude-sonnet-4-5',
    messages: [{ role: 'user', content: 'hi' }],
    ...extra,
  });
  const response = await post(`${server.url}/v1/messages`, body, ANTHROPIC_HEADERS);
  return {
    status: response.status,
    body: (await response.json()) as { error?: { type: string; message: string } },
  };
}

describe('OpenAI parameter rules', () => {
  it.each([
    ['o3-mini', { temperature: 0.5 }, 'temperature'],
    ['o4-mini', { top_p: 0.5 }, 'top_p'],
    ['o1', { presence_penalty: 1 }, 'presence_penalty'],
    ['o3', { frequency_penalty: 1 }, 'frequency_penalty'],
    ['o3-mini', { max_tokens: 10 }, 'max_tokens'],
    ['gpt-5-mini', { max_tokens: 10 }, 'max_tokens'],
    ['gpt-4o', { reasoning_effort: 'low' }, 'reasoning_effort'],
  ])('%s refuses %j with 400 unsupported_parameter naming it', async (model, extra, param) => {
    const reply = await openAi(model, extra);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'unsupported_parameter',
      param,
    });
    expect(reply.body.error!.message).toContain(`'${param}'`);
  });

  it('gpt-5 takes temperature only at its default of 1', async () => {
    expect((await openAi('gpt-5', { temperature: 0.2 })).body.error).toMatchObject({
      code: 'unsupported_value',
      param: 'temperature',
    });
    expect((await openAi('gpt-5', { temperature: 1 })).status).toBe(200);
  });

  it('takes what each model takes', async () => {
    expect(
      (await openAi('o3-mini', { max_completion_tokens: 10, reasoning_effort: 'high', seed: 1 })).status,
    ).toBe(200);
    expect(
      (await openAi('gpt-4o', { temperature: 0.2, top_p: 0.3, max_tokens: 5, stop: ['x'] })).status,
    ).toBe(200);
  });

  it('applies the same rules to an Azure deployment of the model', async () => {
    const reply = await openAi(
      'o3-mini',
      { temperature: 0.5 },
      '/openai/deployments/o3-mini/chat/completions?api-version=2024-10-21',
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'unsupported_parameter', param: 'temperature' });
  });
});

describe('Anthropic parameter rules', () => {
  it('needs max_tokens', async () => {
    const reply = await anthropic({});
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual({
      type: 'invalid_request_error',
      message: 'max_tokens: Field required',
    });
  });

  it('refuses fields it does not have: penalties and seed', async () => {
    for (const field of ['presence_penalty', 'frequency_penalty', 'seed']) {
      const reply = await anthropic({ max_tokens: 100, [field]: 1 });
      expect(reply.status).toBe(400);
      expect(reply.body.error!.message).toBe(`${field}: Extra inputs are not permitted`);
    }
  });

  it('needs a thinking budget below max_tokens, and no temperature or low top_p with thinking', async () => {
    const thinking = { type: 'enabled', budget_tokens: 2048 };
    expect((await anthropic({ max_tokens: 2048, thinking })).body.error!.message).toMatch(
      /^`max_tokens` must be greater than `thinking.budget_tokens`/,
    );
    expect((await anthropic({ max_tokens: 4096, thinking, temperature: 0.5 })).body.error!.message).toMatch(
      /^`temperature` may only be set to 1 when thinking is enabled/,
    );
    expect((await anthropic({ max_tokens: 4096, thinking, top_p: 0.5 })).body.error!.message).toMatch(
      /^`top_p`/,
    );
    expect(
      (await anthropic({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 100 } })).status,
    ).toBe(400);
    expect((await anthropic({ max_tokens: 4096, thinking, top_p: 0.95 })).status).toBe(200);
  });
});
