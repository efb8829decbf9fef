import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import { chatStore } from '../../state/app-state.ts';
import { errorText } from '../../lib/error-text.ts';
import { ThumbDownIcon, ThumbUpIcon } from '../icons.tsx';

/**
 * Thumbs up and down on a finished answer; pressing the pressed one takes it back. A regeneration's
 * quiet thumbs down (`quiet-down`) is the store's alone: it shows as no thumbs here.
 */
export function RatingButtons({ message }: { message: StoredMessage }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string | null>(null);
  const rating = message.rating === 'up' || message.rating === 'down' ? message.rating : null;
  const rate = (choice: 'up' | 'down') => {
    setFailed(null);
    chatStore.rate(message.id, rating === choice ? null : choice).catch((error: unknown) => {
      setFailed(errorText(error));
    });
  };
  const button = (choice: 'up' | 'down') => {
    const pressed = rating === choice;
    const label = pressed
      ? t('answerRoute.rateUndo')
      : t(choice === 'up' ? 'answerRoute.rateUp' : 'answerRoute.rateDown');
    return (
      <button
        type="button"
        className={`icon-button rating${pressed ? ' pressed' : ''}`}
        aria-pressed={pressed}
        aria-label={t(choice === 'up' ? 'answerRoute.rateUp' : 'answerRoute.rateDown')}
        title={label}
        onClick={() => rate(choice)}
      >
        {choice === 'up' ? <ThumbUpIcon size={15} /> : <ThumbDownIcon size={15} />}
      </button>
    );
  };
  return (
    <>
      {button('up')}
      {button('down')}
      {failed && (
        <span className="rating-error" role="alert">
          {t('answerRoute.rateFailed', { message: failed })}
        </span>
      )}
    </>
  );
}
