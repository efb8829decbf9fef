import { describe, expect, it } from 'vitest';
import hljs from 'highlight.js/lib/common';
import { BlockSplitter, cachedSplitter, splitBlocks } from '../../../src/renderer/src/markdown/blocks.ts';
import {
  STREAM_CHUNK_LINES,
  cachedHighlight,
  highlight,
  highlightWhenIdle,
  splitLastLine,
  streamingChunks,
  whenLanguageReady,
} from '../../../src/renderer/src/markdown/highlight.ts';
import { repairTail } from '../../../src/renderer/src/markdown/repair.ts';
import { safeUrl } from '../../../src/renderer/src/markdown/safe-url.ts';
import { lex } from '../../../src/renderer/src/markdown/lexer.ts';

const doc = [
  '# Title',
  'Some **bold** text and a [link](https://example.com).',
  '| a | b |\n| - | - |\n| 1 | 2 |',
  '```ts\nconst x = 1;\n\nconst y = 2;\n```',
  '- one\n- two',
  '$$\nx^2\n$$',
  'Last paragraph.',
].join('\n\n');

describe('BlockSplitter', () => {
  it('streams to the same blocks as a one-shot parse, in any chunking', () => {
    const whole = splitBlocks(doc).map((b) => b.token.type);
    for (const step of [1, 3, 7, 50]) {
      const splitter = new BlockSplitter();
      for (let i = step; i < doc.length; i += step) splitter.update(doc.slice(0, i), true);
      const { closed, tail } = splitter.update(doc, false);
      expect([...closed, tail!].map((b) => b.token.type)).toEqual(whole);
    }
  });

  it('keeps closed blocks identical (same token object) as text is appended', () => {
    const splitter = new BlockSplitter();
    const first = splitter.update('Para one.\n\nPara two', true);
    const second = splitter.update('Para one.\n\nPara two grows', true);
    expect(first.closed).toHaveLength(1);
    expect(second.closed[0]!.token).toBe(first.closed[0]!.token);
    expect(second.tail!.raw).toBe('Para two grows');
  });

  it('lexes only the tail: a code block with blank lines stays one open block', () => {
    const splitter = new BlockSplitter();
    const { closed, tail } = splitter.update('Intro\n\n```py\na = 1\n\nb = 2\n', true);
    expect(closed.map((b) => b.token.type)).toEqual(['paragraph']);
    expect(tail!.token.type).toBe('code');
  });

  it('starts over when the text is not an extension of the old one', () => {
    const splitter = new BlockSplitter();
    splitter.update('Alpha\n\nBeta\n\nGamma', false);
    const { closed, tail } = splitter.update('Other\n\nText', false);
    expect(closed.map((b) => b.raw.trim())).toEqual(['Other']);
    expect(tail!.raw).toBe('Text');
  });

  it('parses display and inline math', () => {
    const tokens = lex('$$\na+b\n$$\n\nInline $x^2$ here, but $5 and $10 are prices.');
    expect(tokens[0]!.type).toBe('blockMath');
    const inline = (tokens.find((t) => t.type === 'paragraph') as { tokens: { type: string }[] }).tokens;
    expect(inline.filter((t) => t.type === 'inlineMath')).toHaveLength(1);
  });
});

describe('parse cache', () => {
  it('keeps a message’s parse across mounts: same splitter, same closed tokens, nothing lexed again', () => {
    const text = 'First.\n\nSecond.\n\nThird';
    const first = cachedSplitter('message-1').update(text, false);
    const again = cachedSplitter('message-1');
    expect(again.update(text, false)).toBe(first);
    expect(cachedSplitter('message-2')).not.toBe(again);
    // A streamed answer that grows keeps its closed blocks.
    const grown = again.update(`${text} grows`, false);
    expect(grown.closed[0]!.token).toBe(first.closed[0]!.token);
  });
});

