import type { AppError } from '../../../src/shared/errors.ts';
import type { Envelope, RequestInput } from '../../../src/shared/contract.ts';
import type { ChatSendResult } from '../../../src/shared/chat.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { dispatch } from '../../../src/main/core/rpc/bind-contract.ts';
import type { CoreHarness } from '../core/harness.ts';

/** `chat.send` through the contract as a window sends it, keeping a held question's error whole (its `hold`). */
export function filterSends(harness: () => CoreHarness, peer: Peer) {
  const send = async (input: RequestInput<'chat.send'>): Promise<Envelope<ChatSendResult>> =>
    (await dispatch(harness().core.handlers, {
      name: 'chat.send',
      input,
      peer,
      trusted: true,
    })) as Envelope<ChatSendResult>;
  return {
    send,
    async held(input: RequestInput<'chat.send'>): Promise<AppError> {
      const envelope = await send(input);
      if (envelope.ok) throw new Error('expected the question to be held');
      return envelope.error;
    },
    async started(input: RequestInput<'chat.send'>): Promise<ChatSendResult> {
      const envelope = await send(input);
      if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
      return envelope.value;
    },
  };
}
