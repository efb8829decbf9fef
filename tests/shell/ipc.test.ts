import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { IpcMain, WebContents } from 'electron';
import { EVENT_CHANNEL, REQUEST_CHANNEL, electronTransport } from '../../src/main/ipc.ts';
import type { Handlers } from '../../src/main/core/rpc/bind-contract.ts';
import { bindContract } from '../../src/main/core/rpc/bind-contract.ts';

class FakeIpcMain {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error('second handler');
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(event: unknown, ...args: unknown[]) {
    return this.handlers.get(REQUEST_CHANNEL)!(event, ...args);
  }
}

class FakeContents extends EventEmitter {
  sent: unknown[][] = [];
  destroyed = false;
  readonly id: number;
  constructor(id: number) {
    super();
    this.id = id;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

const APP_URL = 'parley://app/index.html';

function setup(extra: Partial<Handlers> = {}) {
  const ipc = new FakeIpcMain();
  const ours = new FakeContents(1);
  const transport = electronTransport(
    ipc as unknown as IpcMain,
    (contents, url) => contents === (ours as unknown as WebContents) && url === APP_URL,
  );
  const handlers = {
    'app.info': () => ({ version: '0.1.0', edition: 'desktop', platform: 'linux' }),
    ...extra,
  } as unknown as Handlers;
  const unbind = bindContract(handlers, transport);
  const event = (sender: FakeContents, url = APP_URL, parent: unknown = null) => ({
    sender,
    senderFrame: { url, parent },
  });
  return { ipc, ours, event, unbind, transport };
}

describe('Electron IPC binding', () => {
  it('answers our own window', async () => {
    const { ipc, ours, event } = setup();
    expect(await ipc.invoke(event(ours), 'app.info', {})).toEqual({
      ok: true,
      value: { version: '0.1.0', edition: 'desktop', platform: 'linux' },
    });
  });

  it('refuses another webContents, a subframe and a foreign page', async () => {
    const { ipc, ours, event } = setup();
    const stranger = new FakeContents(2);
    for (const e of [
      event(stranger),
      event(ours, APP_URL, { url: APP_URL }),
      event(ours, 'https://evil.test/'),
    ]) {
      expect(await ipc.invoke(e, 'app.info', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    }
  });

  it('refuses unknown names and invalid input with clear errors', async () => {
    const { ipc, ours, event } = setup();
    expect(await ipc.invoke(event(ours), 'shell.openPath', '/')).toMatchObject({
      ok: false,
      error: { code: 'unknown_request' },
    });
    expect(await ipc.invoke(event(ours), 'chat.stop', { streamId: 7 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('sends events to the calling window only while it lives, and tells when it goes away', async () => {
    let closed = 0;
    const { ipc, ours, event } = setup({
      'chat.stop': (_input, ctx) => {
        ctx.peer.onClose(() => closed++);
        ctx.peer.send('chat.event', {
          streamId: 's',
          type: 'delta',
          text: 'hi',
          reasoning: '',
        });
        return { stopped: true };
      },
    } as Partial<Handlers>);
    await ipc.invoke(event(ours), 'chat.stop', { streamId: crypto.randomUUID() });
    expect(ours.sent).toEqual([
      [EVENT_CHANNEL, 'chat.event', { streamId: 's', type: 'delta', text: 'hi', reasoning: '' }],
    ]);
    ours.destroyed = true;
    ours.emit('destroyed');
    expect(closed).toBe(1);
  });

  it('gives main the same Peer a window calls with, to send it events of its own accord', async () => {
    let callerPeer: unknown = null;
    const { ipc, ours, event, transport } = setup({
      'chat.stop': (_input, ctx) => {
        callerPeer = ctx.peer;
        return { stopped: false };
      },
    } as Partial<Handlers>);
    await ipc.invoke(event(ours), 'chat.stop', { streamId: crypto.randomUUID() });
    const peer = transport.peerFor(ours);
    expect(peer).toBe(callerPeer);
    peer.send('app.navigate', { conversationId: 'c1' });
    expect(ours.sent).toEqual([[EVENT_CHANNEL, 'app.navigate', { conversationId: 'c1' }]]);
    ours.destroyed = true;
    peer.send('app.navigate', { conversationId: 'c2' });
    expect(ours.sent).toHaveLength(1);
  });

  it('unbinding removes the handler', () => {
    const { ipc, unbind } = setup();
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });
});
