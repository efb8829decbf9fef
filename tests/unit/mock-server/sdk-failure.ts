/** Awaits a promise that must reject with the openai SDK's APIError, and returns that error. */
import { expect } from 'vitest';
import OpenAI from 'openai';

export async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}
