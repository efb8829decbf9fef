import type { SalvageReport } from './history-salvage.ts';

/** Something the user should know about their history, in plain words, in English and Chinese. */
export interface HistoryNotice {
  kind:
    | 'history-repaired'
    | 'history-migrated'
    | 'history-recovered'
    | 'history-backup-failed'
    | 'history-write-failed';
  message: string;
  messageZh: string;
  keptAt?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function migratedNotice(keptAt: string | undefined): HistoryNotice {
  return {
    kind: 'history-migrated',
    message: 'The conversation history was updated (a copy was kept first).',
    messageZh: '对话历史已更新（更新前已保留一份副本）。',
    keptAt,
  };
}

export function recoveredNotice(count: number): HistoryNotice {
  return {
    kind: 'history-recovered',
    message: `${count} answer${count === 1 ? ' was' : 's were'} cut off when Parley last stopped; the text received was kept.`,
    messageZh: `Parley 上次停止时有 ${count} 条回答被中断；已收到的文字都已保留。`,
  };
}

export function backupFailedNotice(error: unknown): HistoryNotice {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    kind: 'history-backup-failed',
    message: `The automatic backup of your history failed (${reason}).`,
    messageZh: `对话历史的自动备份失败（${reason}）。`,
  };
}

export function writeFailedNotice(error: unknown): HistoryNotice {
  const full = /disk is full|SQLITE_FULL|ENOSPC/i.test(
    error instanceof Error ? error.message : String(error),
  );
  return full
    ? {
        kind: 'history-write-failed',
        message:
          'The disk is full: an answer could not be saved as it arrived. Parley keeps it in memory and saves it when space is freed.',
        messageZh: '磁盘已满：一条回答无法在接收时保存。Parley 会把它保留在内存中，腾出空间后再保存。',
      }
    : {
        kind: 'history-write-failed',
        message: 'An answer could not be saved as it arrived; Parley keeps it in memory and tries again.',
        messageZh: '一条回答无法在接收时保存；Parley 会把它保留在内存中并重试。',
      };
}

/** What a repair of a damaged (or zero-byte) history file recovered, and what it could not. */
export function repairedNotice(report: SalvageReport, cause: 'damaged' | 'empty'): HistoryNotice {
  const { salvaged, fromBackup } = report;
  const en: string[] = [
    cause === 'empty'
      ? 'The conversation history file was empty (0 bytes): it had been cut short. Parley kept it aside and started a repaired history.'
      : 'The conversation history file was damaged. Parley kept it aside and built a repaired history from it.',
    `Recovered from the damaged file: ${plural(salvaged.conversations, 'conversation')} and ${plural(salvaged.messages, 'message')}.`,
  ];
  const zh: string[] = [
    cause === 'empty'
      ? '对话历史文件为空（0 字节），已被截断。Parley 已将其另存，并开始了修复后的历史。'
      : '对话历史文件已损坏。Parley 已将其另存，并从中重建了修复后的历史。',
    `从损坏的文件中恢复了 ${salvaged.conversations} 个对话和 ${salvaged.messages} 条消息。`,
  ];
  if (report.backupFile) {
    en.push(
      `Added from the newest backup: ${plural(fromBackup.conversations, 'conversation')} and ${plural(fromBackup.messages, 'message')}.`,
    );
    zh.push(`从最新的备份中补回了 ${fromBackup.conversations} 个对话和 ${fromBackup.messages} 条消息。`);
  } else {
    en.push('There was no backup to fill the gaps from.');
    zh.push('没有可用于补全的备份。');
  }
  if (report.unreadable > 0 || report.missingMessages > 0) {
    en.push(
      report.missingMessages > 0
        ? `Not recovered: ${plural(report.missingMessages, 'message')} that other messages refer to, and anything else stored in the damaged parts after the last backup.`
        : 'Not recovered: whatever was stored in the damaged parts of the file after the last backup.',
    );
    zh.push(
      report.missingMessages > 0
        ? `未能恢复：被其他消息引用的 ${report.missingMessages} 条消息，以及上次备份之后存放在损坏部分中的其他内容。`
        : '未能恢复：上次备份之后存放在文件损坏部分中的内容。',
    );
  } else {
    en.push('Everything in the file could be read; nothing was lost.');
    zh.push('文件中的内容都能读取，没有丢失任何内容。');
  }
  if (report.keptAt) {
    en.push(`The damaged file is kept at ${report.keptAt}.`);
    zh.push(`损坏的文件保存在 ${report.keptAt}。`);
  }
  en.push('An older backup can be restored from Settings > Data, or with `parley backup restore`.');
  zh.push('也可以在“设置 > 数据”中或用 `parley backup restore` 恢复更早的备份。');
  return {
    kind: 'history-repaired',
    message: en.join(' '),
    messageZh: zh.join(''),
    keptAt: report.keptAt ?? undefined,
  };
}
