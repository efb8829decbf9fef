import { describe, expect, it } from 'vitest';
import type { Handlers, IncomingCall, Peer, Transport } from '../../../src/main/core/rpc/bind-contract.ts';
import { bindContract } from '../../../src/main/core/rpc/bind-contract.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import type { Envelope } from '../../../src/shared/contract.ts';
import { requestNames } from '../../../src/shared/contract.ts';

const peer: Peer = { id: 'p1', send: () => {}, onClose: () => {} };

function loopback(): Transport & { call(call: Partial<IncomingCall>): Promise<Envelope<unknown>> } {
  let dispatch: ((call: IncomingCall) => Promise<Envelope<unknown>>) | null = null;
  return {
    serve(fn) {
      dispatch = fn;
      return () => (dispatch = null);
    },
    call(call) {
      return dispatch!({ name: 'app.info', input: {}, peer, trusted: true, ...call });
    },
  };
}

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => {
    throw new Error('not used here');
  };
  const all = Object.fromEntries(requestNames.map((name) => [name, unused])) as unknown as Handlers;
  return {
    ...all,
    'app.info': () => ({ version: '1.2.3', edition: 'web', platform: 'linux' }),
    'chat.stop': (input) => ({ stopped: input.streamId.length > 0 }),
    ...overrides,
  };
}

describe('bindContract', () => {
  it('answers a valid call from a trusted sender', async () => {
    const transport = loopback();
    bindContract(handlers(), transport);
    expect(await transport.call({})).toEqual({
      ok: true,
      value: { version: '1.2.3', edition: 'web', platform: 'linux' },
    });
  });

  it('refuses a foreign sender before looking at the request', async () => {
    const transport = loopback();
    bindContract(handlers(), transport);
    const result = await transport.call({ trusted: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('refuses a name the contract does not declare, including prototype names', async () => {
    const transport = loopback();
    bindContract(handlers(), transport);
    for (const name of ['fs.readFile', 'toString', '__proto__', 42]) {
      expect(await transport.call({ name })).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    }
  });

  it('answers a name that cannot even become a string, instead of throwing', async () => {
    const transport = loopback();
    bindContract(handlers(), transport);
    for (const name of [{ toString: 1, valueOf: 2 }, Object.create(null), Symbol('x'), null]) {
      const result = await transport.call({ name });
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    }
  });

  it('validates input with the contract schema and says what was wrong', async () => {
    const transport = loopback();
    bindContract(handlers(), transport);
    const result = await transport.call({ name: 'chat.stop', input: { streamId: 'not-a-uuid' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((result as { error: { message: string } }).error.message).toContain('streamId');
    const extra = await transport.call({
      name: 'chat.stop',
      input: { streamId: crypto.randomUUID(), evil: 1 },
    });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('passes ParleyErrors through and hides unexpected ones behind a plain message', async () => {
    const transport = loopback();
    const seen: unknown[] = [];
    bindContract(
      handlers({
        'keys.delete': () => {
          throw new ParleyError({ code: 'not_found', message: 'No such provider.' });
        },
        'keys.test': () => {
          throw new Error('secret sk-123 leaked in a stack');
        },
      }),
      transport,
      { onUnexpectedError: (_name, error) => seen.push(error) },
    );
    expect(await transport.call({ name: 'keys.delete', input: { providerId: 'openai' } })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such provider.' },
    });
    const hidden = await transport.call({ name: 'keys.test', input: { providerId: 'openai' } });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('sk-123');
    expect(seen).toHaveLength(1);
  });
});
