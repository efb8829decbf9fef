import type { EventName, EventPayload } from '../../../shared/contract.ts';
import type { Peer } from '../rpc/bind-contract.ts';

/**
 * Every window or socket that has talked to us, so changes made in one (a renamed conversation,
 * new settings) reach all of them. A peer leaves when it closes.
 */
export class Broadcaster {
  readonly #peers = new Set<Peer>();

  add(peer: Peer): void {
    if (this.#peers.has(peer)) return;
    this.#peers.add(peer);
    peer.onClose(() => this.#peers.delete(peer));
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const peer of this.#peers) peer.send(name, payload);
  }

  get size(): number {
    return this.#peers.size;
  }
}
