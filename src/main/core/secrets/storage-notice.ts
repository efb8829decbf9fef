import type { NoticeText } from '../../../shared/settings.ts';
import type { SecretStore } from './secret-store.ts';

/**
 * Why keys are not in the system keychain, in both UI languages. The English text is the reason
 * `openSecretStore` gave (with its technical cause); the Chinese one says what it means for the
 * person, from where the keys are kept instead.
 */
const whereZh: Partial<Record<SecretStore['kind'], string>> = {
  'safe-storage': '系统钥匙串不可用：密钥改为用系统的安全存储加密，保存在 Parley 的数据文件夹中。',
  memory: '系统钥匙串不可用，也没有其他可用的加密方式：密钥只在本次会话中保存，下次需要重新输入。',
  vault:
    '系统钥匙串不可用：密钥可以保存在 Parley 的密钥保险库中，由你的口令加密；创建或解锁保险库之前，密钥只在本次会话中保存。',
};

export function keyStorageNotice(kind: SecretStore['kind'], reason: string | undefined): NoticeText | null {
  if (!reason) return null;
  return { message: reason, messageZh: whereZh[kind] ?? '系统钥匙串不可用，密钥没有保存在钥匙串中。' };
}
