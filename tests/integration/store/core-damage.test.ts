import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Envelope, RequestInput, RequestName, RequestOutput } from '../../../src/shared/contract.ts';
import { createCore } from '../../../src/main/core/app-core.ts';
import type { Core } from '../../../src/main/core/app-core.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { dispatch } from '../../../src/main/core/rpc/bind-contract.ts';
import { browserQuickHandlers } from '../../../src/web/quick-handlers.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import { leafPages, userMessage } from '../../fixtures/history-kit.ts';

/**
 * Damage that start-up does not see (deep in the messages table) must not leave every request
 * answering "internal: Something went wrong": the first request that meets it repairs the file and
 * is answered, the windows are told to reload, and the notice list says what happened.
 */
let dataDir: string;
let core: Core | null = null;
const events: { name: string; payload: unknown }[] = [];
const peer: Peer = {
  id: 't',
  send: (name, payload) => void events.push({ name, payload }),
  onClose: () => {},
};

async function call<N extends RequestName>(name: N, input: RequestInput<N>) {
  return (await dispatch(core!.handlers, { name, input, peer, trusted: true })) as Envelope<RequestOutput<N>>;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-core-damage-'));
});
afterEach(async () => {
  await core?.history.maintenance;
  await core?.close();
  core = null;
  rmSync(dataDir, { recursive: true, force: true });
});

it('a request that meets damage repairs the history, answers, and reports it (English and Chinese)', async () => {
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    const c = history.createConversation({ title: `conversation ${i}` });
    userMessage(history, {
      conversationId: c.id,
      parentId: null,
      content: `message ${i} ${'words '.repeat(150)}`,
    });
    ids.push(c.id);
  }
  // A fresh automatic backup: start-up has no reason to run its full check.
  await history.backups.create('auto');
  history.close();
  const file = join(dataDir, 'history.sqlite');
  const leaves = leafPages(dataDir, 'messages');
  const bytes = readFileSync(file);
  // Every leaf but the last in key order (the open-time probe reads the newest rows).
  for (const page of leaves.slice(0, -1)) bytes.fill(0x5a, (page - 1) * 4096, page * 4096);
  writeFileSync(file, bytes);

  core = await createCore({ dataDir, edition: 'web', host: browserQuickHandlers });
  expect(core.notices.map((n) => n.message).join(' ')).not.toMatch(/damaged/); // start-up did not see it
  const opened = await call('history.open', { conversationId: ids[0]! });
  expect(opened.ok).toBe(true);
  if (opened.ok) expect(opened.value.messages[0]!.content).toMatch(/^message 0 /);
  const settings = await call('settings.get', {});
  expect(settings.ok && settings.value.notices.map((n) => n.message).join(' ')).toMatch(
    /The conversation history file was damaged\. .*Recovered from the damaged file: 60 conversations and \d+ messages\. Added from the newest backup: 0 conversations and \d+ messages\./,
  );
  expect(events).toContainEqual({
    name: 'history.changed',
    payload: { conversationId: null, reason: 'restored', summary: null },
  });
  const listed = await call('history.list', { limit: 100 });
  expect(listed.ok && listed.value.items).toHaveLength(60);
  for (const [i, id] of ids.entries()) {
    expect(core.history.open(id).messages.map((m) => m.content.split(' ').slice(0, 2).join(' '))).toEqual([
      `message ${i}`,
    ]);
  }

  // The same report in Chinese for a Chinese user (every notice carries both languages).
  await call('settings.update', { language: 'zh-CN' });
  await core.history.maintenance;
  await core.close();
  writeFileSync(file, '');
  core = await createCore({ dataDir, edition: 'web', host: browserQuickHandlers });
  expect(core.notices.map((n) => n.messageZh).join(' ')).toMatch(/对话历史文件为空（0 字节）/);
});

it('backups.* through the contract: list, create, restore; a bad id is refused at the boundary', async () => {
  core = await createCore({ dataDir, edition: 'web', host: browserQuickHandlers });
  core.history.createConversation({ title: 'one' });
  const made = await call('backups.create', {});
  expect(made.ok && made.value).toMatchObject({
    id: expect.stringMatching(/^history-manual-/),
    conversations: 1,
  });
  core.history.createConversation({ title: 'two' });
  const listed = await call('backups.list', {});
  expect(listed.ok && listed.value.map((b) => b.id)).toEqual([made.ok && made.value.id]);
  expect(await call('backups.restore', { id: made.ok ? made.value.id : '' })).toEqual({
    ok: true,
    value: { restored: true },
  });
  expect(core.history.list().items.map((c) => c.title)).toEqual(['one']);
  const bad = await call('backups.restore', { id: '../../etc/passwd' });
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.error.code).toBe('invalid_input');
});
