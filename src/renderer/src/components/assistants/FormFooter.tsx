import { FeedbackLine } from '../settings/Feedback.tsx';
import type { Feedback } from '../settings/useSaver.ts';

/** The end of an editing form: its outcome, then Cancel (or Close) and the submitting Save. */
export function FormFooter({
  feedback,
  busy,
  cancelLabel,
  saveLabel,
  onCancel,
}: {
  feedback: Feedback;
  busy: boolean;
  cancelLabel: string;
  saveLabel: string;
  onCancel(): void;
}) {
  return (
    <>
      <FeedbackLine feedback={feedback} />
      <div className="form-actions">
        <span className="spacer" />
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {saveLabel}
        </button>
      </div>
    </>
  );
}
