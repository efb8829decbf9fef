import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from './Modal.tsx';

export interface ConfirmRequest {
  title: string;
  body: string;
  /** The confirming button's words, e.g. "Remove". */
  confirmLabel: string;
  danger?: boolean;
}

/**
 * An in-app question instead of the browser's `confirm()`: Esc, Cancel or a click outside says no;
 * Enter or the confirming button (focused first) says yes. Focus stays inside while it is open.
 */
export function ConfirmDialog({
  request,
  onAnswer,
}: {
  request: ConfirmRequest;
  onAnswer(confirmed: boolean): void;
}) {
  const { t } = useTranslation();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    // Enter on Cancel cancels; anywhere else it confirms.
    onAnswer((event.target as HTMLElement).dataset.cancel === undefined);
  };
  return (
    <Modal
      className="confirm-dialog"
      overlayClass="confirm-overlay"
      role="alertdialog"
      labelledBy="confirm-title"
      describedBy="confirm-body"
      initialFocus="[data-confirm]"
      onClose={() => onAnswer(false)}
      onKeyDown={onKeyDown}
    >
      <h2 id="confirm-title">{request.title}</h2>
      <p id="confirm-body">{request.body}</p>
      <div className="form-actions">
        <span className="spacer" />
        <button type="button" data-cancel="" onClick={() => onAnswer(false)}>
          {t('confirmDialog.cancel')}
        </button>
        <button
          type="button"
          data-confirm=""
          className={request.danger ? 'primary danger' : 'primary'}
          onClick={() => onAnswer(true)}
        >
          {request.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
