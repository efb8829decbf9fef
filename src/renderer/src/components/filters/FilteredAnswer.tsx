import './filters.css';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterRule, MessageFilter } from '../../../../shared/filters.ts';
import { flaggedLabel, providerLine } from './finding-text.ts';
import { AlertIcon } from '../icons.tsx';

/** Answers shown in this window (by id): Show is per view, never stored; a reload folds them again. */
const revealed = new Set<string>();

/**
 * An answer the content filters flagged, folded behind "Flagged for: harassment · Show"; Show
 * reveals it, Hide folds it again. Any other answer is shown as it is.
 */
export function FlaggedFold({
  filter,
  rules,
  revealKey,
  children,
}: {
  filter: MessageFilter | null | undefined;
  rules: readonly FilterRule[];
  /** The answer's id: whether it is shown survives its row being scrolled away and back. */
  revealKey: string;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [shown, setShown] = useState(() => revealed.has(revealKey));
  if (!filter?.flagged) return children;
  const toggle = () => {
    if (shown) revealed.delete(revealKey);
    else revealed.add(revealKey);
    setShown(!shown);
  };
  return (
    <>
      <div className={shown ? 'flagged-fold open' : 'flagged-fold'} data-testid="flagged-fold">
        <AlertIcon size={16} />
        <span className="flagged-label">
          {flaggedLabel(filter.findings, rules, { t, language: i18n.language })}
        </span>
        <button type="button" className="ghost" aria-expanded={shown} onClick={toggle}>
          {shown ? t('filters.answer.hide') : t('filters.answer.show')}
        </button>
      </div>
      {shown && children}
    </>
  );
}

/**
 * Under an answer a provider's own filter stopped or the model refused: said in plain words, not a
 * silent stop; and an answer moderation could not check.
 */
export function FilterNotes({
  filter,
  provider,
}: {
  filter: MessageFilter | null | undefined;
  /** The provider's name (null: unknown). */
  provider: string | null;
}) {
  const { t, i18n } = useTranslation();
  const name = provider ?? t('filters.answer.someProvider');
  const lines = (filter?.findings ?? []).flatMap((f) =>
    f.source === 'provider'
      ? [providerLine(f, name, { t, language: i18n.language })]
      : f.source === 'moderation' && f.failed
        ? [t('filters.answer.moderationFailed', { reason: f.failed })]
        : [],
  );
  if (lines.length === 0) return null;
  return (
    <div data-testid="filter-notes">
      {lines.map((line, index) => (
        <p key={index} className="filter-note">
          <AlertIcon size={14} />
          {line}
        </p>
      ))}
    </div>
  );
}
