import { ApiError } from './api.ts';

/** The plain-words message of anything thrown. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
