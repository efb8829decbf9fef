import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import { useSettings } from '../../state/app-state.ts';
import { availableModels, modelLabel } from '../../state/settings-store.ts';
import { Menu } from '../Menu.tsx';
import { ChevronDownIcon } from '../icons.tsx';

/** "Regenerate with another model…": a menu of every model; the new answer is a sibling branch. */
export function RegenerateWith({
  message,
  disabled,
  onChoose,
}: {
  message: StoredMessage;
  disabled: boolean;
  onChoose(message: StoredMessage, model: ModelRef): void;
}) {
  const { t } = useTranslation();
  const settings = useSettings();
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const models = availableModels(settings);
  if (models.length === 0) return null;
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label={t('conversationModel.regenerateWith')}
        title={t('conversationModel.regenerateWith')}
        aria-haspopup="menu"
        aria-expanded={at !== null}
        disabled={disabled}
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          setAt({ x: rect.left, y: rect.bottom + 4 });
        }}
      >
        <ChevronDownIcon size={15} />
      </button>
      {at && (
        <Menu
          x={at.x}
          y={at.y}
          label={t('conversationModel.menuLabel')}
          items={models.map((ref) => ({
            label: modelLabel(settings, ref),
            onSelect: () => onChoose(message, ref),
          }))}
          onClose={() => setAt(null)}
        />
      )}
    </>
  );
}
