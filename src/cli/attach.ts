import { open } from 'node:fs/promises';
import type { AttachmentChoice } from '../shared/attachments.ts';
import { ATTACHMENT_LIMITS } from '../shared/attachments.ts';
import { ParleyError } from '../shared/errors.ts';
import type { AttachmentKeeper } from '../main/core/attachments/attach-file.ts';
import { attachFile } from '../main/core/attachments/attach-file.ts';
import { fileTooLarge } from '../main/core/attachments/refusals.ts';
import { CliUsageError } from './args.ts';
import type { CommandIo } from './io.ts';

/**
 * `parley ask --attach FILE`: each file read (never more than the cap), then checked, prepared and
 * kept exactly as a file attached in the app is; what the send lists. A file that is missing, too
 * large or of a kind Parley does not take stops the command before anything is sent, in plain words.
 */
export async function attachFiles(
  paths: readonly string[],
  keeper: AttachmentKeeper,
  io: CommandIo,
): Promise<AttachmentChoice[]> {
  const choices: AttachmentChoice[] = [];
  for (const path of paths) {
    try {
      const { ref, notice } = await attachFile(await readCapped(path), path, keeper);
      if (notice) io.stderr(`${path}: ${notice}\n`);
      choices.push({ id: ref.id });
    } catch (error) {
      if (error instanceof ParleyError && error.code === 'invalid_input')
        throw new CliUsageError(`--attach ${path}: ${error.message}`);
      throw error;
    }
  }
  return choices;
}

/** A file's bytes, refused without reading it all when it is over the cap of one attachment. */
async function readCapped(path: string): Promise<Uint8Array> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError(
      code === 'ENOENT'
        ? 'There is no such file.'
        : code === 'EACCES'
          ? 'Parley may not read it.'
          : 'It cannot be read.',
    );
  }
  try {
    const stats = await file.stat();
    if (!stats.isFile()) throw new CliUsageError('That is not a file.');
    if (stats.size > ATTACHMENT_LIMITS.maxFileBytes) throw fileTooLarge();
    // Read up to one byte past the cap, in case the file grew since it was measured.
    const buffer = Buffer.alloc(Math.min(stats.size, ATTACHMENT_LIMITS.maxFileBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > ATTACHMENT_LIMITS.maxFileBytes) throw fileTooLarge();
    if (length === buffer.length) throw new CliUsageError('It changed while Parley read it. Try again.');
    return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    throw new CliUsageError('It cannot be read.');
  } finally {
    await file.close();
  }
}
