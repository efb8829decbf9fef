import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Broadcaster } from '../../../src/main/core/handlers/broadcaster.ts';
import { settingsHandlers } from '../../../src/main/core/handlers/settings-handlers.ts';
import { createLlmClient } from '../../../src/main/core/llm/client.ts';
import type { CallContext } from '../../../src/main/core/rpc/bind-contract.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { openSettings } from '../../../src/main/core/store/settings.ts';

const KEY = 'sk-from-env-SECRET-4242abcd';
const ctx = { peer: { id: 'p', send: () => {}, onClose: () => {} } } as CallContext;

function setup(env: Record<string, string | undefined>) {
  const secrets = new MemorySecretStore();
  const { settings } = openSettings({ dataDir: mkdtempSync(join(tmpdir(), 'parley-envkey-')) });
  const handlers = settingsHandlers({
    settings,
    secrets,
    secretsNotice: null,
    notices: () => [],
    hotkeyStatus: () => null,
    env,
    client: createLlmClient({ secrets }),
    broadcaster: new Broadcaster(),
  });
  return { secrets, handlers };
}

describe('first-run key from the environment', () => {
  it('offers OPENAI_API_KEY for the openai provider, saves it on request, and never shows it', async () => {
    const { secrets, handlers } = setup({ OPENAI_API_KEY: `  ${KEY}\n` });
    const before = await handlers['settings.get']({}, ctx);
    expect(before.envKey).toEqual({ providerId: 'openai', variable: 'OPENAI_API_KEY' });
    const status = await handlers['keys.importFromEnv']({ providerId: 'openai' }, ctx);
    expect(status).toMatchObject({ hasKey: true, last4: 'abcd' });
    expect(await secrets.get('openai')).toBe(KEY);
    const after = await handlers['settings.get']({}, ctx);
    expect(after.envKey).toBeNull();
    expect(JSON.stringify([before, status, after])).not.toContain('SECRET');
  });

  it('offers nothing when the variable is unset or a key is already saved, and a saved key wins', async () => {
    expect((await setup({}).handlers['settings.get']({}, ctx)).envKey).toBeNull();
    const { secrets, handlers } = setup({ OPENAI_API_KEY: KEY });
    await secrets.set('openai', 'sk-already-saved-0000');
    expect((await handlers['settings.get']({}, ctx)).envKey).toBeNull();
    await expect(handlers['keys.importFromEnv']({ providerId: 'openai' }, ctx)).rejects.toThrow(
      'already saved',
    );
    expect(await secrets.get('openai')).toBe('sk-already-saved-0000');
    await expect(handlers['keys.importFromEnv']({ providerId: 'other' }, ctx)).rejects.toThrow(
      'No key in the environment',
    );
  });
});
