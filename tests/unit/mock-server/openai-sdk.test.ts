/** The official openai SDK must read the mock exactly as it reads api.openai.com. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';

let server: MockServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  client = new OpenAI({ apiKey: 'sk-test-123456789', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const user = (content: string) => [{ role: 'user' as const, content }];

describe('chat completions through the openai SDK', () => {
  it('answers a non-streaming request with a default Markdown answer quoting the user and consistent usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: user('What is SSE?'),
    });
    const text = completion.choices[0]?.message.content ?? '';
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(text).toContain('> What is SSE?');
    expect(text).toMatch(/```ts\n[\s\S]*\n```/);
    expect(text).toContain('| --- | --- |');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const usage = completion.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    const again = await client.chat.completions.create({ model: 'gpt-4o', messages: user('What is SSE?') });
    expect(again.choices[0]?.message.content).toBe(text);
  });

  it('answers in Chinese when the message contains CJK', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: user('你好，流式传输'),
    });
    expect(completion.choices[0]?.message.content).toContain('模拟回答');
    expect(completion.choices[0]?.message.content).toContain('> 你好，流式传输');
  });

  it('streams an enqueued text in chunkSize deltas, then usage when include_usage asks for it', async () => {
    server.enqueue({ text: 'Hello, streaming world!', chunkSize: 5 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: user('hi'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
      expect(chunk.model).toBe('gpt-4o-mini');
    }
    expect(deltas).toEqual(['Hello', ', str', 'eamin', 'g wor', 'ld!']);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('sends no usage chunk unless asked, and consumes scripts first in, first out', async () => {
    server.enqueue({ text: 'first' }, { text: 'second' });
    const collect = async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: user('x'),
        stream: true,
      });
      let text = '';
      let sawUsage = false;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.usage) sawUsage = true;
      }
      return { text, sawUsage };
    };
    expect(await collect()).toEqual({ text: 'first', sawUsage: false });
    expect(await collect()).toEqual({ text: 'second', sawUsage: false });
  });

  it('streams DeepSeek-style reasoning_content before the content', async () => {
    server.enqueue({ reasoning: 'Think first.', text: 'Answer.' });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: user('x'),
      stream: true,
    });
    const order: string[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as
        { content?: string | null; reasoning_content?: string } | undefined;
      if (delta?.reasoning_content) order.push(`r:${delta.reasoning_content}`);
      if (delta?.content) order.push(`c:${delta.content}`);
    }
    expect(order).toEqual(['r:Thin', 'r:k fi', 'r:rst.', 'c:Answ', 'c:er.']);
  });

  it('records the request as sent', async () => {
    await client.chat.completions.create({ model: 'gpt-4o', messages: user('record me'), temperature: 0.5 });
    expect(server.requests).toHaveLength(1);
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', api: 'openai' });
    expect(recorded?.headers.authorization).toBe('Bearer sk-test-123456789');
    expect(recorded?.body).toMatchObject({ model: 'gpt-4o', temperature: 0.5, messages: user('record me') });
  });
});
