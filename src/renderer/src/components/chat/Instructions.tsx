import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assistant } from '../../../../shared/assistants.ts';
import { assistantText } from '../../state/assistants-store.ts';
import { ChevronDownIcon, ChevronRightIcon } from '../icons.tsx';

/** The conversation's assistant in the header: its emoji and name. */
export function AssistantBadge({ assistant }: { assistant: Assistant | null }) {
  const { t, i18n } = useTranslation();
  if (!assistant) return null;
  const { name } = assistantText(assistant, i18n.language);
  return (
    <span
      className="assistant-badge"
      data-testid="conversation-assistant"
      title={t('convSettings.assistant', { name })}
    >
      <span aria-hidden="true">{assistant.emoji}</span> {name}
    </span>
  );
}

/**
 * The system prompt at the top of the conversation, one line until opened; Edit (for a started
 * conversation) opens its settings, where an edit applies to the next request.
 */
export function InstructionsBanner({ prompt, onEdit }: { prompt: string; onEdit: (() => void) | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!prompt.trim()) return null;
  return (
    <section
      className={open ? 'instructions open' : 'instructions'}
      aria-label={t('convSettings.shownPrompt')}
    >
      <button
        type="button"
        className="instructions-toggle"
        aria-expanded={open}
        aria-label={open ? t('convSettings.hidePrompt') : t('convSettings.showPrompt')}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? <ChevronDownIcon size={14} /> : <ChevronRightIcon size={14} />}
        <strong>{t('convSettings.shownPrompt')}</strong>
        {!open && <span className="instructions-line">{prompt}</span>}
      </button>
      {open && (
        <p className="instructions-text" data-testid="instructions-text">
          {prompt}
        </p>
      )}
      {onEdit && (
        <button type="button" className="link-button" onClick={onEdit}>
          {t('convSettings.editPrompt')}
        </button>
      )}
    </section>
  );
}
