import type { KeyList } from '../shared/keys.ts';
import type { CommandIo } from './io.ts';
import { readAll } from './io.ts';
import type { SettingsAccess } from './settings-access.ts';

/**
 * `parley key add|list|remove`: a provider's several API keys, used in turn (one that hits a rate
 * limit or its quota rests while the next is used). Keys are read from standard input and only ever
 * printed as hints (their last four characters).
 */
export async function keyListCommand(
  action: 'add' | 'list' | 'remove',
  provider: string,
  keyId: string | undefined,
  io: CommandIo,
  access: SettingsAccess,
): Promise<number> {
  let list: KeyList;
  if (action === 'add') {
    if (io.stdinIsTTY) io.stderr(`Paste another API key for ${provider}, then press Enter and Ctrl-D:\n`);
    list = await access.call('keys.add', { providerId: provider, key: await readAll(io) });
  } else if (action === 'remove') {
    const id = Number(keyId);
    if (!Number.isInteger(id) || id < 1) {
      io.stderr(`"${keyId ?? ''}" is not a key number. See them with: parley key list ${provider}\n`);
      return 2;
    }
    list = await access.call('keys.remove', { providerId: provider, keyId: id });
  } else {
    list = await access.call('keys.list', { providerId: provider });
  }
  if (list.keys.length === 0) io.stdout(`${provider}: no key saved\n`);
  for (const key of list.keys) {
    const added = key.addedAt === null ? '' : `\tadded ${new Date(key.addedAt).toISOString()}`;
    const resting =
      key.coolingUntil === null ? '' : `\tresting until ${new Date(key.coolingUntil).toISOString()}`;
    io.stdout(`${key.id}\t${key.last4 ? `…${key.last4}` : '(short key)'}${added}${resting}\n`);
  }
  return 0;
}
