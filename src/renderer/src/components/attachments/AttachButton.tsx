import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon } from '../icons.tsx';

/** Opens the system's file picker (several files at once); the chosen files go to `onFiles`. */
export function AttachButton({
  onFiles,
  disabled,
  className = 'icon-button attach',
}: {
  onFiles(files: File[]): void;
  disabled?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
      <button
        type="button"
        className={className}
        aria-label={t('attachments.attach')}
        title={t('attachments.attach')}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon size={18} />
      </button>
    </>
  );
}
