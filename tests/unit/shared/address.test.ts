import { describe, expect, it } from 'vitest';
import { mainPageAddress, readAddress, withoutFragment } from '../../../src/shared/address.ts';

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

  it('builds the addresses it reads, relative or resolved against a page', () => {
    expect(mainPageAddress({ kind: 'open', conversationId: 'abc-1' })).toBe('index.html#c=abc-1');
    expect(mainPageAddress({ kind: 'new' }, 'parley://app/quick.html')).toBe('parley://app/index.html#new');
    const url = new URL(
      mainPageAddress({ kind: 'open', conversationId: 'x_Y-2' }, 'http://127.0.0.1:5199/quick.html'),
    );
    expect(url.pathname).toBe('/index.html');
    expect(readAddress(url.hash)).toEqual({ kind: 'open', conversationId: 'x_Y-2' });
  });

  it('drops only the fragment', () => {
    expect(withoutFragment({ pathname: '/index.html', search: '?x=1' })).toBe('/index.html?x=1');
  });
});
