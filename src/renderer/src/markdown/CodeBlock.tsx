import { memo, useEffect, useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import {
  WHOLE_BLOCK_LINES,
  cachedHighlight,
  highlight,
  highlightWhenIdle,
  splitLastLine,
  streamingChunks,
  whenLanguageReady,
} from './highlight.ts';
import { CopyCodeButton } from './CopyCodeButton.tsx';
import { MermaidBlock } from './MermaidBlock.tsx';

interface CodeProps {
  code: string;
  language: string;
  streaming: boolean;
}

/** A fenced code block: a Mermaid diagram (MermaidBlock.tsx), or code. */
export const CodeBlock = memo(function CodeBlock(props: CodeProps) {
  if (props.language.toLowerCase() === 'mermaid')
    return <MermaidBlock code={props.code} streaming={props.streaming} />;
  return <Code {...props} />;
});

/** Code: language, Copy, and highlighting (line by line while it streams). */
const Code = memo(function Code({ code, language, streaming }: CodeProps) {
  const { t } = useTranslation();
  return (
    <div className="code-block">
      <div className="code-head">
        <span className="code-lang">{language || t('markdown.code')}</span>
        <CopyCodeButton text={code} label={t('markdown.copyCode')} />
      </div>
      <pre>
        <CodeBody code={code} language={language} streaming={streaming} />
      </pre>
    </div>
  );
});

/**
 * The code, highlighted as a whole when that is ready (cached, or done in idle time). Until then
 * it shows in pieces of whole lines: pieces already highlighted (while it streamed) as they were,
 * the rest as plain text, which takes the same room.
 */
function CodeBody({ code, language, streaming }: { code: string; language: string; streaming: boolean }) {
  const [, highlighted] = useReducer((n: number) => n + 1, 0);
  const asWhole = !streaming && lineCount(code) <= WHOLE_BLOCK_LINES;
  const whole = asWhole ? cachedHighlight(code, language) : undefined;
  useEffect(() => {
    if (!asWhole || whole !== undefined) return;
    return highlightWhenIdle(code, language, highlighted);
  }, [code, language, asWhole, whole]);

  if (whole === null) return <code className="hljs">{code}</code>;
  if (whole !== undefined) return <code className="hljs" dangerouslySetInnerHTML={{ __html: whole }} />;
  const pieces = streamingChunks(code);
  return (
    <code className="hljs">
      {pieces.map((piece, i) => (
        <Piece
          key={i}
          code={piece}
          language={language}
          mode={streaming ? (i === pieces.length - 1 ? 'live' : 'closed') : asWhole ? 'wait' : 'idle'}
        />
      ))}
    </code>
  );
}

/**
 * How a piece of lines is highlighted:
 * - `live`: the end of a streaming block: its complete lines now, once per finished line (cached
 *   in between); its unfinished line shows as it is;
 * - `closed`: a finished piece of a streaming block: once (then cached);
 * - `wait`: a piece of a finished block whose whole highlight is coming: as it last looked;
 * - `idle`: a piece of a finished block too long to highlight at once: in its own idle turn.
 */
type PieceMode = 'live' | 'closed' | 'wait' | 'idle';

const Piece = memo(function Piece({
  code,
  language,
  mode,
}: {
  code: string;
  language: string;
  mode: PieceMode;
}) {
  const [, highlighted] = useReducer((n: number) => n + 1, 0);
  const html = mode === 'closed' ? highlight(code, language) : cachedHighlight(code, language);
  useEffect(() => {
    if (html !== undefined) return;
    if (mode === 'idle') return highlightWhenIdle(code, language, highlighted);
    // (A language is compiled in idle time, not in a render: until then the code shows as text.)
    if (mode !== 'wait') return whenLanguageReady(language, highlighted);
  }, [code, language, mode, html]);

  if (html === null) return <span>{code}</span>;
  if (html !== undefined) return <span dangerouslySetInnerHTML={{ __html: html }} />;
  const { complete, partial } = splitLastLine(code);
  const done = !complete
    ? undefined
    : mode === 'live'
      ? highlight(complete, language)
      : cachedHighlight(complete, language);
  if (!done) return <span>{code}</span>;
  return (
    <>
      <span dangerouslySetInnerHTML={{ __html: done }} />
      {partial}
    </>
  );
});

function lineCount(code: string): number {
  let lines = 1;
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lines++;
  return lines;
}
