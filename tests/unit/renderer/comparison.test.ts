import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../../src/shared/history.ts';
import { answerFigures, openComparison } from '../../../src/renderer/src/state/comparison.ts';
import { buildTree, pathTo } from '../../../src/renderer/src/state/tree.ts';

const at = 1000;
function msg(id: string, parentId: string | null, extra: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id,
    conversationId: 'c',
    parentId,
    role: parentId === null || id.startsWith('u') ? 'user' : 'assistant',
    content: id,
    parts: [{ type: 'text', text: id }],
    reasoning: null,
    state: 'complete',
    error: null,
    providerId: 'p',
    model: id,
    usage: null,
    costUsd: null,
    adjustments: null,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

// u1 -> a (compared: x, b, c, all made in the same millisecond, in that order) ; a plain regeneration r
const question = msg('u1', null);
const compared = ['x', 'b', 'c'].map((id) => msg(id, 'u1', { compareId: 'u1' }));
const view = (messages: StoredMessage[], leaf: string) => {
  const tree = buildTree(messages);
  return openComparison(tree, pathTo(tree, leaf));
};

describe('openComparison', () => {
  it('shows the answers side by side, in the order stored, while the branch ends at one of them', () => {
    for (const leaf of ['x', 'b', 'c']) {
      const open = view([question, ...compared], leaf);
      expect(open?.question.id).toBe('u1');
      expect(open?.answers.map((m) => m.id)).toEqual(['x', 'b', 'c']);
    }
  });

  it('leaves out an answer of the same question that was not part of the comparison', () => {
    const other = msg('r', 'u1', { createdAt: at + 1 });
    expect(view([question, ...compared, other], 'x')?.answers.map((m) => m.id)).toEqual(['x', 'b', 'c']);
    expect(view([question, ...compared, other], 'r')).toBeNull();
  });

  it('is a normal thread once settled (no compareId) or once any answer has a follow-up', () => {
    const settled = compared.map((m) => ({ ...m, compareId: null }));
    expect(view([question, ...settled], 'b')).toBeNull();
    const followUp = msg('u2', 'x', { createdAt: at + 5 });
    expect(view([question, ...compared, followUp], 'u2')).toBeNull();
    expect(view([question, ...compared, followUp], 'b')).toBeNull();
    expect(view([question], 'u1')).toBeNull();
  });
});

describe('answerFigures', () => {
  it('speed is output tokens over the time after the first token', () => {
    const done = msg('x', 'u1', {
      usage: { inputTokens: 12, outputTokens: 90, estimated: false },
      costUsd: 0.002,
      timing: { ttftMs: 500, durationMs: 3500 },
    });
    expect(answerFigures(done)).toEqual({
      ttftMs: 500,
      durationMs: 3500,
      tokensPerSecond: 30,
      inputTokens: 12,
      outputTokens: 90,
      costUsd: 0.002,
    });
  });

  it('leaves unknown what it cannot know: no usage, no first token, no time to divide by', () => {
    expect(answerFigures(msg('x', 'u1', { timing: { ttftMs: null, durationMs: 800 } }))).toMatchObject({
      ttftMs: null,
      durationMs: 800,
      tokensPerSecond: null,
      inputTokens: null,
    });
    const instant = msg('x', 'u1', {
      usage: { inputTokens: 1, outputTokens: 5, estimated: false },
      timing: { ttftMs: 200, durationMs: 200 },
    });
    expect(answerFigures(instant).tokensPerSecond).toBeNull();
    expect(answerFigures(msg('x', 'u1')).durationMs).toBeNull();
  });
});
