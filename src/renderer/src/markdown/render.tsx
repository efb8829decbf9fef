import { memo, useEffect, useReducer } from 'react';
import type { ReactNode } from 'react';
import type { Token, Tokens } from 'marked';
import { safeUrl } from './safe-url.ts';
import type { MathToken } from './math.ts';
import { mathKey, mathNow, renderMath } from './katex.ts';
import { whenIdle } from './idle.ts';
import { Contained } from '../components/ErrorBoundary.tsx';
import { CodeBlock } from './CodeBlock.tsx';

/**
 * marked tokens to React elements. Nothing from the model becomes live HTML: raw HTML tokens are
 * shown as text, only http(s)/mailto URLs become links (opened outside the app), images are
 * links (never fetched). The only injected markup is KaTeX's and highlight.js's, both of which
 * escape their input.
 */
export const BlockView = memo(function BlockView({ token, streaming }: { token: Token; streaming: boolean }) {
  // A block that throws shows as its text; the rest of the answer, and the window, stay.
  return (
    <Contained raw={token.raw} resetKey={token}>
      <Block token={token} streaming={streaming} />
    </Contained>
  );
});

function Block({ token, streaming }: { token: Token; streaming: boolean }) {
  return <>{streaming ? renderBlock(token, true) : renderClosed(token)}</>;
}

/** A closed block's elements, made once per token (they are immutable; a remount reuses them). */
const closedElements = new WeakMap<Token, ReactNode>();
function renderClosed(token: Token): ReactNode {
  let node = closedElements.get(token);
  if (node === undefined) {
    node = renderBlock(token, false);
    closedElements.set(token, node);
  }
  return node;
}

/** Deeper than this, a block or inline span shows as its text: deep DOM trees are slow (or fatal) to lay out. */
export const MAX_NESTING = 32;

