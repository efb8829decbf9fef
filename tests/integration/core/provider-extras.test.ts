import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestInput, RequestName } from '../../../src/shared/contract.ts';
import type { ProviderView } from '../../../src/shared/settings.ts';
import type { CoreHarness } from './harness.ts';
import { recordingPeer, startCore, streamEnd } from './harness.ts';

/**
 * Provider extras through the contract: custom headers (a secret one kept in the keychain, never in
 * settings or anything a window is sent), extra body JSON per provider and per model, and the
 * person's corrections of the capability table, as the mock server receives them.
 */
const GATEWAY_TOKEN = 'gw-SECRET-token-31415926';
let harness: CoreHarness;
const { peer, events } = recordingPeer('extras');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);

beforeAll(async () => {
  harness = await startCore(peer, 'extras');
});
afterAll(async () => {
  // Removing the provider removes its secrets, the header values with them.
  await call('providers.remove', { providerId: harness.providerId });
  await harness.close();
});
beforeEach(() => harness.mock.reset());

async function provider(): Promise<ProviderView> {
  const settings = await call('settings.get', {});
  return settings.providers.find((p) => p.id === harness.providerId)!;
}

async function save(extra: object) {
  const { key: _key, saved: _saved, ...config } = await provider();
  return call('providers.save', { ...config, ...extra });
}

async function ask(content: string) {
  const sent = await call('chat.send', { content, conversationId: null });
  const end = await streamEnd(events, sent.streamId);
  return { end, request: harness.mock.requests.find((r) => r.path.endsWith('/chat/completions'))! };
}

/** Every file in the data folder, as text. */
function dataFolderText(): string {
  const dir = harness.dataDir;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
    .join('\n');
}

describe('provider extras', () => {
  it('sends custom headers, keeping a secret one in the keychain and out of settings and every window', async () => {
    const view = await save({
      headers: [
        { name: 'OpenAI-Version', value: '2024-10-01', secret: false },
        { name: 'X-Gateway-Token', value: GATEWAY_TOKEN, secret: true },
      ],
    });
    expect(view.headers).toEqual([
      { name: 'OpenAI-Version', value: '2024-10-01', secret: false },
      { name: 'X-Gateway-Token', value: '', secret: true },
    ]);
    const { end, request } = await ask('hello with headers');
    expect(end.state).toBe('complete');
    expect(request.headers).toMatchObject({
      'openai-version': '2024-10-01',
      'x-gateway-token': GATEWAY_TOKEN,
    });
    expect(request.headers.authorization).toBe('Bearer sk-harness-test-0001');

    // Saved again without the value (as the form does): the secret stays.
    await save({ headers: view.headers });
    expect((await ask('again')).request.headers['x-gateway-token']).toBe(GATEWAY_TOKEN);

    const shown = JSON.stringify([await call('settings.get', {}), events]);
    expect(shown).not.toContain(GATEWAY_TOKEN);
    await harness.core.chat.settled();
    expect(dataFolderText()).not.toContain(GATEWAY_TOKEN);
  });

  it('does not send a secret header to a new address', async () => {
    await save({ headers: [{ name: 'X-Gateway-Token', value: GATEWAY_TOKEN, secret: true }] });
    const { key: _k, saved: _s, ...config } = await provider();
    // The same server under another name for its address: another origin.
    const moved = await call('providers.save', {
      ...config,
      baseUrl: config.baseUrl.replace('127.0.0.1', 'localhost'),
    });
    // The key is dropped with the move as well; given again for the new address, the header is not.
    expect(moved.dropped).toContain('api-key');
    await call('keys.set', { providerId: harness.providerId, key: 'sk-harness-test-0001' });
    const { request } = await ask('moved');
    expect(request.headers).not.toHaveProperty('x-gateway-token');
    await call('providers.save', config);
    await call('keys.set', { providerId: harness.providerId, key: 'sk-harness-test-0001' });
  });

  it('refuses header names Parley sets itself, in plain words', async () => {
    await expect(save({ headers: [{ name: 'Authorization', value: 'x', secret: false }] })).rejects.toThrow(
      'Parley sets Authorization itself',
    );
    await expect(save({ headers: [{ name: 'Bad Name', value: 'x', secret: false }] })).rejects.toThrow(
      'A header name has only letters',
    );
  });

  it('merges extra body JSON per provider and per model, and refuses one that sets model, messages or stream', async () => {
    await save({ headers: [], extraBody: { enable_thinking: false, vendor: { a: 1 } } });
    await call('settings.update', {
      modelOverrides: { [`${harness.providerId}/gpt-4o-mini`]: { extraBody: { vendor: { b: 2 } } } },
    });
    const { request } = await ask('extra json');
    expect(request.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      enable_thinking: false,
      vendor: { b: 2 },
    });
    await expect(save({ extraBody: { model: 'other', stream: false } })).rejects.toThrow(
      'Extra JSON cannot set model, stream',
    );
    await expect(
      call('settings.update', { modelOverrides: { 'gpt-4o-mini': { extraBody: { messages: [] } } } }),
    ).rejects.toThrow('Extra JSON cannot set messages');
    await save({ extraBody: undefined });
    await call('settings.update', { modelOverrides: {} });
  });

  it('tells a window what a model takes, with the person’s corrections', async () => {
    const ref = { providerId: harness.providerId, model: 'gpt-4o-mini' };
    expect(await call('models.capabilities', ref)).toMatchObject({
      family: 'gpt-4o',
      contextWindow: 128_000,
      parameters: { temperature: true, reasoningEffort: false },
    });
    await call('settings.update', {
      modelOverrides: { 'gpt-4o-mini': { contextWindow: 16_000, parameters: { temperature: false } } },
    });
    expect(await call('models.capabilities', ref)).toMatchObject({
      contextWindow: 16_000,
      parameters: { temperature: false },
    });
    await call('settings.update', { modelOverrides: {} });
    await expect(call('models.capabilities', { ...ref, providerId: 'nope' })).rejects.toThrow('not_found');
  });
});
