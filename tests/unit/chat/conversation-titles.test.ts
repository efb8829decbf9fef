import { describe, expect, it } from 'vitest';
import { TITLE_INSTRUCTION } from '../../../src/shared/conversation-title.ts';
import { titleRequest, writtenIn } from '../../../src/main/core/chat/conversation-titles.ts';

const message = (role: 'user' | 'assistant', content: string) => ({ role, content });

describe('the title request', () => {
  it('names the language the person writes in, from the script of the first message', () => {
    expect(writtenIn('你好！请用 Python 写一个 hello world')).toBe('Chinese');
    expect(writtenIn('東京の天気はどうですか')).toBe('Japanese');
    expect(writtenIn('오늘 날씨 어때요?')).toBe('Korean');
    expect(writtenIn('What is a monad?')).toBeNull();
    expect(writtenIn('1 + 1 = ?')).toBeNull();
  });

  it('carries the first exchange, cut to size, then the instruction in the conversation’s language', () => {
    const long = 'x'.repeat(5000);
    const request = titleRequest([message('user', '今天天气怎么样？'), message('assistant', long)]);
    expect(request.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(request[0]!.content).toBe('今天天气怎么样？');
    expect(request[1]!.content).toHaveLength(2000);
    expect(request[2]!.content.startsWith(TITLE_INSTRUCTION)).toBe(true);
    expect(request[2]!.content).toContain('in Chinese');
    const english = titleRequest([message('user', 'Hi there'), message('assistant', 'Hello!')]);
    expect(english[2]!.content).toContain('in the language of the conversation');
  });
});
