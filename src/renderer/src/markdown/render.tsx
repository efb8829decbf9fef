import { memo, useMemo } from 'react';
import type { ReactNode } from 'react';
import type { Token, Tokens } from 'marked';
import { safeUrl } from './safe-url.ts';
import type { MathToken } from './math.ts';
import { renderMath } from './katex.ts';
import { CodeBlock } from './CodeBlock.tsx';

/**
 * marked tokens to React elements. Nothing from the model becomes live HTML: raw HTML tokens are
 * shown as text, only http(s)/mailto URLs become links (opened outside the app), images are
 * links (never fetched). The only injected markup is KaTeX's and highlight.js's, both of which
 * escape their input.
 */
export const BlockView = memo(function BlockView({ token, streaming }: { token: Token; streaming: boolean }) {
  return <>{streaming ? renderBlock(token, true) : renderClosed(token)}</>;
});

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

function renderBlock(token: Token, streaming: boolean, key?: number): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'blockGroup':
      return (token as unknown as { tokens: Token[] }).tokens.map((t, i) => renderBlock(t, streaming, i));
    case 'paragraph':
      return <p key={key}>{renderInline((token as Tokens.Paragraph).tokens)}</p>;
    case 'heading': {
      const t = token as Tokens.Heading;
      const Tag = `h${Math.min(6, Math.max(1, t.depth))}` as 'h1';
      return <Tag key={key}>{renderInline(t.tokens)}</Tag>;
    }
    case 'code': {
      const t = token as Tokens.Code;
      const lang = (t.lang ?? '').trim().split(/\s+/)[0] ?? '';
      const open =
        streaming && !/\n {0,3}(`{3,}|~{3,})\s*$/.test(t.raw) && /^ {0,3}(`{3,}|~{3,})/.test(t.raw);
      return <CodeBlock key={key} code={t.text} language={lang} streaming={open} />;
    }
    case 'blockquote':
      return (
        <blockquote key={key}>
          {(token as Tokens.Blockquote).tokens.map((t, i) => renderBlock(t, streaming, i))}
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
              <span key={j}>{renderInline(child.tokens)}</span>
            ) : child.type === 'checkbox' ? null : (
              renderBlock(child, streaming, j)
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
                    {renderInline(cell.tokens)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} style={align(i) ? { textAlign: align(i)! } : undefined}>
                      {renderInline(cell.tokens)}
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
      // Raw HTML from the model is shown as the text it is, never parsed.
      return (
        <p key={key} className="raw-html">
          {(token as Tokens.HTML).raw.trimEnd()}
        </p>
      );
    case 'blockMath':
      return <MathBlock key={key} token={token as MathToken} />;
    case 'text': {
      const t = token as Tokens.Text;
      return <p key={key}>{t.tokens ? renderInline(t.tokens) : t.text}</p>;
    }
    default:
      return <p key={key}>{token.raw}</p>;
  }
}

function MathBlock({ token }: { token: MathToken }) {
  const html = useMemo(
    () => (token.closed ? renderMath(token.text, true) : null),
    [token.closed, token.text],
  );
  if (html === null) return <pre className="math-pending">{token.raw}</pre>;
  return <div className="math-display" dangerouslySetInnerHTML={{ __html: html }} />;
}

function renderInline(tokens: Token[] | undefined): ReactNode {
  if (!tokens) return null;
  return tokens.map((token, i) => renderInlineToken(token, i));
}

function renderInlineToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? <span key={key}>{renderInline(t.tokens)}</span> : t.text;
    }
    case 'escape':
      return (token as Tokens.Escape).text;
    case 'strong':
      return <strong key={key}>{renderInline((token as Tokens.Strong).tokens)}</strong>;
    case 'em':
      return <em key={key}>{renderInline((token as Tokens.Em).tokens)}</em>;
    case 'del':
      return <del key={key}>{renderInline((token as Tokens.Del).tokens)}</del>;
    case 'codespan':
      return <code key={key}>{(token as Tokens.Codespan).text}</code>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const t = token as Tokens.Link;
      const href = safeUrl(t.href);
      const children = renderInline(t.tokens);
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
        <span
          key={key}
          className="math-inline"
          dangerouslySetInnerHTML={{ __html: renderMath(t.text, false) }}
        />
      );
    }
    default:
      return 'raw' in token ? token.raw : null;
  }
}
