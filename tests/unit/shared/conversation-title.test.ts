import { describe, expect, it } from 'vitest';
import { TITLE_MAX_CHARS, conversationTitle } from '../../../src/shared/conversation-title.ts';

describe('the conversation-title rule', () => {
  it('takes the first line with text, whitespace collapsed', () => {
    expect(conversationTitle('\n\n  What   is\ta monad?  \nSecond line')).toBe('What is a monad?');
    expect(conversationTitle('   \n  ')).toBe('');
  });

  it(`keeps at most ${TITLE_MAX_CHARS} characters, the last one an ellipsis when cut`, () => {
    expect(conversationTitle('x'.repeat(TITLE_MAX_CHARS))).toBe('x'.repeat(TITLE_MAX_CHARS));
    const cut = conversationTitle('y'.repeat(TITLE_MAX_CHARS + 1));
    expect(cut).toHaveLength(TITLE_MAX_CHARS);
    expect(cut.endsWith('…')).toBe(true);
  });
});
