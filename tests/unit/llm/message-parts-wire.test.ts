import { describe, expect, it } from 'vitest';
import type { ChatMessageInput } from '../../../src/shared/llm-events.ts';
import { anthropicAdapter } from '../../../src/main/core/llm/adapters/anthropic.ts';
import { openAiAdapter, shapeMessages } from '../../../src/main/core/llm/adapters/openai.ts';
import { fileAsText } from '../../../src/main/core/llm/adapters/parts.ts';
import { capabilitiesFor } from '../../../src/main/core/llm/capabilities.ts';
import { countMessageTokens, countTextTokens, imageTokens } from '../../../src/main/core/llm/tokens.ts';
import { openAiProvider } from './support.ts';

/** Message parts as each adapter writes them (the mock-backed integration test checks the same on the wire). */

const withImage: ChatMessageInput = {
  role: 'user',
  content: 'What is this?',
  parts: [
    { type: 'text', text: 'What is this?' },
    { type: 'image', mime: 'image/jpeg', data: '/9j/AAAA', detail: 'low' },
  ],
};

describe('OpenAI content parts', () => {
  it('folds the instructions into the first user message as a text part of their own when it has parts', () => {
    const wire = shapeMessages([{ role: 'system', content: 'Be brief.' }, withImage], 'user');
    expect(wire).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Be brief.' },
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/AAAA', detail: 'low' } },
        ],
      },
    ]);
  });

  it('keeps the plain string for messages without parts, folded or not', () => {
    const plain: ChatMessageInput[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ];
    expect(shapeMessages(plain, 'user')).toEqual([{ role: 'user', content: 'Be brief.\n\nHi' }]);
    expect(shapeMessages(plain, 'developer')).toEqual([
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('an image without a chosen detail goes with detail auto', () => {
    const provider = openAiProvider('https://api.openai.com/v1');
    const body = JSON.parse(
      openAiAdapter.chatCall({
        provider,
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: '', parts: [{ type: 'image', mime: 'image/png', data: 'iVBO' }] },
        ],
        parameters: {},
        capabilities: capabilitiesFor(provider, 'gpt-4o'),
      }).body,
    ) as { messages: { content: unknown }[] };
    expect(body.messages[0]!.content).toEqual([
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBO', detail: 'auto' } },
    ]);
  });
});

describe('Anthropic content blocks', () => {
  it('keeps the system prompt apart and sends the blocks in order', () => {
    const provider = { ...openAiProvider('https://api.anthropic.com'), kind: 'anthropic' as const };
    const body = JSON.parse(
      anthropicAdapter.chatCall({
        provider,
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'system', content: 'Be brief.' }, withImage],
        parameters: {},
        capabilities: capabilitiesFor(provider, 'claude-sonnet-4-5'),
      }).body,
    ) as { system: string; messages: { content: unknown }[] };
    expect(body.system).toBe('Be brief.');
    expect(body.messages[0]!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/AAAA' } },
    ]);
  });
});

describe('a file as text', () => {
  it('carries its name and a fence longer than any backtick run in it', () => {
    expect(fileAsText({ type: 'file', name: 'a.md', text: 'x\n`````\ny' })).toBe(
      'File: a.md\n\n``````\nx\n`````\ny\n``````',
    );
    expect(fileAsText({ type: 'pdf', name: 'r.pdf', text: 'Hello', data: '' })).toBe(
      'File: r.pdf (text extracted from the PDF)\n\n```\nHello\n```',
    );
  });
});

describe('image token estimates', () => {
  it('follow OpenAI’s tile rule and Anthropic’s area rule', () => {
    // OpenAI's documented examples: 1024×1024 high → 765; 2048×4096 → 768×1536 → 6 tiles → 1105.
    expect(imageTokens({ width: 1024, height: 1024 }, 'high', 'openai')).toBe(765);
    expect(imageTokens({ width: 2048, height: 4096 }, 'high', 'openai')).toBe(1105);
    expect(imageTokens({ width: 4096, height: 8192 }, 'low', 'openai')).toBe(85);
    // Anthropic: 1000×1000 → 1334; a large image is scaled to 1568 on its long side first.
    expect(imageTokens({ width: 1000, height: 1000 }, undefined, 'anthropic')).toBe(1334);
    expect(imageTokens({ width: 3136, height: 3136 }, undefined, 'anthropic')).toBe(
      Math.ceil((1568 * 1568) / 750),
    );
  });
});

describe('the client’s token estimate of a message with parts', () => {
  it('counts its files’ text and its images, not just its typed text', async () => {
    const plain = await countMessageTokens([{ role: 'user', content: 'hi' }]);
    const parts = await countMessageTokens([
      {
        role: 'user',
        content: 'hi',
        parts: [
          { type: 'text', text: 'hi' },
          { type: 'image', mime: 'image/png', data: 'iVBO' },
          { type: 'file', name: 'a.txt', text: 'hello world, twice hello world' },
        ],
      },
    ]);
    expect(parts - plain).toBe(765 + (await countTextTokens('hello world, twice hello world')));
  });
});
