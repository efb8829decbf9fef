import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import type { SnippetPart } from '../../../src/shared/history.ts';

let dataDir: string;
let history: HistoryService;
let clock: number;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-search-'));
  clock = Date.UTC(2025, 0, 1);
  history = (await openHistory({ dataDir, now: () => (clock += 1000), autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A conversation with these messages (user, assistant, user, …), all complete. */
function conversation(title: string, ...contents: string[]) {
  const c = history.createConversation({ title });
  let parentId: string | null = null;
  const ids: string[] = [];
  contents.forEach((content, i) => {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    const m = history.addMessage({ conversationId: c.id, parentId, role, content, state: 'complete' });
    parentId = m.id;
    ids.push(m.id);
  });
  return { id: c.id, ids };
}

const text = (parts: SnippetPart[]) => parts.map((p) => p.text).join('');
const marked = (parts: SnippetPart[] | null) => (parts ?? []).filter((p) => p.match).map((p) => p.text);

describe('search: titles', () => {
  it('finds a renamed conversation by its title, in Chinese and English, with the title marked', () => {
    const c = conversation('', 'Hello there', 'Hi! How can I help?');
    history.rename(c.id, 'Greeting test 问候');
    conversation('Something else', 'Nothing about it here');

    for (const query of ['问候', '问', 'greeting', 'GREET', 'test 问候']) {
      const groups = history.searchConversations({ query });
      expect(
        groups.map((g) => g.conversationId),
        query,
      ).toEqual([c.id]);
      expect(groups[0]!.title).toBe('Greeting test 问候');
      expect(groups[0]!.best).toBeNull();
      expect(groups[0]!.hitCount).toBe(0);
    }
    expect(marked(history.searchConversations({ query: '问候' })[0]!.titleMatch)).toEqual(['问候']);
    expect(marked(history.searchConversations({ query: 'greeting' })[0]!.titleMatch)).toEqual(['Greeting']);
    expect(text(history.searchConversations({ query: 'greeting' })[0]!.titleMatch!)).toBe(
      'Greeting test 问候',
    );
  });

  it('matches short words in titles only at a word start, and hides deleted conversations', () => {
    const email = conversation('Email drafts', 'Dear team');
    const ai = conversation('AI safety notes', 'Alignment');
    expect(history.searchConversations({ query: 'ai' }).map((g) => g.conversationId)).toEqual([ai.id]);
    expect(history.searchConversations({ query: 'mail' }).map((g) => g.conversationId)).toEqual([email.id]);
    history.delete(ai.id);
    expect(history.searchConversations({ query: 'safety' })).toEqual([]);
  });

  it('puts a conversation whose title matches before ones where only a message does', () => {
    const inMessage = conversation(
      'Weekend',
      'Can you suggest a sourdough recipe?',
      'Sure: flour, water, salt.',
    );
    const inTitle = conversation('Sourdough', 'How long should it rise?', 'About four hours.');
    const both = conversation('Sourdough starter', 'My sourdough starter smells sour', 'That is normal.');
    const groups = history.searchConversations({ query: 'sourdough' });
    expect(groups.map((g) => g.conversationId)).toEqual([both.id, inTitle.id, inMessage.id]);
    expect(groups[0]!.titleMatch).not.toBeNull();
    expect(groups[2]!.titleMatch).toBeNull();
  });
});

describe('search: plain snippets', () => {
  it('strips Markdown from snippets and keeps the matches marked', () => {
    const answer = [
      '### Setting up the **zephyr** gateway',
      '',
      '1. Install it with `npm install zephyr` first.',
      '- See [the zephyr guide](https://example.com/zephyr) and ![zephyr logo](logo.png).',
      '> *Note*: __zephyr__ needs ~~Node 18~~ Node 20.',
      '',
      '```bash',
      'zephyr --port 8080',
      '```',
      '| Option | Meaning |',
      '| --- | --- |',
      '| `--zephyr-mode` | strict |',
      'Use snake_case names like zephyr_port.',
    ].join('\n');
    const c = conversation('Gateway', 'How do I set up the gateway?', answer);
    const [hit] = history.search({ query: 'zephyr' });
    expect(hit!.messageId).toBe(c.ids[1]);
    const plain = text(hit!.snippet);
    for (const syntax of ['###', '**', '`', '](', '![', '~~', '__', '> ', '| ', '1. ', '- See']) {
      expect(plain, syntax).not.toContain(syntax);
    }
    expect(plain).toMatch(
      /^Setting up the zephyr gateway Install it with npm install zephyr first\. See the zephyr guide/,
    );
    expect(marked(hit!.snippet).every((m) => m.toLowerCase() === 'zephyr')).toBe(true);
    expect(marked(hit!.snippet).length).toBeGreaterThanOrEqual(4);

    const groups = history.searchConversations({ query: 'zephyr' });
    expect(text(groups[0]!.best!.snippet)).toBe(plain);
    const deep = history.search({ query: 'snake_case' });
    expect(text(deep[0]!.snippet)).toContain('snake_case names like zephyr_port');
  });

  it('makes a plain snippet around a match deep in a long answer', () => {
    const long = `${'## Filler\n\n**word** '.repeat(5000)}the **quetzal** appears here at last.`;
    conversation('Long', 'Tell me a long story', long);
    const [hit] = history.search({ query: 'quetzal' });
    expect(marked(hit!.snippet)).toEqual(['quetzal']);
    expect(text(hit!.snippet)).toMatch(/^….*word the quetzal appears here at last\.$/);
    expect(text(hit!.snippet)).not.toContain('**');
  });
});

describe('search: grouping and ranking', () => {
  it('groups hits by conversation: the best hit first, and how many matched', () => {
    const a = conversation(
      'Trip planning',
      'I want to visit Kyoto in spring.',
      'Kyoto in spring is lovely: cherry blossoms, temples, and mild weather. Book early.',
      'What about Kyoto food?',
      'Kyoto food: tofu, matcha, kaiseki.',
    );
    const b = conversation('Languages', 'How do you say Kyoto in Japanese?');
    const groups = history.searchConversations({ query: 'kyoto' });
    expect(groups.map((g) => g.conversationId).sort()).toEqual([a.id, b.id].sort());
    const trip = groups.find((g) => g.conversationId === a.id)!;
    expect(trip.hitCount).toBe(4);
    // bm25: the shortest message with the term is the most relevant one.
    expect(trip.best!.messageId).toBe(a.ids[2]);
    expect(trip.title).toBe('Trip planning');
    expect(trip.titleMatch).toBeNull();
    expect(groups.find((g) => g.conversationId === b.id)!.hitCount).toBe(1);

    // Expanded: every hit of that conversation, best first, none of another.
    const all = history.search({ query: 'kyoto', conversationId: a.id });
    expect(all.map((h) => h.messageId)).toHaveLength(4);
    expect(all[0]!.messageId).toBe(a.ids[2]);
    expect(new Set(all.map((h) => h.messageId))).toEqual(new Set(a.ids));
    expect(history.search({ query: 'kyoto', conversationId: b.id }).map((h) => h.messageId)).toEqual(b.ids);
    expect(() => history.search({ query: 'kyoto', conversationId: '' })).toThrow();
  });

  it('ranks by relevance (bm25), with the newer message first when relevance ties', () => {
    const older = conversation('One', 'The pangolin report is due.');
    const rare = conversation(
      'Two',
      'A long note that mentions many things: budgets, meetings, travel, hiring plans and also a pangolin once.',
    );
    const newer = conversation('Three', 'The pangolin report is due.');
    const twice = conversation('Four', 'Pangolin, pangolin: the pangolin report.');
    expect(history.searchConversations({ query: 'pangolin' }).map((g) => g.conversationId)).toEqual([
      twice.id,
      newer.id,
      older.id,
      rare.id,
    ]);
    expect(history.search({ query: 'pangolin' }).map((h) => h.conversationId)).toEqual([
      twice.id,
      newer.id,
      older.id,
      rare.id,
    ]);
  });

  it('ranks Chinese the same way, with short queries too', () => {
    const once = conversation('笔记', '今天学习了数据库的索引，还有很多其他的内容需要复习和整理。');
    const often = conversation('复习', '索引，索引，还是索引。');
    const groups = history.searchConversations({ query: '索引' });
    expect(groups.map((g) => g.conversationId)).toEqual([often.id, once.id]);
    expect(marked(groups[1]!.best!.snippet)).toEqual(['索引']);
    expect(history.searchConversations({ query: '数据库索引' }).map((g) => g.conversationId)).toEqual([]);
    expect(history.searchConversations({ query: '数据库的索引' }).map((g) => g.conversationId)).toEqual([
      once.id,
    ]);
  });

  it('treats query syntax as text and finds nothing for nothing', () => {
    conversation('Plain', 'Nothing special');
    expect(history.searchConversations({ query: '"special" OR NEAR(' })).toEqual([]);
    expect(history.searchConversations({ query: '$$' })).toEqual([]);
    expect(() => history.searchConversations({ query: '  ' })).toThrow();
  });
});
