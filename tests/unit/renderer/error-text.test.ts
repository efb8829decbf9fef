import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorCodes, errorReasons, ParleyError, type AppError } from '../../../src/shared/errors.ts';
import { classifyHttpFailure } from '../../../src/main/core/llm/errors.ts';
import { classifyNetworkError } from '../../../src/main/core/llm/network-errors.ts';
import { KeyVault } from '../../../src/main/core/secrets/key-vault.ts';
import { normalizeKey } from '../../../src/main/core/secrets/key-status.ts';
import { ChunkedUploads } from '../../../src/main/core/handlers/chunked-uploads.ts';
import { chatGptImportUpload } from '../../../src/main/core/handlers/upload-policies.ts';
import { TempFiles } from '../../../src/main/core/store/temp-files.ts';
import { appErrorsEn, appErrorsZhCN } from '../../../src/renderer/src/i18n/app-errors.ts';
import { errorText } from '../../../src/renderer/src/lib/error-text.ts';
import { i18n } from '../../../src/renderer/src/i18n/index.ts';
import { failureContext, networkContext, withCode } from '../../fixtures/failure-contexts.ts';
import { newMessageParts } from '../../../src/main/core/chat/attachment-parts.ts';
import { chainForInputs } from '../../../src/main/core/chat/model-chain.ts';
import { openAiProvider } from '../llm/support.ts';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const han = /\p{Script=Han}/u;

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('the error table', () => {
  it('words every code and every reason in both languages, with the same placeholders', () => {
    for (const code of errorCodes) {
      expect(appErrorsEn.code[code], code).toBeTruthy();
      expect(appErrorsZhCN.code[code], code).toMatch(han);
      expect(placeholders(appErrorsZhCN.code[code])).toEqual(placeholders(appErrorsEn.code[code]));
    }
    for (const reason of errorReasons) {
      expect(appErrorsEn.reason[reason], reason).toBeTruthy();
      expect(appErrorsZhCN.reason[reason], reason).toMatch(han);
      expect(placeholders(appErrorsZhCN.reason[reason])).toEqual(placeholders(appErrorsEn.reason[reason]));
    }
    expect(Object.keys(appErrorsEn.code).sort()).toEqual([...errorCodes].sort());
    expect(Object.keys(appErrorsEn.reason).sort()).toEqual([...errorReasons].sort());
  });
});

const context = failureContext();
const net = networkContext(context);
const body = (error: object) => JSON.stringify({ error });

const photo = { id: 'b'.repeat(64), kind: 'image' as const, name: 'photo.png', mime: 'image/png', size: 10 };

