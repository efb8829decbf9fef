import type { CommandIo } from './history.ts';
import { withHistory, withPlainErrors } from './history.ts';

export const importUsage = `parley import chatgpt PATH   import a ChatGPT data export (the export .zip, its conversations.json, or the folder it unzips to)`;

/** `parley import chatgpt PATH`: progress on stderr, the summary on stdout. Importing again adds nothing. */
export function runImportCommand(args: string[], io: CommandIo): Promise<number> {
  return withPlainErrors(io, async () => {
    const [kind, file] = args;
    if (kind !== 'chatgpt' || !file || args.length !== 2) {
      io.stderr(`Usage:\n${importUsage}\n`);
      return 2;
    }
    return withHistory(io, async (history) => {
      let lastPercent = -1;
      const result = await history.importChatGpt(file, {
        onProgress: (p) => {
          const percent = p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 0;
          if (percent === lastPercent) return;
          lastPercent = percent;
          io.stderr(
            `${io.stdoutIsTTY ? '\r' : ''}importing… ${percent}% (${p.conversationsRead} conversations read)${io.stdoutIsTTY ? '' : '\n'}`,
          );
        },
      });
      if (io.stdoutIsTTY) io.stderr('\n');
      const parts = [
        `Imported ${result.conversationsAdded} conversations and ${result.messagesAdded} messages.`,
      ];
      if (result.conversationsUpdated)
        parts.push(`${result.conversationsUpdated} earlier imports got new messages.`);
      if (result.conversationsUnchanged)
        parts.push(`${result.conversationsUnchanged} were already imported.`);
      if (result.skippedEntries)
        parts.push(`${result.skippedEntries} entries were not conversations and were skipped.`);
      io.stdout(`${parts.join(' ')}\n`);
      return 0;
    });
  });
}
