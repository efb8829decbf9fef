import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import { ChatService } from '../../../src/main/core/chat/chat-service.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { HistoryContext } from '../../../src/main/core/store/history-context.ts';
import { createConversation } from '../../../src/main/core/store/history-conversations.ts';
import type { HistoryNotice } from '../../../src/main/core/store/history-notices.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import { finishMessage } from '../../../src/main/core/store/history-streaming.ts';
import { addMessage } from '../../../src/main/core/store/history-tree.ts';
import { StreamWriter } from '../../../src/main/core/store/stream-writer.ts';
import { mockProvider, testClient } from '../llm/support.ts';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';

/** Fault tests of the history store: the disk fills in the middle of an answer. */

const until = async (test: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('history fault tests: a disk that fills mid-answer', () => {
  it('the stream writer never throws on a full database; the answer ends in error with all its text, saved once there is room', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-full-'));
    try {
      (await openHistory({ dataDir, autoBackupEveryMs: null })).history.close();
      // SQLite's own limit on the file's size: writes past it fail with "database or disk is full".
      const db = new DatabaseSync(join(dataDir, 'history.sqlite'));
      const ctx = new HistoryContext(db, Date.now, 7);
      const c = createConversation(ctx, { title: 'full disk' });
      const answer = addMessage(ctx, {
        conversationId: c.id,
        parentId: null,
        role: 'assistant',
        content: '',
        state: 'streaming',
      });
      const pages = Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
      db.exec(`PRAGMA max_page_count = ${pages + 3}`);
      const errors: unknown[] = [];
      const writer = new StreamWriter(db, Date.now, (error) => errors.push(error));

      const piece = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
      let sent = '';
      for (let i = 0; i < 200; i++) {
        writer.append(answer.id, { text: piece }); // past 64 KB each flush is tried at once: never a throw
        sent += piece;
      }
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toMatch(/database or disk is full/);

      const ended = finishMessage(ctx, writer, answer.id, { state: 'complete' });
      expect(ended.state).toBe('error');
      expect(ended.error).toMatchObject({
        code: 'storage',
        message: expect.stringMatching(/^The disk is full; the answer could not be saved/),
      });
      expect(ended.content).toBe(sent); // everything that arrived, in memory
      const row = () =>
        db.prepare('SELECT state, content FROM messages WHERE id = ?').get(answer.id) as {
          state: string;
          content: string;
        };
      expect(['error', 'streaming']).toContain(row().state);

      // Space comes back: the text kept in memory is written on the next try.
      db.exec('PRAGMA max_page_count = 1000000');
      await until(() => row().content === sent);
      writer.dropAll();
      db.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('a real full file system (a 2 MB tmpfs; needs root, as in CI containers)', () => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'parley-tmpfs-'));
    const mounted =
      process.platform === 'linux' &&
      process.getuid?.() === 0 &&
      spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]).status === 0;
    if (!mounted)
      console.log(
        'fault-disk-full: no tmpfs could be mounted (not root); the SQLite-limit test above covers the store',
      );
    let mock: MockServer;
    beforeAll(async () => {
      mock = await startMockServer();
    });
    afterAll(async () => {
      await mock.close();
      if (mounted) spawnSync('umount', ['-l', mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    });

    it.runIf(mounted)(
      'chat.send on a disk that fills: the answer ends in error in plain words, the process stays up, and the text is saved when space is freed',
      async () => {
        const dataDir = join(mountPoint, 'data');
        mkdirSync(dataDir);
        const notices: HistoryNotice[] = [];
        const { history } = await openHistory({
          dataDir,
          autoBackupEveryMs: null,
          onNotice: (n) => notices.push(n),
        });
        const { client } = await testClient();
        const provider = mockProvider(mock.url, 'openai');
        const chat = new ChatService({
          client,
          history,
          settings: () => ({
            providers: [provider],
            defaultModel: { providerId: provider.id, model: provider.models[0]! },
            failoverChain: [],
          }),
        });
        const events: ChatStreamEvent[] = [];
        const peer: Peer = {
          id: 'p',
          send: (_n, payload) => void events.push(payload as ChatStreamEvent),
          onClose: () => {},
        };
        try {
          // Fill the file system, leaving too little for the answer.
          const ballast = join(mountPoint, 'ballast');
          const free = () => {
            const out = spawnSync('df', ['-B1', '--output=avail', mountPoint], { encoding: 'utf8' }).stdout;
            return Number(out.trim().split('\n').pop());
          };
          writeFileSync(ballast, Buffer.alloc(Math.max(0, free() - 96 * 1024)));
          const text = 'Ein langer Satz, der die Platte füllt. '.repeat(12_000); // ~470 KB
          mock.enqueue({ text, chunkSize: 4000, chunkDelayMs: 1 });
          const sent = await chat.send({ content: 'fill the disk', conversationId: null, model: null }, peer);
          await until(() => events.some((e) => e.type === 'done'), 20_000);
          const done = events.find((e) => e.type === 'done')!;
          expect(done).toMatchObject({ type: 'done', state: 'error', error: { code: 'storage' } });
          expect(done.type === 'done' && done.error?.message).toMatch(
            /The disk is full; the answer could not be saved/,
          );
          const shown = events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
          expect(shown).toBe(text);
          expect(notices.map((n) => n.kind)).toContain('history-write-failed');

          rmSync(ballast);
          await until(() => history.getMessage(sent.assistantMessageId).content === text, 40_000);
          expect(history.getMessage(sent.assistantMessageId).state).not.toBe('complete');
        } finally {
          await chat.settled();
          await client.close();
          history.close();
        }
      },
      60_000,
    );
  });
});
