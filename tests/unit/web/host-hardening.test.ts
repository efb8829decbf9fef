// Issue 9 #1 and #2: things any local process (no token needed) or a page's socket could send,
// which used to end the host. Each runs against the real host in its own process; afterwards the
// process must still be up and answer a well-formed authenticated request.
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { HostProcess } from './support/host-process.ts';
import { openRawSession, startHostProcess, upgradeRequest, wsFrame } from './support/host-process.ts';
import { MAX_FRAME_BYTES } from '../../../src/shared/wire.ts';

let host: HostProcess;
beforeAll(async () => {
  host = await startHostProcess();
});
afterAll(() => host.stop());
afterEach(async () => {
  await new Promise((r) => setTimeout(r, 50));
  try {
    expect(host.stderr()).not.toMatch(/Error|Unhandled/);
    expect(host.alive()).toBe(true);
    expect(await host.ask()).toMatchObject({ ok: true, value: { edition: 'web' } });
  } finally {
    // A host that died fails this test only; the next one gets a fresh host.
    if (!host.alive() || host.stderr()) {
      await host.stop();
      host = await startHostProcess();
    }
  }
});

/** Everything the host sends until it closes the connection. */
function untilClosed(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve) => socket.once('close', () => resolve(Buffer.concat(chunks))));
}

/** The status code of the close frame the host sent on a raw session (the last frame it wrote). */
function closeCode(bytes: Buffer): number | null {
  const at = bytes.lastIndexOf(0x88);
  return at >= 0 && bytes.length >= at + 4 ? bytes.readUInt16BE(at + 2) : null;
}

async function sendRaw(frame: Buffer): Promise<number | null> {
  const socket = await openRawSession(host);
  const done = untilClosed(socket);
  socket.write(frame);
  return closeCode(await done);
}

describe('the host survives hostile requests without the token', () => {
  it('answers an upgrade whose target is not a URL (`http://[`) with 400', async () => {
    const socket = await host.raw();
    const reply = untilClosed(socket);
    socket.write(upgradeRequest('http://[', host));
    expect((await reply).toString()).toMatch(/^HTTP\/1\.1 400/);
  });

  it('answers a page request whose target is not a URL, or not decodable, with 400', async () => {
    for (const target of ['http://[', '/%E0%A4%A']) {
      const socket = await host.raw();
      const reply = untilClosed(socket);
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect((await reply).toString()).toMatch(/^HTTP\/1\.1 400/);
    }
  });

  it('survives a refused upgrade followed by a TCP reset', async () => {
    for (let i = 0; i < 5; i++) {
      const socket = await host.raw();
      socket.write(upgradeRequest('/ws?token=wrong', host));
      await new Promise((r) => setTimeout(r, 5));
      socket.resetAndDestroy();
    }
  });
});

describe('the host survives hostile frames on an authenticated socket', () => {
  it('answers a frame whose name is an object that cannot become a string', async () => {
    const socket = await openRawSession(host);
    const frames: Buffer[] = [];
    socket.on('data', (d: Buffer) => frames.push(d));
    const frame = { t: 'req', id: 7, name: { toString: 1, valueOf: 2 }, input: {} };
    socket.write(wsFrame(Buffer.from(JSON.stringify(frame))));
    await new Promise((r) => setTimeout(r, 200));
    const text = Buffer.concat(frames).toString();
    expect(text).toContain('"id":7');
    expect(text).toContain('unknown_request');
    socket.destroy();
  });

  it('closes with 1009 on a 5 MB and a 50 MB frame, and takes a frame as large as the largest legitimate one', async () => {
    for (const size of [5 * 1024 * 1024, 50 * 1024 * 1024]) {
      expect(await sendRaw(wsFrame(Buffer.alloc(size, 0x61)))).toBe(1009);
    }
    // An import chunk is the largest frame the page sends; it must still pass.
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ws?token=${host.token}`, {
      origin: host.origin,
    });
    await new Promise((r) => ws.once('open', r));
    const big = JSON.stringify({
      t: 'req',
      id: 1,
      name: 'app.info',
      input: { pad: 'x'.repeat(MAX_FRAME_BYTES - 100) },
    });
    ws.send(big);
    const reply = JSON.parse(String(await new Promise((r) => ws.once('message', r)))) as {
      envelope: unknown;
    };
    expect(reply.envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    ws.close();
  });

  it('closes with 1007 on invalid UTF-8 and with 1002 on an unmasked frame or a bad opcode', async () => {
    expect(await sendRaw(wsFrame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))).toBe(1007);
    expect(await sendRaw(wsFrame(Buffer.from('{}'), { mask: false }))).toBe(1002);
    expect(await sendRaw(wsFrame(Buffer.from('{}'), { opcode: 0x3 }))).toBe(1002);
    expect(await sendRaw(wsFrame(Buffer.from('{}'), { rsv: 4 }))).toBe(1002);
  });

  it('survives a reset in the middle of a frame', async () => {
    const socket = await openRawSession(host);
    socket.write(wsFrame(Buffer.alloc(100_000, 0x61)).subarray(0, 50_000));
    await new Promise((r) => setTimeout(r, 20));
    socket.resetAndDestroy();
  });
});
