import { Broadcaster } from '../main/core/handlers/broadcaster.ts';
import { settingsHandlers } from '../main/core/handlers/settings-handlers.ts';
import { createLlmClient } from '../main/core/llm/client.ts';
import type { CallContext } from '../main/core/rpc/bind-contract.ts';
import { defaultDataDir } from '../main/core/paths.ts';
import type { OpenSecretStoreOptions } from '../main/core/secrets/open-secret-store.ts';
import { keyStorageNotice } from '../main/core/secrets/storage-notice.ts';
import { openSettings } from '../main/core/store/settings.ts';
import type { CommandIo } from './io.ts';
import { openCliSecretStore } from './cli-secrets.ts';

/** The CLI is one caller among others: it reaches settings, providers and keys through the same handlers as the app. */
const cliCaller = { peer: { id: 'cli', send: () => {}, onClose: () => {} } } as CallContext;

export type SettingsAccess = Awaited<ReturnType<typeof openSettingsAccess>>;

/** The settings and keychain in the data folder, behind the settings handlers. Close it when done. */
export async function openSettingsAccess(io: CommandIo, options: Partial<OpenSecretStoreOptions> = {}) {
  const dataDir = options.dataDir ?? defaultDataDir({ env: io.env });
  const { store, reason } = await openCliSecretStore(io, { ...options, dataDir });
  const opened = openSettings({ dataDir });
  for (const notice of opened.notices) io.stderr(`${notice.message}\n`);
  for (const moved of opened.movedSecrets) await store.set(moved.account, moved.secret);
  const client = createLlmClient({ secrets: store });
  const handlers = settingsHandlers({
    settings: opened.settings,
    secrets: store,
    secretsNotice: keyStorageNotice(store.kind, reason),
    notices: () => [],
    hotkeyStatus: () => null,
    env: io.env,
    client,
    broadcaster: new Broadcaster(),
  });
  return {
    store,
    reason,
    settings: opened.settings,
    /** Calls a settings handler as the CLI. */
    call: <K extends keyof typeof handlers>(name: K, input: Parameters<(typeof handlers)[K]>[0]) =>
      (handlers[name] as (input: unknown, ctx: CallContext) => ReturnType<(typeof handlers)[K]>)(
        input,
        cliCaller,
      ),
    close: () => client.close(),
  };
}
