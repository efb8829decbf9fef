// Issue 9: a permanent fuzz test of the browser edition's way in. Random bytes, frames, names,
// inputs, sizes and encodings, and resets mid-frame, go over real TCP sockets to the real host
// (real core, binder and transport, in a process of its own); after each batch the process must
// still be up and answer a well-formed authenticated request. The binder is also fuzzed directly.
//
// Runs once with a fixed seed and once with a random one, printed so a failure can be replayed:
// PARLEY_FUZZ_SEED=<seed> vitest run tests/unit/web/transport.fuzz.test.ts
import type { Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../src/main/core/rpc/bind-contract.ts';
import { dispatch } from '../../../src/main/core/rpc/bind-contract.ts';
import { requestNames } from '../../../src/shared/contract.ts';
import { MAX_FRAME_BYTES } from '../../../src/shared/wire.ts';
import type { Client, HostProcess } from './support/host-process.ts';
import {
  openClient,
  openRawSession,
  startHostProcess,
  upgradeRequest,
  wsFrame,
} from './support/host-process.ts';

const FIXED_SEED = 20_260_901;
const randomSeed = Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`transport fuzz: fixed seed ${FIXED_SEED}, random seed ${randomSeed} (PARLEY_FUZZ_SEED)`);
const seeds = [FIXED_SEED, randomSeed];

let host: HostProcess;
/** A page that behaves, connected all along: it must keep being answered. */
let bystander: Client;
beforeAll(async () => {
  host = await startHostProcess();
  bystander = await openClient(host);
});
afterAll(async () => {
  bystander.close();
  await host.stop();
});

async function expectHostUp(): Promise<void> {
  expect(host.stderr(), 'the host wrote an error').toBe('');
  expect(host.alive(), 'the host process ended').toBe(true);
  expect(await host.ask()).toMatchObject({ ok: true, value: { edition: 'web' } });
  expect(await bystander.call('app.info', {})).toMatchObject({ ok: true, value: { edition: 'web' } });
}

/** Writes the chunks, then ends, resets or just waits; resolves when the host closed or after a short wait. */
async function deliver(socket: Socket, chunks: Buffer[], ending: 'reset' | 'end' | 'wait'): Promise<void> {
  socket.on('error', () => {});
  socket.on('data', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  for (const chunk of chunks) if (!socket.destroyed) socket.write(chunk);
  if (ending === 'reset') socket.resetAndDestroy();
  else if (ending === 'end') socket.end();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 60))]);
  socket.destroy();
}

// ---- generators -------------------------------------------------------------------------------

const nameArb = fc.oneof(
  fc.constantFrom(...requestNames),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'app.info.x', ''),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant({ toString: 1, valueOf: 2 }),
);

const inputArb = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      providerId: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('openai')),
      conversationId: fc.string({ maxLength: 70 }),
      streamId: fc.oneof(fc.uuid(), fc.string()),
      content: fc.string({ unit: 'grapheme', maxLength: 200 }),
      query: fc.string({ unit: 'grapheme', maxLength: 60 }),
      limit: fc.integer({ min: -5, max: 1000 }),
    },
    { requiredKeys: [] },
  ),
);

/** A JSON text the page might send, or something close to it. */
const frameTextArb = fc.oneof(
  fc
    .record({ t: fc.constant('req'), id: fc.oneof(fc.nat(), fc.double()), name: nameArb, input: inputArb })
    .map((f) => JSON.stringify(f)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

/** Payload bytes: JSON frames, any UTF-16 turned into bytes, raw (often invalid UTF-8) bytes, or long. */
const payloadArb = fc.oneof(
  { weight: 4, arbitrary: frameTextArb.map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(125, 126, 65_535, 65_536, 200_000).map((n) => Buffer.alloc(n, 0x7b)),
  },
);

/** One frame on the wire: any opcode, fin, mask or reserved bits; or cut short; or a length that lies. */
const frameArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        payload: payloadArb,
        opcode: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, fc.integer({ min: 0, max: 15 })),
        fin: fc.boolean(),
        mask: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
        rsv: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, fc.integer({ min: 0, max: 7 })),
        cut: fc.option(fc.nat(), { freq: 4 }),
      })
      .map(({ payload, cut, ...options }) => {
        const frame = wsFrame(payload, options);
        return cut === null ? frame : frame.subarray(0, cut % (frame.length + 1));
      }),
  },
  {
    weight: 1,
    // A header claiming up to 100 MB (the cap is MAX_FRAME_BYTES), then a few bytes.
    arbitrary: fc.integer({ min: MAX_FRAME_BYTES - 2, max: 100 * 1024 * 1024 }).map((n) => {
      const head = Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
      head.writeUInt32BE(n, 6);
      return Buffer.concat([head, Buffer.alloc(64, 0x20)]);
    }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)) },
);

