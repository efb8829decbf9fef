import { describe, expect, it } from 'vitest';
import { isOwnPage, rendererSource } from '../../src/main/shell/pages.ts';
import { pages } from './electron-fakes.ts';

const dev = { NODE_ENV_ELECTRON_VITE: 'development', ELECTRON_RENDERER_URL: 'http://localhost:5173' };

describe('where the pages come from', () => {
  it('a build serves them from parley://app/, with DevTools off', () => {
    expect(rendererSource({ isPackaged: true }, {})).toEqual({ ...pages, development: false });
    expect(rendererSource({ isPackaged: false }, {})).toEqual({ ...pages, development: false });
  });

  it('honours ELECTRON_RENDERER_URL only under `npm run dev` of an unpackaged app', () => {
    expect(rendererSource({ isPackaged: false }, dev)).toEqual({
      mainPage: 'http://localhost:5173/index.html',
      quickPage: 'http://localhost:5173/quick.html',
      development: true,
    });
    // A packaged app ignores both variables, whatever the environment says.
    expect(rendererSource({ isPackaged: true }, dev)).toEqual({ ...pages, development: false });
    // Set without electron-vite's dev server (e.g. by another program): ignored.
    const { ELECTRON_RENDERER_URL } = dev;
    expect(rendererSource({ isPackaged: false }, { ELECTRON_RENDERER_URL }).development).toBe(false);
  });

  it('refuses a dev server that is not on this machine or not http(s)', () => {
    for (const url of ['https://evil.test/', 'file:///tmp/x/', 'http://192.168.1.9:5173', 'not a url']) {
      const source = rendererSource({ isPackaged: false }, { ...dev, ELECTRON_RENDERER_URL: url });
      expect(source, url).toEqual({ ...pages, development: false });
    }
  });
});

describe('own pages', () => {
  it('are the two pages on parley://app, whatever their fragment or query', () => {
    expect(isOwnPage('parley://app/index.html#c=abc', pages)).toBe(true);
    expect(isOwnPage('parley://app/', pages)).toBe(true);
    expect(isOwnPage('parley://app/quick.html?x=1', pages)).toBe(true);
    for (const other of [
      'parley://other/index.html',
      'parley://app/assets/index.js',
      'file:///app/out/renderer/index.html',
      'https://app/index.html',
      'not a url',
      '',
    ]) {
      expect(isOwnPage(other, pages), other).toBe(false);
    }
  });
});
