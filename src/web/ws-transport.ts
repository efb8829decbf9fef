import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Envelope, EventName, EventPayload } from '../shared/contract.ts';
import type { ClientFrame, ServerFrame } from '../shared/wire.ts';
import { parseClientFrame } from '../shared/wire.ts';
import type { IncomingCall, Peer, Transport } from '../main/core/rpc/bind-contract.ts';

const SHUTTING_DOWN: Envelope<never> = {
  ok: false,
  error: { code: 'internal', message: 'Parley is shutting down.' },
};
const FAILED: Envelope<never> = {
  ok: false,
  error: { code: 'internal', message: 'Something went wrong inside Parley. Please try again.' },
};

/**
 * One Peer per authenticated socket. Sockets reach here only after the host checked the token
 * and Origin, so every call on them is trusted. Nothing a socket sends may end the process: bad
 * frames close that socket with a reason, and every failure of a call becomes an error envelope.
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
    socket.on('error', socketFailed);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return socket.close(1003, 'Text frames only');
      const frame = parseClientFrame(data.toString());
      if (!frame) return socket.close(1007, 'Malformed frame');
      void this.#handle(socket, peer, frame);
    });
    return peer;
  }

  async #handle(socket: WebSocket, peer: Peer, frame: ClientFrame): Promise<void> {
    let envelope: Envelope<unknown>;
    try {
      const dispatch = this.#dispatch;
      envelope = dispatch
        ? await dispatch({ name: frame.name, input: frame.input, peer, trusted: true })
        : SHUTTING_DOWN;
    } catch {
      envelope = FAILED;
    }
    try {
      send(socket, { t: 'res', id: frame.id, envelope });
    } catch {
      send(socket, { t: 'res', id: frame.id, envelope: FAILED });
    }
  }
}

/**
 * Oversized frames, invalid UTF-8, unmasked frames, bad opcodes and resets arrive as `error`;
 * `ws` has already sent the matching close (1009, 1007, 1002) or destroyed the socket, so there is
 * nothing left to do but not let the error escape (an EventEmitter with no listener throws it).
 */
function socketFailed(): void {}

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
