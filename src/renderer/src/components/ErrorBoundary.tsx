import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** What shows instead of the children once they have thrown. */
  fallback: ReactNode;
  /** When this changes (a streaming block grew, another message), the children are tried again. */
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  failed: boolean;
  resetKey: unknown;
}

/**
 * Contains a render error to the part that threw: without it React unmounts the whole window,
 * and a conversation that holds the bad answer blanks the window again each time it opens.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return Object.is(props.resetKey, state.resetKey) ? null : { failed: false, resetKey: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The name and message only: the text being rendered (model output) is not logged.
    const name = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : 'error';
    console.warn(`A part of the window could not be displayed (${name})`, info.componentStack?.slice(0, 500));
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** The fallback for model output: a notice in plain words and the raw text, as text. */
export function RawText({ text, className }: { text: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <div className={`render-fallback${className ? ` ${className}` : ''}`}>
      <p className="render-fallback-notice" role="note">
        {t('markdown.notDisplayed')}
      </p>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}

/** Model output that may throw while rendering (a formula, highlighted code, a block): shown raw if it does. */
export function Contained({
  raw,
  resetKey,
  children,
}: {
  raw: string;
  resetKey?: unknown;
  children: ReactNode;
}) {
  return (
    <ErrorBoundary fallback={<RawText text={raw} />} resetKey={resetKey ?? raw}>
      {children}
    </ErrorBoundary>
  );
}
