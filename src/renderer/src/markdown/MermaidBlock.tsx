import { memo, useEffect, useReducer, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyCodeButton } from './CopyCodeButton.tsx';
import { DIAGRAM_MAX_CHARS, drawDiagram, drawnDiagram } from './mermaid-loader.ts';
import type { Diagram, DiagramTheme } from './mermaid-loader.ts';
import './mermaid.css';

/**
 * A ```mermaid block: its source while it streams (drawn once its fence closes, never per delta),
 * then the diagram as a picture, with Diagram / Source and Copy. A diagram mermaid cannot draw
 * shows its source and mermaid's message.
 */
export const MermaidBlock = memo(function MermaidBlock({
  code,
  streaming,
}: {
  code: string;
  streaming: boolean;
}) {
  const { t } = useTranslation();
  const diagram = useDiagram(streaming ? null : code, usePageTheme());
  const [showSource, setShowSource] = useState(false);
  const drawn = diagram && 'image' in diagram ? diagram : undefined;
  const failed = diagram && 'error' in diagram ? diagram : undefined;
  const state = streaming ? 'streaming' : drawn ? 'drawn' : failed ? 'failed' : 'drawing';
  return (
    <div className="code-block mermaid-block" data-diagram={state}>
      <div className="code-head">
        <span className="code-lang">mermaid</span>
        <span className="mermaid-actions">
          {(state === 'streaming' || state === 'drawing') && (
            <span className="mermaid-status">{t(`mermaid.${state}`)}</span>
          )}
          {drawn && (
            <span role="group" aria-label={t('mermaid.view')} className="mermaid-toggle">
              <button
                type="button"
                className="ghost small"
                aria-pressed={!showSource}
                onClick={() => setShowSource(false)}
              >
                {t('mermaid.diagram')}
              </button>
              <button
                type="button"
                className="ghost small"
                aria-pressed={showSource}
                onClick={() => setShowSource(true)}
              >
                {t('mermaid.source')}
              </button>
            </span>
          )}
          <CopyCodeButton text={code} label={t('mermaid.copySource')} />
        </span>
      </div>
      {drawn && !showSource ? (
        <div className="mermaid-diagram">
          <img
            src={drawn.image.src}
            width={drawn.image.width}
            height={drawn.image.height}
            alt={t('mermaid.alt', { type: drawn.type })}
            draggable={false}
          />
        </div>
      ) : (
        <pre>
          <code>{code}</code>
        </pre>
      )}
      {failed && (
        <div className="mermaid-error" role="note">
          {failed.error === null ? (
            t('mermaid.tooLong', { max: DIAGRAM_MAX_CHARS.toLocaleString() })
          ) : (
            <>
              {t('mermaid.failed')}
              <pre>{failed.error}</pre>
            </>
          )}
        </div>
      )}
    </div>
  );
});

/** The diagram for a finished source (null: still streaming), drawn once; undefined until then. */
function useDiagram(source: string | null, theme: DiagramTheme): Diagram | undefined {
  const [, drew] = useReducer((n: number) => n + 1, 0);
  const now = source === null ? undefined : drawnDiagram(source, theme);
  useEffect(() => {
    if (source === null || now) return;
    let live = true;
    void drawDiagram(source, theme).then(() => live && drew());
    return () => {
      live = false;
    };
  }, [source, theme, now]);
  return now;
}

/** The page's theme (`data-theme` on <html>, set from settings or the OS), as it changes. */
function usePageTheme(): DiagramTheme {
  return useSyncExternalStore(subscribeTheme, pageTheme);
}

function subscribeTheme(changed: () => void): () => void {
  const observer = new MutationObserver(changed);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

function pageTheme(): DiagramTheme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}
