import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestInput } from '../../../src/shared/contract.ts';
import type { ChatSendResult } from '../../../src/shared/chat.ts';
import { filterSends } from './filter-sends.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * The question gate through the real contract, as a window sends: a held question stores nothing
 * and never reaches the model server; Redact stores and sends placeholders; rules block or warn;
 * every decision is in the audit log without the text.
 */
let harness: CoreHarness;
let mock: MockServer;
const { peer, events } = recordingPeer('filters');
const KEY = ['sk', 'proj', 'Zq7Lm2Xc9Vb4Nn8Kk1Jj6Hh3Gg5Ff0Dd2Ss7Aa9Pp4Oo1Ii'].join('-');

const { held, started } = filterSends(() => harness, peer);

async function sent(input: RequestInput<'chat.send'>): Promise<ChatSendResult> {
  const result = await started(input);
  await streamEnd(events, result.streamId);
  await harness.core.chat.settled();
  return result;
}

const conversations = async () => (await harness.call('history.list', { limit: 500 })).items.length;
const chatRequests = () => mock.requests.filter((r) => r.path.endsWith('/chat/completions'));
const audit = () =>
  readFileSync(join(harness.dataDir, 'filter-audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  harness = await startCore(peer, 'filters');
  ({ mock } = harness);
});
beforeEach(async () => {
  events.length = 0;
  mock.reset();
  await harness.call('settings.update', {
    contentFilter: {
      moderation: { providers: [], via: null, model: 'omni-moderation-latest', allowSendAnyway: true },
      rules: [],
      secretGuard: { enabled: true, personalData: false },
    },
  });
});
afterAll(() => harness.close());

describe('the secret guard holds a question before anything is stored or sent', () => {
  it('a pasted key: held with what was found (never the key), nothing stored, the model server never asked', async () => {
    const before = await conversations();
    const error = await held({ content: `Why does this fail? OPENAI_API_KEY=${KEY}`, conversationId: null });
    expect(error).toMatchObject({ code: 'content_filtered', reason: 'message_held' });
    expect(error.hold).toEqual({
      findings: [{ source: 'secret', kind: 'openai-key', count: 1, where: 'message' }],
      blocked: false,
      canSendAnyway: true,
      canRedact: true,
    });
    expect(error.message).toContain('an OpenAI key');
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(await conversations()).toBe(before);
    expect(mock.requests).toEqual([]);
  });

  it('Redact stores and sends placeholders', async () => {
    const result = await sent({
      content: `Why does this fail? OPENAI_API_KEY=${KEY}`,
      conversationId: null,
      filters: { secrets: 'redact' },
    });
    const placeholder = 'Why does this fail? OPENAI_API_KEY=[REDACTED openai-key]';
    expect(result.created[0]!.content).toBe(placeholder);
    const stored = await harness.call('history.open', { conversationId: result.conversationId });
    expect(stored.messages[0]!.content).toBe(placeholder);
    const body = JSON.stringify(chatRequests().map((r) => r.body));
    expect(body).toContain('[REDACTED openai-key]');
    expect(body).not.toContain(KEY);
    expect(audit().at(-1)).toMatchObject({ source: 'secret', kind: 'openai-key', decision: 'redacted' });
  });

  it("the person's own saved key is found exactly, as theirs; Send anyway sends it", async () => {
    const error = await held({
      content: 'my key is sk-harness-test-0001, is it valid?',
      conversationId: null,
    });
    expect(error.hold?.findings).toEqual([
      { source: 'secret', kind: 'stored-key', count: 1, where: 'message' },
    ]);
    const result = await sent({
      content: 'my key is sk-harness-test-0001, is it valid?',
      conversationId: null,
      filters: { sendAnyway: true },
    });
    expect(result.created[0]!.content).toContain('sk-harness-test-0001');
    expect(audit().at(-1)).toMatchObject({ source: 'secret', kind: 'stored-key', decision: 'sent-anyway' });
  });

  it('a secret in an attached file is held by its name, and cannot be redacted', async () => {
    const text = `config:\n  token: ghp_${'a1B2c3D4e5'.repeat(4)}\n`;
    const file = harness.core.history.attachments.put(Buffer.from(text), {
      kind: 'text',
      name: 'settings.yml',
      mime: 'text/plain',
      text,
      tokens: 10,
    });
    const error = await held({
      content: 'Review this',
      attachments: [{ id: file.id }],
      conversationId: null,
    });
    expect(error.hold).toMatchObject({
      findings: [{ source: 'secret', kind: 'github-token', count: 1, where: 'settings.yml' }],
      canRedact: false,
      canSendAnyway: true,
    });
    expect(
      await held({ content: 'Review this', attachments: [{ id: file.id }], filters: { secrets: 'redact' } }),
    ).toMatchObject({ reason: 'message_held' });
    expect(mock.requests).toEqual([]);
  });

  it('with the guard off, a key is sent as typed', async () => {
    await harness.call('settings.update', {
      contentFilter: {
        moderation: { providers: [], via: null, model: 'omni-moderation-latest', allowSendAnyway: true },
        rules: [],
        secretGuard: { enabled: false, personalData: false },
      },
    });
    const result = await sent({ content: `key ${KEY}`, conversationId: null });
    expect(result.created[0]!.content).toBe(`key ${KEY}`);
  });

  it('the audit log never holds the text or the secret', () => {
    const log = readFileSync(join(harness.dataDir, 'filter-audit.jsonl'), 'utf8');
    expect(log).not.toContain(KEY);
    expect(log).not.toContain('sk-harness-test-0001');
    expect(log).not.toContain('Why does this fail');
    for (const entry of audit())
      expect(Object.keys(entry).sort()).toEqual(
        expect.arrayContaining(['time', 'source', 'decision', 'conversationId']),
      );
  });
});

