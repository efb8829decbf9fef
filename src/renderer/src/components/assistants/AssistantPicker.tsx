import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assistant } from '../../../../shared/assistants.ts';
import { assistantText } from '../../state/assistants-store.ts';
import { useAssistants } from '../../state/app-state.ts';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { Modal } from '../Modal.tsx';

const rank = (name: string, needle: string) => (name.startsWith(needle) ? 0 : name.includes(needle) ? 1 : 2);

/**
 * "Start a chat with…" (Ctrl/Cmd+Shift+N): the visible assistants, filtered as one types; Enter
 * starts with the first match, arrow keys move between them.
 */
export function AssistantPicker({
  onPick,
  onManage,
  onClose,
}: {
  onPick(assistant: Assistant): void;
  onManage(): void;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const matches = (useAssistants() ?? [])
    .filter((a) => !a.hidden)
    .map((a) => ({ assistant: a, ...assistantText(a, i18n.language) }))
    .filter((m) => !needle || `${m.name} ${m.description}`.toLowerCase().includes(needle))
    // Names that start with what was typed first, then names that hold it, then descriptions.
    .map((m) => ({ ...m, rank: rank(m.name.toLowerCase(), needle) }))
    .sort((a, b) => a.rank - b.rank);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>('.picker-item, #assistant-filter')];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = (index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next]?.focus();
  };

  return (
    <Modal
      className="assistant-picker"
      labelledBy="assistant-picker-title"
      initialFocus="#assistant-filter"
      onClose={onClose}
    >
      <div onKeyDown={onKeyDown}>
        <DialogCloseButton label={t('actions.close')} onClose={onClose} />
        <h2 id="assistant-picker-title">{t('assistants.pickerTitle')}</h2>
        <input
          id="assistant-filter"
          type="search"
          aria-label={t('assistants.pickerFilter')}
          placeholder={t('assistants.pickerFilter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.nativeEvent.isComposing || !matches[0]) return;
            e.preventDefault();
            onPick(matches[0].assistant);
          }}
        />
        {matches.length === 0 ? (
          <p className="muted">{t('assistants.noMatch')}</p>
        ) : (
          <ul className="picker-list" aria-label={t('assistants.list')}>
            {matches.map(({ assistant, name, description }) => (
              <li key={assistant.id}>
                <button type="button" className="picker-item" onClick={() => onPick(assistant)}>
                  <span className="assistant-emoji" aria-hidden="true">
                    {assistant.emoji}
                  </span>
                  <span className="picker-text">
                    <span className="assistant-name">{name}</span>
                    <span className="assistant-description">{description}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="button" onClick={onManage}>
            {t('assistants.manage')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