describe('code highlighting', () => {
  const code = 'const a = 1;\nfunction f() {\n  return a;\n}';

  it('highlights in idle time, then serves it from the cache', async () => {
    expect(cachedHighlight(code, 'ts')).toBeUndefined();
    await new Promise<void>((done) => highlightWhenIdle(code, 'ts', done));
    expect(cachedHighlight(code, 'ts')).toContain('hljs-keyword');
    expect(cachedHighlight(code, 'ts')).toBe(highlight(code, 'ts'));
  });

  it('does nothing for a block that went away first, or a language it does not know', async () => {
    const gone = 'let unseen = 2;';
    const cancel = highlightWhenIdle(gone, 'js', () => {
      throw new Error('called after cancel');
    });
    cancel();
    await new Promise((r) => setTimeout(r, 50));
    expect(cachedHighlight(gone, 'js')).toBeUndefined();
    expect(cachedHighlight('x', 'no-such-language')).toBeNull();
    await new Promise<void>((done) => highlightWhenIdle('<b>', 'html', done));
    expect(highlight('<b>', 'html')).toContain('&lt;');
  });

  it('compiles a language in an idle turn of its own, never while rendering', async () => {
    // highlight.js compiles a language on first use, in one go (tens of ms, more for some):
    // a render that met a new language would hold its frame that long.
    const go = 'x := 1';
    const language = () => hljs.getLanguage('go') as { isCompiled?: boolean };
    expect(language().isCompiled).toBeFalsy();
    expect(highlight(go, 'go')).toBeUndefined();
    expect(language().isCompiled).toBeFalsy();
    await new Promise<void>((done) => whenLanguageReady('go', done));
    expect(language().isCompiled).toBe(true);
    expect(highlight(go, 'go')).toContain('hljs-');
    expect(whenLanguageReady('go', () => expect.unreachable())).toBeTypeOf('function');
  });

  it('splits a streaming block into pieces of whole lines, and a piece into its complete lines and the rest', () => {
    const lines = Array.from({ length: STREAM_CHUNK_LINES + 5 }, (_, i) => `line ${i}`);
    const pieces = streamingChunks(lines.join('\n'));
    expect(pieces).toHaveLength(2);
    expect(pieces.join('')).toBe(lines.join('\n'));
    expect(pieces[0]!.endsWith('\n')).toBe(true);
    expect(splitLastLine('a\nb\nhalf')).toEqual({ complete: 'a\nb\n', partial: 'half' });
    expect(splitLastLine('no newline yet')).toEqual({ complete: '', partial: 'no newline yet' });
  });
});

describe('repairTail', () => {
  it('closes half-written emphasis, code and strike for display', () => {
    expect(repairTail('Some **bold')).toBe('Some **bold**');
    expect(repairTail('an *em')).toBe('an *em*');
    expect(repairTail('use `code')).toBe('use `code`');
    expect(repairTail('~~gone')).toBe('~~gone~~');
  });
  it('hides a marker with nothing after it yet', () => {
    expect(repairTail('Hello **')).toBe('Hello');
    expect(repairTail('Hello `')).toBe('Hello');
  });
  it('shows a half-written link as its text', () => {
    expect(repairTail('See [the docs](https://exa')).toBe('See the docs');
    expect(repairTail('See [the do')).toBe('See the do');
  });
  it('leaves open code fences, finished text and arithmetic alone', () => {
    expect(repairTail('```js\nconst a = `x')).toBe('```js\nconst a = `x');
    expect(repairTail('**done** and *done*')).toBe('**done** and *done*');
    expect(repairTail('2 * 3 = 6')).toBe('2 * 3 = 6');
    expect(repairTail('- item one\n- item **two')).toBe('- item one\n- item **two**');
  });
});

describe('safeUrl', () => {
  it('lets only http(s) and mailto through', () => {
    expect(safeUrl('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    expect(safeUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/');
    expect(safeUrl('mailto:someone@example.com')).toBe('mailto:someone@example.com');
  });
  it('refuses script, data, file, relative and obfuscated URLs', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\nscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '/relative/path',
      '#fragment',
      'https://',
      '',
    ]) {
      expect(safeUrl(url), url).toBeNull();
    }
  });
});
