import { z } from 'zod';
import { filterHoldSchema } from './filters.ts';

/**
 * One error taxonomy for every side. `message` is plain words for a person;
 * `detail` keeps the provider's own message (never a secret, never raw HTML).
 */
export const errorCodes = [
  // provider / network failures
  'bad_key',
  'no_credit',
  'rate_limited',
  'model_not_found',
  'context_too_long',
  'network_unreachable',
  'proxy_failure',
  'timeout',
  'interrupted',
  /** The answer stopped at the model's output limit; Continue gets the rest. */
  'length_limit',
  'server_error',
  'content_filtered',
  'bad_request',
  // app-level failures
  'cancelled',
  'invalid_input',
  'unknown_request',
  'forbidden_sender',
  'not_found',
  'storage',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * Which of a code's cases an error is, where one code covers several that read differently
 * (a refused key or a key without permission). A window shows the error in its own language by
 * code and reason, filling in `params`; `message` stays the English words (CLI, logs).
 */
export const errorReasons = [
  // provider answers
  'key_rejected',
  'key_forbidden',
  'key_missing',
  'key_unsendable',
  'key_wrong_origin',
  'signin_refused',
  'signin_no_token',
  'rate_wait',
  'provider_timeout',
  'server_overloaded',
  'server_failed',
  'server_conflict',
  'server_mid_stream',
  'unreadable_reply',
  // the way there
  'proxy_auth',
  'proxy_credentials',
  'proxy_refused_status',
  'proxy_unreachable',
  'proxy_timeout',
  'proxy_status',
  'proxy_closed',
  'proxy_connect_timeout',
  'connect_timeout',
  'headers_timeout',
  'idle_timeout',
  'connection_refused',
  'host_not_found',
  'host_unreachable',
  'connection_closed',
  'certificate',
  'connection_failed',
  // keys and the vault
  'vault_locked',
  'vault_exists',
  'vault_missing',
  'passphrase_length',
  'key_empty',
  'key_spaces',
  'key_too_long',
  'no_model',
  // attachments on their way to a model
  'model_no_images',
  'attachment_missing',
  // the content filters
  'message_held',
  // importing and exporting
  'import_failed',
  'import_kind',
  'import_too_large',
  'upload_incomplete',
  'export_gone',
  // attachments
  'attachment_kind',
  'attachment_empty',
  'attachment_encoding',
  'attachment_too_large',
  'attachments_too_large',
  'attachment_text_too_long',
  'attachment_image_too_large',
  'attachment_unreadable',
  'attachment_too_costly',
  'pdf_too_many_pages',
  'pdf_timeout',
  // the attachment store
  'attachment_file_missing',
  'attachment_file_damaged',
  'attachment_disk_full',
  // the browser edition's own link to Parley
  'parley_unreachable',
  'parley_lost',
  'token_rejected',
  'open_address',
] as const;

export type ErrorReason = (typeof errorReasons)[number];

const paramValue = z.union([z.string().max(500), z.number()]);

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  detail: z.string().optional(),
  status: z.number().int().optional(),
  reason: z.enum(errorReasons).optional(),
  /** What a translated message fills in: a provider's name, a host, a model, a wait in ms. */
  params: z.record(z.string(), paramValue).optional(),
  /** A question the content filters held (reason `message_held`): what they found, what may be done. */
  hold: filterHoldSchema.optional(),
});

export type ErrorParams = Record<string, string | number>;

export type AppError = z.infer<typeof appErrorSchema>;

/** An Error that carries an AppError across layers; transports serialize `toJSON()`. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly status?: number;
  readonly reason?: ErrorReason;
  readonly params?: ErrorParams;
  readonly hold?: AppError['hold'];

  constructor(error: AppError, options?: { cause?: unknown }) {
    super(error.message, options);
    this.name = 'ParleyError';
    this.code = error.code;
    this.detail = error.detail;
    this.status = error.status;
    this.reason = error.reason;
    this.params = error.params;
    this.hold = error.hold;
  }

  toJSON(): AppError {
    const out: AppError = { code: this.code, message: this.message };
    if (this.detail !== undefined) out.detail = this.detail;
    if (this.status !== undefined) out.status = this.status;
    if (this.reason !== undefined) out.reason = this.reason;
    if (this.params !== undefined) out.params = this.params;
    if (this.hold !== undefined) out.hold = this.hold;
    return out;
  }
}

export function isAppError(value: unknown): value is AppError {
  return appErrorSchema.safeParse(value).success;
}
