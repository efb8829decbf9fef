/** Azure OpenAI through the official SDK's AzureOpenAI client: routes, auth, annotations, filter errors. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AzureOpenAI } from 'openai';
import type OpenAI from 'openai';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';
import { failure } from './sdk-failure.ts';

let server: MockServer;
const messages = [{ role: 'user' as const, content: 'hello' }];

beforeAll(async () => {
  server = await startMockServer({ apiKeys: ['sk-good-0123456789abcd'], defaults: { chunkDelayMs: 0 } });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('Azure OpenAI through the SDK', () => {
  function azure(apiKey = 'sk-good-0123456789abcd') {
    return new AzureOpenAI({
      apiKey,
      endpoint: server.url,
      apiVersion: '2024-10-21',
      deployment: 'chat-prod',
      maxRetries: 0,
    });
  }

  it('routes to the deployment with api-version and the api-key header, and streams past annotation frames', async () => {
    server.enqueue({ text: 'Azure says hi', chunkSize: 6 });
    const stream = await azure().chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const first = chunks[0] as OpenAI.ChatCompletionChunk & { prompt_filter_results?: unknown[] };
    expect(first.choices).toEqual([]);
    expect(first.prompt_filter_results?.[0]).toMatchObject({
      prompt_index: 0,
      content_filter_results: { jailbreak: { detected: false } },
    });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Azure says hi');
    const contentChunk = chunks.find((c) => c.choices[0]?.delta.content)?.choices[0] as {
      content_filter_results?: object;
    };
    expect(contentChunk.content_filter_results).toMatchObject({
      hate: { filtered: false, severity: 'safe' },
    });
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({
      api: 'azure',
      path: '/openai/deployments/chat-prod/chat/completions',
      query: { 'api-version': '2024-10-21' },
    });
    expect(recorded?.headers['api-key']).toBe('sk-good-0123456789abcd');
  });

  it("refuses a wrong key with Azure's 401 body", async () => {
    const error = await failure(
      azure('sk-nope-123456789').chat.completions.create({ model: 'gpt-4o', messages }),
    );
    expect(error.status).toBe(401);
    expect(error.code).toBe('401');
    expect(error.message).toContain('Access denied due to invalid subscription key');
  });

  it('reports a filtered prompt as 400 content_filter with the innererror, and a filtered answer as finish content_filter', async () => {
    const refused = await failure(
      azure().chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'CONTENT_FILTER please' }],
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.code).toBe('content_filter');
    expect(refused.error).toMatchObject({ innererror: { code: 'ResponsibleAIPolicyViolation' } });
    server.enqueue({ text: 'partial', finishReason: 'content_filter' });
    const completion = await azure().chat.completions.create({ model: 'gpt-4o', messages });
    const choice = completion.choices[0] as OpenAI.ChatCompletion.Choice & {
      content_filter_results?: object;
    };
    expect(choice.finish_reason).toBe('content_filter');
    expect(choice.content_filter_results).toMatchObject({ violence: { filtered: true } });
  });

  it('answers an unknown deployment with 404 DeploymentNotFound', async () => {
    const client = new AzureOpenAI({
      apiKey: 'sk-good-0123456789abcd',
      endpoint: server.url,
      apiVersion: '2024-10-21',
      deployment: 'missing-dep',
      maxRetries: 0,
    });
    const error = await failure(client.chat.completions.create({ model: 'gpt-4o', messages }));
    expect(error.status).toBe(404);
    expect(error.code).toBe('DeploymentNotFound');
  });

  it('lists models at /openai/models with the api-version, and answers 404 without one', async () => {
    const page = await azure().models.list();
    expect(page.data.map((m) => m.id)).toContain('gpt-4o-2024-11-20');
    expect(server.requests[0]).toMatchObject({
      path: '/openai/models',
      query: { 'api-version': '2024-10-21' },
    });
    const response = await fetch(`${server.url}/openai/deployments/chat-prod/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': 'sk-good-0123456789abcd', 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
  });

  it('accepts an Entra ID bearer token from the OAuth endpoint, and words an expired one as Azure does', async () => {
    const issue = async () => {
      const response = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'app',
          client_secret: 'secret',
        }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const withToken = (token: string) =>
      new AzureOpenAI({
        azureADTokenProvider: async () => token,
        endpoint: server.url,
        apiVersion: '2024-10-21',
        deployment: 'chat-prod',
        maxRetries: 0,
      });
    server.enqueue({ text: 'token ok' });
    const ok = await withToken(await issue()).chat.completions.create({ model: 'gpt-4o', messages });
    expect(ok.choices[0]?.message.content).toBe('token ok');
    server.expireNextToken(0);
    const error = await failure(
      withToken(await issue()).chat.completions.create({ model: 'gpt-4o', messages }),
    );
    expect(error.status).toBe(401);
    expect(error.message).toContain('have expired');
  });
});
