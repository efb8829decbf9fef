import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { highlight, streamingChunks } from './highlight.ts';
import { copyText } from '../lib/clipboard.ts';

/** A fenced code block: language, Copy, and highlighting (piecewise while it streams). */
export const CodeBlock = memo(function CodeBlock({
  code,
  language,
  streaming,
}: {
  code: string;
  language: string;
  streaming: boolean;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (await copyText(code)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    }
  };
  return (
    <div className="code-block">
      <div className="code-head">
        <span className="code-lang">{language || t('markdown.code')}</span>
        <button
          type="button"
          className="ghost small"
          onClick={() => void copy()}
          aria-label={t('markdown.copyCode')}
        >
          {copied ? t('actions.copied') : t('actions.copy')}
        </button>
      </div>
      <pre>
        {streaming ? (
          <code className="hljs">
            {streamingChunks(code).map((chunk, i) => (
              <Chunk key={i} code={chunk} language={language} />
            ))}
          </code>
        ) : (
          <Chunk code={code} language={language} asCode />
        )}
      </pre>
    </div>
  );
});

const Chunk = memo(function Chunk({
  code,
  language,
  asCode,
}: {
  code: string;
  language: string;
  asCode?: boolean;
}) {
  const html = highlight(code, language);
  if (asCode) {
    return html === null ? (
      <code className="hljs">{code}</code>
    ) : (
      <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />
    );
  }
  return html === null ? <span>{code}</span> : <span dangerouslySetInnerHTML={{ __html: html }} />;
});
