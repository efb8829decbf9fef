import { z } from 'zod';

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

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  detail: z.string().optional(),
  status: z.number().int().optional(),
});

export type AppError = z.infer<typeof appErrorSchema>;

/** An Error that carries an AppError across layers; transports serialize `toJSON()`. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly status?: number;

  constructor(error: AppError, options?: { cause?: unknown }) {
    super(error.message, options);
    this.name = 'ParleyError';
    this.code = error.code;
    this.detail = error.detail;
    this.status = error.status;
  }

  toJSON(): AppError {
    const out: AppError = { code: this.code, message: this.message };
    if (this.detail !== undefined) out.detail = this.detail;
    if (this.status !== undefined) out.status = this.status;
    return out;
  }
}

export function isAppError(value: unknown): value is AppError {
  return appErrorSchema.safeParse(value).success;
}
