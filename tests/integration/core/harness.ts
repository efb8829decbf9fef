import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { Envelope, RequestInput, RequestName, RequestOutput } from '../../../src/shared/contract.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { createCore } from '../../../src/main/core/app-core.ts';
import type { Core } from '../../../src/main/core/app-core.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { dispatch } from '../../../src/main/core/rpc/bind-contract.ts';
import { browserQuickHandlers } from '../../../src/web/quick-handlers.ts';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';

/**
 * The composed core on a fresh data folder, with a provider on the mock model server as the
 * default model and its key in the keychain: what a window or socket talks to, driven through
 * the contract by `call` as one peer.
 */
export interface CoreHarness {
  core: Core;
  mock: MockServer;
  dataDir: string;
  providerId: string;
  call<N extends RequestName>(name: N, input: RequestInput<N>, peer?: Peer): Promise<RequestOutput<N>>;
  /** Closes the core and opens it again on the same data folder, as a restart of Parley does. */
  restart(): Promise<void>;
  /** Stops the core and the mock server, and removes the data folder. */
  close(): Promise<void>;
}

const options = (dataDir: string) => ({ dataDir, edition: 'web' as const, host: browserQuickHandlers });

export async function startCore(peer: Peer, name: string): Promise<CoreHarness> {
  const providerId = `${name}-${process.pid}`;
  const mock = await startMockServer({ defaults: { chunkDelayMs: 1 } });
  const dataDir = mkdtempSync(join(tmpdir(), `parley-${name}-`));
  const harness: CoreHarness = {
    core: await createCore(options(dataDir)),
    mock,
    dataDir,
    providerId,
    async call(request, input, from = peer) {
      const envelope = (await dispatch(harness.core.handlers, {
        name: request,
        input,
        peer: from,
        trusted: true,
      })) as Envelope<RequestOutput<typeof request>>;
      // As a window's call throws it (src/renderer/src/lib/api.ts), with the code in the message.
      if (!envelope.ok)
        throw new ParleyError({
          ...envelope.error,
          message: `${envelope.error.code}: ${envelope.error.message}`,
        });
      return envelope.value;
    },
    async restart() {
      await harness.core.close();
      harness.core = await createCore(options(dataDir));
    },
    async close() {
      await harness.core.secrets.delete(providerId);
      await harness.core.close();
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await harness.call('providers.save', {
    id: providerId,
    name: 'Mock',
    kind: 'openai',
    baseUrl: `${mock.url}/v1`,
    models: ['gpt-4o-mini'],
    auth: { type: 'api-key' },
  });
  await harness.core.secrets.set(providerId, 'sk-harness-test-0001');
  await harness.call('settings.update', { defaultModel: { providerId, model: 'gpt-4o-mini' } });
  return harness;
}

/** A window that records every event it is sent. */
export function recordingPeer(id: string): { peer: Peer; events: { name: string; payload: unknown }[] } {
  const events: { name: string; payload: unknown }[] = [];
  return {
    events,
    peer: { id, send: (name, payload) => void events.push({ name, payload }), onClose: () => {} },
  };
}

/** A stream's `done` event among what a recording peer was sent, once it comes. */
export async function streamEnd(
  events: { name: string; payload: unknown }[],
  streamId: string,
  timeoutMs = 15_000,
): Promise<Extract<ChatStreamEvent, { type: 'done' }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const end = events
      .filter((e) => e.name === 'chat.event')
      .map((e) => e.payload as ChatStreamEvent)
      .find((e) => e.streamId === streamId && e.type === 'done');
    if (end?.type === 'done') return end;
    if (Date.now() > deadline) throw new Error(`The stream ${streamId} did not end in ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