/** What the core makes, as a window receives it. */
const samples: AppError[] = [
  classifyHttpFailure(401, 'application/json', body({ message: 'Incorrect API key provided' }), context),
  classifyHttpFailure(403, 'application/json', body({ message: 'no access' }), context),
  classifyHttpFailure(429, 'application/json', body({ message: 'Slow down' }), context, 30_000),
  classifyHttpFailure(429, 'application/json', body({ message: 'Slow down' }), context),
  classifyHttpFailure(529, 'application/json', body({ type: 'overloaded_error', message: 'x' }), context),
  classifyHttpFailure(500, 'application/json', body({ message: 'boom' }), context),
  classifyHttpFailure(409, 'application/json', body({ message: 'conflict' }), context),
  classifyHttpFailure(408, 'application/json', '', context),
  classifyHttpFailure(407, 'text/plain', '', context),
  classifyHttpFailure(404, 'application/json', body({ code: 'model_not_found', message: 'nope' }), context),
  classifyHttpFailure(402, 'application/json', body({ message: 'Your credit balance is too low.' }), context),
  classifyHttpFailure(502, 'text/html', '<html><title>Bad gateway</title></html>', context),
  classifyHttpFailure(403, 'text/html', '<html><title>Denied</title></html>', { ...context, viaProxy: true }),
  ...[
    'ECONNREFUSED',
    'ENOTFOUND',
    'ENETUNREACH',
    'ECONNRESET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'Z_DATA_ERROR',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'EWHATEVER',
  ].map((code) => classifyNetworkError(withCode(code), net)),
  classifyNetworkError(withCode('ECONNREFUSED'), { ...net, viaProxy: true }),
  classifyNetworkError(new Error('Socks5 Authentication failed'), { ...net, viaProxy: true }),
  classifyNetworkError(withCode('UND_ERR_ABORTED', 'Proxy response (403) !== 200 when HTTP Tunneling'), {
    ...net,
    viaProxy: true,
  }),
  ...['', 'has space', 'sk-中文密钥', 'x'.repeat(20_000)].map((key) => thrown(() => normalizeKey(key))),
  // Refused before anything is written, so the folder is never made.
  ...[
    ['evil.sh', 10],
    ['export.zip', 3 * 1024 ** 3],
  ].map(([name, size]) =>
    thrown(() =>
      new ChunkedUploads(new TempFiles('/nonexistent/parley-temp')).begin(
        chatGptImportUpload,
        String(name),
        Number(size),
      ),
    ),
  ),
  // Attachments refused before a send: a file no longer stored, an image for a model without eyes.
  thrown(() => newMessageParts('Look', [{ id: 'a'.repeat(64) }], undefined)),
  thrown(() =>
    chainForInputs(
      { providers: [], defaultModel: null, failoverChain: [] },
      [{ provider: openAiProvider('http://127.0.0.1:1/v1'), model: 'local-llama' }],
      [{ role: 'user', content: '', attachments: [{ type: 'image', attachment: photo }] }],
    ),
  ),
];

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParleyError) return error.toJSON();
  }
  throw new Error('expected a ParleyError');
}

describe('errorText', () => {
  it('says in English exactly what the core says, plus what the provider said', () => {
    for (const error of samples) {
      const text = errorText(error);
      expect(text.startsWith(error.message), `${text}\n≠ ${error.message}`).toBe(true);
    }
  });

  it('says every one of them in Chinese, with nothing left unfilled', async () => {
    await i18n.changeLanguage('zh-CN');
    for (const error of samples) {
      const text = errorText(error);
      expect(text, error.message).toMatch(han);
      expect(text).not.toContain('{{');
      expect(text).not.toContain(error.message);
    }
  });

  it('keeps the HTTP status, the provider’s own words and the wait in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(errorText(samples[0])).toBe(
      'TestAI 不接受这个 API 密钥。请检查为该服务商保存的密钥。（HTTP 401：“Incorrect API key provided”）',
    );
    expect(errorText(samples[2])).toContain('请在 30 秒后再试');
    expect(errorText(samples[2])).toContain('（HTTP 429：“Slow down”）');
    expect(errorText(samples[11])).toContain('HTTP 502 Bad Gateway');
  });

  it('words the locked vault in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-error-text-'));
    try {
      const file = join(dir, 'vault.json');
      await new KeyVault(file).create('correct horse battery staple');
      const locked = await new KeyVault(file).get('provider:openai:api-key').catch((e: unknown) => e);
      await i18n.changeLanguage('zh-CN');
      expect(errorText(locked)).toBe(appErrorsZhCN.reason.vault_locked);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the core’s specific English words for an error without a reason, and a code’s sentence in Chinese', async () => {
    const error = new ParleyError({ code: 'not_found', message: 'That conversation does not exist.' });
    expect(errorText(error)).toBe('That conversation does not exist.');
    await i18n.changeLanguage('zh-CN');
    expect(errorText(error)).toBe(appErrorsZhCN.code.not_found);
    expect(errorText(new TypeError('x is undefined'))).toBe(appErrorsZhCN.code.internal);
  });

  it('adds that an interrupted answer is incomplete, as the core does', async () => {
    const cause = classifyNetworkError(withCode('UND_ERR_BODY_TIMEOUT'), net);
    const interrupted: AppError = {
      ...cause,
      code: 'interrupted',
      message: `${cause.message} The answer is incomplete.`,
    };
    expect(errorText(interrupted)).toBe(interrupted.message);
    await i18n.changeLanguage('zh-CN');
    expect(errorText(interrupted)).toBe('TestAI 在回答中途 5 秒没有任何数据。回答不完整。');
  });
});
