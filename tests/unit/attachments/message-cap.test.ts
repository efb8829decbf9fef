import { describe, expect, it } from 'vitest';
import { MemoryAttachments } from '../../../src/main/core/attachments/memory-attachments.ts';
import { newMessageParts } from '../../../src/main/core/chat/attachment-parts.ts';
import { ATTACHMENT_LIMITS } from '../../../src/shared/attachments.ts';

describe('the cap of one message', () => {
  it('refuses attachments that together are over 50 MB, before anything is sent or stored', () => {
    const store = new MemoryAttachments();
    const part = ATTACHMENT_LIMITS.maxMessageBytes / 3;
    const ids = [1, 2, 3].map(
      (n) =>
        store.put(new Uint8Array(part + 1).fill(n), {
          kind: 'text',
          name: `${n}.txt`,
          mime: 'text/plain',
          text: 'x',
        }).id,
    );
    expect(
      newMessageParts(
        'two fit',
        ids.slice(0, 2).map((id) => ({ id })),
        store,
      ),
    ).toHaveLength(3);
    expect(() =>
      newMessageParts(
        'three do not',
        ids.map((id) => ({ id })),
        store,
      ),
    ).toThrow(
      expect.objectContaining({
        reason: 'attachments_too_large',
        message:
          'These files together are larger than 50 MB, more than Parley sends with one message. Send some of them in another message.',
      }),
    );
  });
});
