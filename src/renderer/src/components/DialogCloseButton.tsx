import { CloseIcon } from './icons.tsx';

/** A dialog's ✕ button; `label` is its accessible name and tooltip. */
export function DialogCloseButton({
  label,
  onClose,
  className = 'icon-button dialog-close',
}: {
  label: string;
  onClose(): void;
  className?: string;
}) {
  return (
    <button type="button" className={className} onClick={onClose} aria-label={label} title={label}>
      <CloseIcon size={18} />
    </button>
  );
}
