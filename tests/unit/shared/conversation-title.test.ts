import { describe, expect, it } from 'vitest';
import {
  GENERATED_TITLE_MAX_CHARS,
  TITLE_MAX_CHARS,
  conversationTitle,
  generatedTitle,
} from '../../../src/shared/conversation-title.ts';

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

describe('a generated title', () => {
  it('drops labels, Markdown, quotes and a closing full stop, in any order', () => {
    expect(generatedTitle('Title: **Cheap** title.')).toBe('Cheap title');
    expect(generatedTitle('“问候与天气”。')).toBe('问候与天气');
    expect(generatedTitle('"\'Nested quotes.\'"')).toBe('Nested quotes');
    expect(generatedTitle('# 标题：《红楼梦》读后感\nSecond line')).toBe('《红楼梦》读后感');
    expect(generatedTitle('Why is the sky blue?')).toBe('Why is the sky blue?');
  });

  it('keeps no control characters and nothing usable from an empty answer', () => {
    expect(generatedTitle('Tab\there\u0007 bell')).toBe('Tab here bell');
    expect(generatedTitle('  \n"" . ')).toBe('');
  });

  it(`is capped at ${GENERATED_TITLE_MAX_CHARS} characters`, () => {
    const title = generatedTitle('word '.repeat(100));
    expect(title).toHaveLength(GENERATED_TITLE_MAX_CHARS);
    expect(title.endsWith('…')).toBe(true);
  });
});
