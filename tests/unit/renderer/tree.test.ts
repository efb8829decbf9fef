import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../../src/shared/history.ts';
import {
  buildTree,
  newestLeafUnder,
  pathTo,
  siblingsOf,
  subtreeOf,
} from '../../../src/renderer/src/state/tree.ts';
import { dateGroup } from '../../../src/renderer/src/lib/dates.ts';
import { estimateContext, estimateTokens } from '../../../src/renderer/src/lib/tokens.ts';

let clock = 0;
function msg(id: string, parentId: string | null, role: 'user' | 'assistant' = 'user'): StoredMessage {
  return {
    id,
    conversationId: 'c',
    parentId,
    role,
    content: id,
    parts: [{ type: 'text', text: id }],
    reasoning: null,
    state: 'complete',
    error: null,
    providerId: null,
    model: null,
    usage: null,
    costUsd: null,
    adjustments: null,
    createdAt: ++clock,
    updatedAt: clock,
  };
}

// u1 -> a1 -> u2 -> a2
//          \-> u2b -> a2b        (an edit of u2)
//    \-> a1b                     (a regeneration of a1)
const messages = [
  msg('u1', null),
  msg('a1', 'u1', 'assistant'),
  msg('u2', 'a1'),
  msg('a2', 'u2', 'assistant'),
  msg('u2b', 'a1'),
  msg('a2b', 'u2b', 'assistant'),
  msg('a1b', 'u1', 'assistant'),
];

describe('message tree', () => {
  const tree = buildTree(messages);

  it('shows root..leaf', () => {
    expect(pathTo(tree, 'a2').map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(pathTo(tree, 'a2b').map((m) => m.id)).toEqual(['u1', 'a1', 'u2b', 'a2b']);
  });

  it('falls back to the newest branch for an unknown leaf', () => {
    expect(pathTo(tree, 'missing').map((m) => m.id)).toEqual(['u1', 'a1b']);
    expect(pathTo(buildTree([]), null)).toEqual([]);
  });

  it('numbers siblings in creation order', () => {
    const { siblings, index } = siblingsOf(tree, tree.byId.get('u2b')!);
    expect(siblings.map((m) => m.id)).toEqual(['u2', 'u2b']);
    expect(index).toBe(1);
    expect(siblingsOf(tree, tree.byId.get('a1b')!).siblings.map((m) => m.id)).toEqual(['a1', 'a1b']);
  });

  it('switching to a sibling shows its newest leaf', () => {
    expect(newestLeafUnder(tree, 'a1')).toBe('a2b');
    expect(newestLeafUnder(tree, 'u2')).toBe('a2');
    expect(newestLeafUnder(tree, 'a1b')).toBe('a1b');
  });

  it('a message’s subtree: itself, its answers, follow-ups and their branches', () => {
    expect([...subtreeOf(tree, 'a1')].sort()).toEqual(['a1', 'a2', 'a2b', 'u2', 'u2b']);
    expect([...subtreeOf(tree, 'a1b')]).toEqual(['a1b']);
    expect(subtreeOf(tree, 'u1').size).toBe(7);
  });

  it('survives a cycle in corrupt data', () => {
    const cyclic = buildTree([{ ...msg('x', 'y') }, { ...msg('y', 'x') }]);
    expect(pathTo(cyclic, 'x').length).toBeLessThanOrEqual(2);
  });
});

describe('sidebar date groups', () => {
  const now = new Date(2026, 5, 15, 12, 0).getTime();
  const day = 24 * 3600 * 1000;
  it('puts pinned first, then today, yesterday, 7 and 30 days, then months', () => {
    expect(dateGroup(now - 1000, true, now)).toBe('pinned');
    expect(dateGroup(now - 3600_000, false, now)).toBe('today');
    expect(dateGroup(now - day, false, now)).toBe('yesterday');
    expect(dateGroup(now - 5 * day, false, now)).toBe('week');
    expect(dateGroup(now - 20 * day, false, now)).toBe('month');
    expect(dateGroup(new Date(2025, 11, 3).getTime(), false, now)).toBe('m:2025-12');
  });
});

describe('token estimate', () => {
  it('counts CJK characters one by one and other text by four', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateContext([{ content: 'abcd' }], 'abcd')).toBe(3 + 1 + 4 + 1 + 4);
  });
});
