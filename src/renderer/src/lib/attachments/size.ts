import type { TFunction } from 'i18next';

/** A file's size in plain units: "812 B", "48 KB", "3.2 MB". */
export function formatSize(bytes: number, t: TFunction): string {
  if (bytes < 1024) return t('attachments.size.b', { n: bytes });
  if (bytes < 1024 * 1024) return t('attachments.size.kb', { n: Math.round(bytes / 1024) });
  const mb = bytes / (1024 * 1024);
  return t('attachments.size.mb', { n: mb < 10 ? mb.toFixed(1) : Math.round(mb) });
}
