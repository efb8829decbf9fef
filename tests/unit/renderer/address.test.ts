import { describe, expect, it } from 'vitest';
import { readAddress, withoutFragment } from '../../../src/renderer/src/lib/address.ts';

describe('the main page address', () => {
  it('reads #c=<id> and #new', () => {
    expect(readAddress('#c=abc-123_X')).toEqual({ kind: 'open', conversationId: 'abc-123_X' });
    expect(readAddress('#new')).toEqual({ kind: 'new' });
    expect(readAddress('new')).toEqual({ kind: 'new' });
    expect(readAddress('#new=')).toEqual({ kind: 'new' });
  });

  it('ignores anything else', () => {
    expect(readAddress('')).toBeNull();
    expect(readAddress('#')).toBeNull();
    expect(readAddress('#c=')).toBeNull();
    expect(readAddress('#c=../../etc')).toBeNull();
    expect(readAddress(`#c=${'a'.repeat(65)}`)).toBeNull();
    expect(readAddress('#token=abc')).toBeNull();
  });

  it('drops only the fragment', () => {
    expect(withoutFragment({ pathname: '/index.html', search: '?x=1' })).toBe('/index.html?x=1');
  });
});