function renderBlock(token: Token, streaming: boolean, key?: number, depth = 0): ReactNode {
  if (depth > MAX_NESTING) return <p key={key}>{token.raw}</p>;
  const inner = depth + 1;
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'blockGroup':
      return (token as unknown as { tokens: Token[] }).tokens.map((t, i) =>
        renderBlock(t, streaming, i, depth),
      );
    case 'paragraph':
      return (
        // A chunk of a huge paragraph runs into the next one (blocks.ts).
        <p key={key} className={(token as { continued?: boolean }).continued ? 'continued' : undefined}>
          {renderInline((token as Tokens.Paragraph).tokens, inner)}
        </p>
      );
    case 'heading': {
      const t = token as Tokens.Heading;
      const Tag = `h${Math.min(6, Math.max(1, t.depth))}` as 'h1';
      return <Tag key={key}>{renderInline(t.tokens, inner)}</Tag>;
    }
    case 'code': {
      const t = token as Tokens.Code;
      const lang = (t.lang ?? '').trim().split(/\s+/)[0] ?? '';
      const open =
        streaming && !/\n {0,3}(`{3,}|~{3,})\s*$/.test(t.raw) && /^ {0,3}(`{3,}|~{3,})/.test(t.raw);
      return (
        <Contained key={key} raw={t.raw}>
          <CodeBlock code={t.text} language={lang} streaming={open} />
        </Contained>
      );
    }
    case 'blockquote':
      return (
        <blockquote key={key}>
          {(token as Tokens.Blockquote).tokens.map((t, i) => renderBlock(t, streaming, i, inner))}
        </blockquote>
      );
    case 'hr':
      return <hr key={key} />;
    case 'list': {
      const t = token as Tokens.List;
      const items = t.items.map((item, i) => (
        <li key={i} className={item.task ? 'task' : undefined}>
          {item.task && (
            <input type="checkbox" checked={!!item.checked} readOnly disabled aria-hidden="true" />
          )}
          {item.tokens.map((child, j) =>
            child.type === 'text' && 'tokens' in child && child.tokens ? (
              <span key={j}>{renderInline(child.tokens, inner)}</span>
            ) : child.type === 'checkbox' ? null : (
              renderBlock(child, streaming, j, inner)
            ),
          )}
        </li>
      ));
      if (t.ordered) {
        const start = typeof t.start === 'number' && t.start !== 1 ? t.start : undefined;
        return (
          <ol key={key} start={start}>
            {items}
          </ol>
        );
      }
      return <ul key={key}>{items}</ul>;
    }
    case 'table': {
      const t = token as Tokens.Table;
      const align = (i: number) => t.align[i] ?? undefined;
      return (
        <div key={key} className="table-wrap">
          <table>
            <thead>
              <tr>
                {t.header.map((cell, i) => (
                  <th key={i} style={align(i) ? { textAlign: align(i)! } : undefined}>
                    {renderInline(cell.tokens, inner)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} style={align(i) ? { textAlign: align(i)! } : undefined}>
                      {renderInline(cell.tokens, inner)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'html':
    case 'plainText':
      // Raw HTML from the model is shown as the text it is, never parsed; so is a block too big to parse.
      return (
        <p key={key} className="raw-html">
          {token.raw.trimEnd()}
        </p>
      );
    case 'blockMath':
      return <MathBlock key={key} token={token as MathToken} />;
    case 'text': {
      const t = token as Tokens.Text;
      return <p key={key}>{t.tokens ? renderInline(t.tokens, inner) : t.text}</p>;
    }
    default:
      return <p key={key}>{token.raw}</p>;
  }
}

function MathBlock({ token }: { token: MathToken }) {
  if (!token.closed) return <pre className="math-pending">{token.raw}</pre>;
  return (
    <Contained raw={token.raw}>
      <MathView tex={token.text} display />
    </Contained>
  );
}

/**
 * A formula: KaTeX's markup when it is cached or fits this task's budget, otherwise its source
 * until idle time renders it; its source for good if KaTeX refused or failed it.
 */
function MathView({ tex, display }: { tex: string; display: boolean }) {
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  const html = mathNow(tex, display);
  useEffect(() => {
    if (html !== undefined) return;
    return whenIdle(mathKey(tex, display), () => renderMath(tex, display), rendered);
  }, [tex, display, html]);
  if (typeof html === 'string') {
    const Tag = display ? 'div' : 'span';
    return (
      <Tag className={display ? 'math-display' : 'math-inline'} dangerouslySetInnerHTML={{ __html: html }} />
    );
  }
  const source = <code className={html === null ? 'math-source' : 'math-pending'}>{tex}</code>;
  return display ? <pre>{source}</pre> : source;
}

function renderInline(tokens: Token[] | undefined, depth: number): ReactNode {
  if (!tokens) return null;
  return tokens.map((token, i) => renderInlineToken(token, i, depth));
}

function renderInlineToken(token: Token, key: number, depth: number): ReactNode {
  if (depth > MAX_NESTING) return token.raw;
  const inner = depth + 1;
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? <span key={key}>{renderInline(t.tokens, inner)}</span> : t.text;
    }
    case 'escape':
      return (token as Tokens.Escape).text;
    case 'strong':
      return <strong key={key}>{renderInline((token as Tokens.Strong).tokens, inner)}</strong>;
    case 'em':
      return <em key={key}>{renderInline((token as Tokens.Em).tokens, inner)}</em>;
    case 'del':
      return <del key={key}>{renderInline((token as Tokens.Del).tokens, inner)}</del>;
    case 'codespan':
      return <code key={key}>{(token as Tokens.Codespan).text}</code>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const t = token as Tokens.Link;
      const href = safeUrl(t.href);
      const children = renderInline(t.tokens, inner);
      if (!href)
        return (
          <span key={key} className="unsafe-link">
            {children}
          </span>
        );
      return (
        <a key={key} href={href} target="_blank" rel="noopener noreferrer" title={t.title ?? href}>
          {children}
        </a>
      );
    }
    case 'image': {
      const t = token as Tokens.Image;
      const href = safeUrl(t.href);
      const label = t.text || t.href;
      // Images from model output are never fetched: show a link to them instead.
      if (!href)
        return (
          <span key={key} className="unsafe-link">
            {label}
          </span>
        );
      return (
        <a key={key} className="image-link" href={href} target="_blank" rel="noopener noreferrer">
          {label}
        </a>
      );
    }
    case 'html':
      return (token as Tokens.HTML).raw;
    case 'inlineMath': {
      const t = token as MathToken;
      return (
        <Contained key={key} raw={t.raw}>
          <MathView tex={t.text} display={false} />
        </Contained>
      );
    }
    default:
      return 'raw' in token ? token.raw : null;
  }
}
