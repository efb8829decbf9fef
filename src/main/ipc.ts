import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventName, EventPayload } from '../shared/contract.ts';
import type { IncomingCall, Peer, Transport } from './core/rpc/bind-contract.ts';

export const REQUEST_CHANNEL = 'parley:request';
export const EVENT_CHANNEL = 'parley:event';

/** What a window's Peer needs of its webContents; a real WebContents fits. */
export interface PeerContents {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed' | 'render-process-gone', listener: () => void): unknown;
}

export interface ElectronTransport extends Transport {
  /**
   * The window's Peer: the one its requests come with, and the way main sends it an event of its
   * own accord (the shell's `app.navigate`), like every other event.
   */
  peerFor(contents: PeerContents): Peer;
}

/**
 * Electron IPC as a contract transport: one invoke channel for every request, one channel for
 * events. A call is trusted only from the main frame of one of our own windows showing our page.
 */
export function electronTransport(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  isOwnPage: (contents: WebContents, frameUrl: string) => boolean,
): ElectronTransport {
  const peers = new WeakMap<PeerContents, Peer>();
  const peerFor = (contents: PeerContents): Peer => {
    let peer = peers.get(contents);
    if (!peer) {
      peer = webContentsPeer(contents);
      peers.set(contents, peer);
    }
    return peer;
  };
  return {
    peerFor,
    serve(dispatch) {
      ipcMain.handle(REQUEST_CHANNEL, (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
        const frame = event.senderFrame;
        const trusted = !!frame && frame.parent === null && isOwnPage(event.sender, frame.url);
        const call: IncomingCall = { name, input, peer: peerFor(event.sender), trusted };
        return dispatch(call);
      });
      return () => ipcMain.removeHandler(REQUEST_CHANNEL);
    },
  };
}

function webContentsPeer(contents: PeerContents): Peer {
  return {
    id: `wc:${contents.id}`,
    send<E extends EventName>(name: E, payload: EventPayload<E>) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
    },
    onClose(listener) {
      contents.once('destroyed', listener);
      contents.once('render-process-gone', listener);
    },
  };
}