describe('rules hold questions', () => {
  const rules = (list: RequestInput<'filters.test'>['rules']) =>
    harness.call('settings.update', {
      contentFilter: {
        moderation: { providers: [], via: null, model: 'omni-moderation-latest', allowSendAnyway: true },
        rules: list!,
        secretGuard: { enabled: true, personalData: false },
      },
    });

  it('a block rule holds for good (full-width and case folded); a warning rule lets Send anyway through', async () => {
    await rules([
      { id: 'project-x', pattern: 'Project X', regex: false, action: 'block', scope: 'both' },
      { id: 'salary', pattern: '工资|salary', regex: true, action: 'warn', scope: 'question' },
    ]);
    const blocked = await held({ content: 'Tell me about ＰＲＯＪＥＣＴ ｘ please', conversationId: null });
    expect(blocked.hold).toEqual({
      findings: [{ source: 'rule', ruleId: 'project-x', action: 'block' }],
      blocked: true,
      canSendAnyway: false,
      canRedact: false,
    });
    expect(
      (await held({ content: 'project x', conversationId: null, filters: { sendAnyway: true } })).hold
        ?.blocked,
    ).toBe(true);
    const warned = await held({ content: '我的工资是多少', conversationId: null });
    expect(warned.hold).toMatchObject({ blocked: false, canSendAnyway: true });
    expect(mock.requests).toEqual([]);
    const result = await sent({
      content: '我的工资是多少',
      conversationId: null,
      filters: { sendAnyway: true },
    });
    expect(result.created[0]!.content).toBe('我的工资是多少');
    expect(audit().at(-1)).toMatchObject({ source: 'rule', ruleId: 'salary', decision: 'sent-anyway' });
  });

  it('filters.test reports matches from given or saved rules, and invalid patterns in plain words', async () => {
    await rules([{ id: 'saved', pattern: 'ｈｅｌｌｏ', regex: false, action: 'warn', scope: 'answer' }]);
    expect(await harness.call('filters.test', { text: 'HELLO world' })).toEqual({
      matches: [{ ruleId: 'saved', action: 'warn' }],
      invalid: [],
    });
    const result = await harness.call('filters.test', {
      text: 'aaaa',
      rules: [
        { id: 'bad', pattern: '(unclosed', regex: true, action: 'block', scope: 'both' },
        { id: 'slow', pattern: '(a+)+$', regex: true, action: 'block', scope: 'both' },
      ],
    });
    expect(result.matches).toEqual([]);
    expect(result.invalid.map((i) => i.ruleId)).toEqual(['bad', 'slow']);
    expect(result.invalid[0]!.message).toMatch(/^This is not a valid regular expression/);
    expect(result.invalid[1]!.message).toMatch(/could take too long/);
  });
});
