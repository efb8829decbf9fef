import { describe, expect, it } from 'vitest';
import { batchFiles, readOut, startBatch, useMockServer } from './batch-support.ts';

const mock = useMockServer();

/** An OpenAI-looking key, made here so no key sits in the sources. */
const key = () => `sk-proj-${'A1b2C3d4E5f6G7h8'.repeat(3)}`;

describe('parley batch and the content filters', () => {
  it('a line holding a key is not sent (its error says what, never the key); --redact sends placeholders', async () => {
    const server = mock();
    const secret = key();
    const lines = [
      { id: 'plain', prompt: 'What is a wombat?' },
      { id: 'leak', prompt: `Why does ${secret} fail?` },
      { id: 'system-leak', prompt: 'Hi', system: `Use the key ${secret}.` },
    ];
    const held = batchFiles(lines);
    try {
      const result = await startBatch(held, server.url).done;
      expect(result!.code).toBe(1);
      const out = readOut(held.out);
      const byId = Object.fromEntries(out.map((line) => [line.id, line]));
      expect(byId.plain!.error).toBeNull();
      for (const id of ['leak', 'system-leak']) {
        expect(byId[id]!.error).toMatchObject({ code: 'content_filtered' });
        expect(byId[id]!.error!.message).toMatch(/an OpenAI key in the message/);
      }
      // Only the plain line reached the model; nothing written or said holds the key.
      expect(server.requests).toHaveLength(1);
      expect(JSON.stringify(out) + result!.stderr).not.toContain(secret);
    } finally {
      held.cleanup();
    }

    server.reset();
    const redacted = batchFiles(lines);
    try {
      const result = await startBatch(redacted, server.url, ['--redact']).done;
      expect(result.code).toBe(0);
      const sent = JSON.stringify(server.requests.map((request) => request.body));
      expect(server.requests).toHaveLength(3);
      expect(sent).not.toContain(secret);
      expect(sent).toContain('[REDACTED openai-key]');
    } finally {
      redacted.cleanup();
    }
  });
});
