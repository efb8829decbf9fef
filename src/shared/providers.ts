import { z } from 'zod';
import { extraBodySchema, providerHeadersSchema } from './request-extras.ts';

/** Provider settings as stored and shown. Never holds a secret: keys live in the SecretStore. */
export const providerKinds = ['openai', 'azure', 'anthropic', 'openai-compatible'] as const;
export type ProviderKind = (typeof providerKinds)[number];

/** An address Parley sends requests to: http:// or https:// only. */
export const httpUrlSchema = z
  .string()
  .url('Enter a full address, like https://api.example.com/v1.')
  .refine((url) => /^https?:\/\//i.test(url), 'Use an address that starts with http:// or https://.');

export const proxySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('system') }),
  // The proxy's password is a secret (kind `proxy-password`): never part of the URL kept in settings.
  z.object({ mode: z.literal('custom'), url: z.string().url(), username: z.string().max(256).optional() }),
]);
export type ProxyConfig = z.infer<typeof proxySchema>;

export const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  /** Secret kind `api-key`; sent as bearer, `api-key` (Azure) or `x-api-key` (Anthropic). */
  z.object({ type: z.literal('api-key') }),
  /** Azure Entra ID bearer token, stored as the provider's secret of kind `api-key`. */
  z.object({ type: z.literal('azure-entra') }),
  /** The client secret is the provider's secret of kind `oauth-client-secret`. */
  z.object({
    type: z.literal('oauth2-client-credentials'),
    tokenUrl: httpUrlSchema,
    clientId: z.string().min(1),
    scope: z.string().optional(),
  }),
]);
export type AuthConfig = z.infer<typeof authSchema>;

export const timeoutsSchema = z.object({
  connectMs: z.number().int().positive(),
  headersMs: z.number().int().positive(),
  idleMs: z.number().int().positive(),
});
export type Timeouts = z.infer<typeof timeoutsSchema>;

export const rateLimitSchema = z.object({
  requestsPerMinute: z.number().int().positive().optional(),
  tokensPerMinute: z.number().int().positive().optional(),
  maxConcurrent: z.number().int().positive().optional(),
});
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;

/**
 * The secrets a provider can have, each kept in the SecretStore and bound to the origin it is sent to:
 * the key (or Entra token) to the base URL, the OAuth client secret to the token URL, the proxy
 * password to the proxy.
 */
export const secretKinds = ['api-key', 'oauth-client-secret', 'proxy-password'] as const;
export type SecretKind = (typeof secretKinds)[number];

export const providerIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'Use lowercase letters, digits and dashes (up to 48).');

export const providerConfigSchema = z.object({
  id: providerIdSchema,
  name: z.string().min(1).max(80),
  kind: z.enum(providerKinds),
  /** openai/compatible: ends in /v1; anthropic: the host; azure: https://{resource}.openai.azure.com */
  baseUrl: httpUrlSchema,
  /** Azure only: the `api-version` query value. */
  apiVersion: z.string().optional(),
  models: z.array(z.string().min(1)).default([]),
  auth: authSchema,
  proxy: proxySchema.default({ mode: 'none' }),
  timeouts: timeoutsSchema.partial().optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  rateLimit: rateLimitSchema.optional(),
  /** Custom request headers (e.g. `OpenAI-Version`, OpenRouter's `HTTP-Referer`); secret values live in the keychain. */
  headers: providerHeadersSchema.optional(),
  /** Extra request-body JSON for vendor switches; never `model`, `messages` or `stream`. */
  extraBody: extraBodySchema.optional(),
});
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

/**
 * The idle timeout a person can set for a provider (Settings → Providers): how long an answer may go
 * without data before the client gives up on it, keeping the text received. Stored settings keep
 * whatever they hold (the CLI's `--idle-timeout` is per call); a save from the app must be in range.
 */
export const idleTimeoutSeconds = { min: 5, max: 600, fallback: 300 } as const;

export const providerSaveSchema = providerConfigSchema.superRefine((provider, context) => {
  const idleMs = provider.timeouts?.idleMs;
  if (
    idleMs !== undefined &&
    (idleMs < idleTimeoutSeconds.min * 1000 || idleMs > idleTimeoutSeconds.max * 1000)
  )
    context.addIssue({
      code: 'custom',
      path: ['timeouts', 'idleMs'],
      message: `Set the idle timeout between ${idleTimeoutSeconds.min} and ${idleTimeoutSeconds.max} seconds.`,
    });
});

/** A model on a provider: one link of a failover chain. */
export const modelRefSchema = z.object({ providerId: providerIdSchema, model: z.string().min(1) });
export type ModelRef = z.infer<typeof modelRefSchema>;
