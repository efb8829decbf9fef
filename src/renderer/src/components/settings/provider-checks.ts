import { idleTimeoutSeconds } from '../../../../shared/providers.ts';

/**
 * What the provider form checks before anything is sent: the same rules main enforces
 * (`providerSaveSchema`), said at the field in the UI's language. Each returns an i18n key
 * under `providerChecks`, or null when the value is fine.
 */
export type ProviderCheck = 'urlScheme' | 'urlInvalid' | 'idleRange';

/** An empty address is fine: the kind's default is used. */
export function baseUrlProblem(text: string): ProviderCheck | null {
  const value = text.trim();
  if (!value) return null;
  if (!/^https?:\/\//i.test(value)) return 'urlScheme';
  try {
    new URL(value);
    return null;
  } catch {
    return 'urlInvalid';
  }
}

/** Whole seconds in range; empty means the default. */
export function idleProblem(text: string): ProviderCheck | null {
  const value = text.trim();
  if (!value) return null;
  const seconds = Number(value);
  return Number.isInteger(seconds) && seconds >= idleTimeoutSeconds.min && seconds <= idleTimeoutSeconds.max
    ? null
    : 'idleRange';
}
