import type { Feedback } from './useSaver.ts';

export function FeedbackLine({ feedback }: { feedback: Feedback }) {
  if (!feedback) return null;
  return (
    <p
      className={feedback.error ? 'feedback error' : 'feedback ok'}
      role={feedback.error ? 'alert' : 'status'}
    >
      {feedback.text}
    </p>
  );
}
