import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../lib/clipboard.ts';

/** "Copy" in a code block's head: copies `text`, then says "Copied" for a moment. */
export function CopyCodeButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (await copyText(text)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    }
  };
  return (
    <button type="button" className="ghost small" onClick={() => void copy()} aria-label={label}>
      {copied ? t('actions.copied') : t('actions.copy')}
    </button>
  );
}
