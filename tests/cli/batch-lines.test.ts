import { describe, expect, it } from 'vitest';
import { batchFiles, prompts, readOut, startBatch, useMockServer } from './batch-support.ts';

const mock = useMockServer();

describe('parley batch: lines, limits and retries', () => {
  it('reports a bad line with its number and answers the rest', async () => {
    const server = mock();
    const files = batchFiles([
      { id: 'a', prompt: 'first' },
      { id: 'b', messages: [{ role: 'user', content: 'second' }], temperature: 0.3, max_tokens: 50 },
      '{"id": "c", "prompt": "no end',
      { id: 'a', prompt: 'the same id again' },
      { id: 'd' },
      { id: 'e', prompt: 'x', temprature: 1 },
      '',
      { id: 'f', prompt: 'last', model: 'gpt-4o-mini', system: 'Be brief.' },
    ]);
    try {
      const result = await startBatch(files, server.url).done;
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Line 3 skipped: not valid JSON.');
      expect(result.stderr).toContain('Line 4 skipped: the id "a" was already used on an earlier line.');
      expect(result.stderr).toContain('Line 5 skipped: give either "prompt" or "messages"');
      expect(result.stderr).toContain('Line 6 skipped: unknown field "temprature".');
      expect(result.stderr).toContain('3 answered, 0 failed, 4 bad lines skipped');
      const out = readOut(files.out);
      expect(out.map((line) => line.id).sort()).toEqual(['a', 'b', 'f']);
      for (const line of out) {
        expect(line.error).toBeNull();
        expect(line.text.length).toBeGreaterThan(0);
        expect(line.usage!.outputTokens).toBeGreaterThan(0);
        expect(line.durationMs).toBeGreaterThanOrEqual(line.ttftMs!);
        expect(line.attempts).toBe(1);
      }
      expect(out.find((line) => line.id === 'f')!.model).toBe('gpt-4o-mini');
      const sent = server.requests.map((request) => request.body as Record<string, unknown>);
      expect(sent.find((body) => body.model === 'gpt-4o-mini')!.messages).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'last' },
      ]);
      expect(sent.find((body) => JSON.stringify(body.messages).includes('second'))).toMatchObject({
        temperature: 0.3,
        max_tokens: 50,
      });
    } finally {
      files.cleanup();
    }
  });

  it('rides out a 429 storm, honouring Retry-After: every line answered, the retries counted', async () => {
    const server = mock();
    const files = batchFiles(prompts(8));
    try {
      // The first twelve requests, whenever they come, are refused: a second's wait, each.
      server.enqueue(...Array.from({ length: 12 }, () => ({ status: 429, headers: { 'retry-after': '1' } })));
      const started = Date.now();
      const result = await startBatch(files, server.url, ['--concurrency', '4']).done;
      expect(result.code).toBe(0);
      const out = readOut(files.out);
      expect(out).toHaveLength(8);
      expect(out.every((line) => line.error === null && line.text.length > 0)).toBe(true);
      expect(out.some((line) => line.attempts > 1)).toBe(true);
      // Every request is one attempt of one line; each retry waited the second it was told to.
      expect(out.reduce((sum, line) => sum + line.attempts, 0)).toBe(server.requests.length);
      const byLine = new Map<string, number[]>();
      for (const request of server.requests) {
        const prompt = JSON.stringify((request.body as { messages: unknown }).messages);
        byLine.set(prompt, [...(byLine.get(prompt) ?? []), request.receivedAt]);
      }
      for (const times of byLine.values())
        for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
      expect(server.requests).toHaveLength(8 + 12);
      expect(Date.now() - started).toBeGreaterThan(3000);
    } finally {
      files.cleanup();
    }
  });

  it('never has more than --concurrency requests in flight, and reaches it', async () => {
    const server = mock();
    const files = batchFiles(prompts(30));
    try {
      server.setDefaults({ delayBeforeHeadersMs: 150, chunkDelayMs: 1 });
      const result = await startBatch(files, server.url, ['--concurrency', '5']).done;
      expect(result.code).toBe(0);
      expect(readOut(files.out)).toHaveLength(30);
      expect(server.requests).toHaveLength(30);
      expect(server.inFlight.max).toBe(5);
    } finally {
      files.cleanup();
    }
  });
});
