import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Envelope, EventName, EventPayload } from '../shared/contract.ts';
import type { IncomingCall, Peer, Transport } from '../main/core/rpc/bind-contract.ts';

/** Browser-edition wire format: the same calls and events as Electron IPC, as JSON frames. */
export type ClientFrame = { t: 'req'; id: number; name: string; input: unknown };
export type ServerFrame =
  { t: 'res'; id: number; envelope: Envelope<unknown> } | { t: 'evt'; name: EventName; payload: unknown };

/**
 * One Peer per authenticated socket. Sockets reach here only after the host checked the token
 * and Origin, so every call on them is trusted.
 */
export class WebSocketTransport implements Transport {
  #dispatch: ((call: IncomingCall) => Promise<Envelope<unknown>>) | null = null;

  serve(dispatch: (call: IncomingCall) => Promise<Envelope<unknown>>): () => void {
    this.#dispatch = dispatch;
    return () => {
      this.#dispatch = null;
    };
  }

  attach(socket: WebSocket): Peer {
    const peer = socketPeer(socket);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return socket.close(1003, 'Text frames only');
      let frame: ClientFrame;
      try {
        frame = JSON.parse(data.toString()) as ClientFrame;
      } catch {
        return socket.close(1007, 'Malformed frame');
      }
      if (frame?.t !== 'req' || !Number.isSafeInteger(frame.id)) return socket.close(1007, 'Malformed frame');
      void this.#handle(socket, peer, frame);
    });
    return peer;
  }

  async #handle(socket: WebSocket, peer: Peer, frame: ClientFrame): Promise<void> {
    const dispatch = this.#dispatch;
    const envelope: Envelope<unknown> = dispatch
      ? await dispatch({ name: frame.name, input: frame.input, peer, trusted: true })
      : { ok: false, error: { code: 'internal', message: 'Parley is shutting down.' } };
    send(socket, { t: 'res', id: frame.id, envelope });
  }
}

function socketPeer(socket: WebSocket): Peer {
  return {
    id: `ws:${randomUUID()}`,
    send<E extends EventName>(name: E, payload: EventPayload<E>) {
      send(socket, { t: 'evt', name, payload });
    },
    onClose(listener) {
      socket.once('close', listener);
    },
  };
}

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}
