import { FeedbackLine } from './Feedback.tsx';
import type { Feedback } from './useSaver.ts';

/** A form's Save button and, under it, how the save went. */
export function SaveRow({
  label,
  onSave,
  busy,
  feedback,
}: {
  label: string;
  onSave(): void;
  busy: boolean;
  feedback: Feedback;
}) {
  return (
    <>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onSave} disabled={busy}>
          {label}
        </button>
      </div>
      <FeedbackLine feedback={feedback} />
    </>
  );
}