const endingArb = fc.constantFrom('reset', 'end', 'wait') as fc.Arbitrary<'reset' | 'end' | 'wait'>;

/** A request line and headers from anyone on the machine (no token): upgrade or not, any target. */
const httpArb = fc
  .record({
    target: fc.oneof(
      fc.constantFrom(
        'http://[',
        '//[',
        '*',
        '/ws',
        '/ws?token=',
        '/%',
        '/%E0%A4%A',
        '/..%2f..%2fetc',
        '/session',
      ),
      fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n ]/g, '')),
    ),
    upgrade: fc.boolean(),
    junk: fc.string({ unit: 'binary', maxLength: 80 }),
  })
  .map(({ target, upgrade, junk }) =>
    upgrade
      ? upgradeRequest(target || '/', host) + junk
      : `GET ${target || '/'} HTTP/1.1\r\nHost: 127.0.0.1\r\n${junk}\r\n\r\n`,
  );

// ---- properties -------------------------------------------------------------------------------

describe.each(seeds)('the host under random input (seed %i)', (seed) => {
  it('survives random requests from any local process, with resets', async () => {
    await fc.assert(
      fc.asyncProperty(httpArb, endingArb, async (request, ending) => {
        await deliver(await host.raw(), [Buffer.from(request, 'latin1')], ending);
        expect(host.alive(), host.stderr()).toBe(true);
      }),
      { seed, numRuns: 150 },
    );
    await expectHostUp();
  });

  it('survives random frames on an authenticated socket, with resets mid-frame', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(frameArb, { minLength: 1, maxLength: 4 }),
        endingArb,
        async (frames, ending) => {
          await deliver(await openRawSession(host), frames, ending);
          expect(host.alive(), host.stderr()).toBe(true);
        },
      ),
      { seed, numRuns: 150 },
    );
    await expectHostUp();
  });

  it('answers every well-framed call, whatever its name and input, and keeps the socket open', async () => {
    const client = await openClient(host);
    await fc.assert(
      fc.asyncProperty(nameArb, inputArb, async (name, input) => {
        const envelope = await client.call(name, input);
        expect(envelope, `no answer to ${JSON.stringify(name)}`).not.toBeNull();
        expect(typeof envelope!.ok).toBe('boolean');
      }),
      { seed, numRuns: 150 },
    );
    expect(client.isOpen()).toBe(true);
    client.close();
    await expectHostUp();
  });

  it('the binder turns any call into an envelope and never throws', async () => {
    const throwers = [
      new Error('x'),
      null,
      undefined,
      42,
      {
        get message() {
          throw new Error('getter');
        },
      },
    ];
    const handlers = Object.fromEntries(
      requestNames.map((name, i) => [
        name,
        () => {
          throw throwers[i % throwers.length];
        },
      ]),
    ) as unknown as Handlers;
    await fc.assert(
      fc.asyncProperty(nameArb, inputArb, fc.boolean(), async (name, input, trusted) => {
        const peer = { id: 'fuzz', send: () => {}, onClose: () => {} };
        const envelope = await dispatch(handlers, { name, input, peer, trusted });
        expect(typeof envelope.ok).toBe('boolean');
        expect(() => JSON.stringify(envelope)).not.toThrow();
      }),
      { seed, numRuns: 500 },
    );
  });
});
