import type { AppError, ErrorParams } from '../../../shared/errors.ts';
import { errorCodes, errorReasons } from '../../../shared/errors.ts';
import { i18n } from '../i18n/index.ts';
import { appErrorsEn, appErrorsZhCN } from '../i18n/app-errors.ts';

i18n.addResourceBundle('en', 'appErrors', appErrorsEn, true, false);
i18n.addResourceBundle('zh-CN', 'appErrors', appErrorsZhCN, true, false);

const codes = new Set<string>(errorCodes);
const reasons = new Set<string>(errorReasons);

/** An AppError as it arrives: thrown as a ParleyError, or a plain object in an event or a stored message. */
function appErrorOf(error: unknown): AppError | null {
  if (!error || typeof error !== 'object') return null;
  const candidate = error as Partial<AppError>;
  if (typeof candidate.code !== 'string' || !codes.has(candidate.code)) return null;
  return {
    ...candidate,
    message: typeof candidate.message === 'string' ? candidate.message : '',
  } as AppError;
}

/** A wait in the window's language: "200 ms", "30 s", "2 min", "1 h" (as the core's formatWait words it). */
function waitText(ms: number): string {
  if (ms < 1000) return i18n.t('appErrors:wait.ms', { count: Math.max(0, Math.round(ms)) });
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return i18n.t('appErrors:wait.s', { count: seconds });
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return i18n.t('appErrors:wait.min', { count: minutes });
  return i18n.t('appErrors:wait.h', { count: Math.ceil(minutes / 60) });
}

function values(error: AppError): Record<string, string | number> {
  const params: ErrorParams = error.params ?? {};
  const out: Record<string, string | number> = {
    provider: i18n.t('appErrors:someProvider'),
    host: i18n.t('appErrors:someServer'),
    model: '',
    ...params,
  };
  if (typeof params.waitMs === 'number') out.wait = waitText(params.waitMs);
  if (error.status !== undefined) out.status = error.status;
  return out;
}

/**
 * The one way a window words an error, in its current language: by the error's reason, else by its
 * code; what carries information (the provider's HTTP status and own message, a wait) is kept.
 * In English an error without a reason keeps the core's own, more specific words.
 */
export function errorText(error: unknown): string {
  const app = appErrorOf(error);
  const english = !i18n.language.startsWith('zh');
  if (!app) {
    if (english) return error instanceof Error ? error.message : String(error);
    return i18n.t('appErrors:code.internal');
  }
  const byReason = app.reason !== undefined && reasons.has(app.reason);
  const parts: string[] = [];
  if (!byReason && english && app.message) parts.push(app.message);
  else {
    const params = values(app);
    parts.push(i18n.t(byReason ? `appErrors:reason.${app.reason}` : `appErrors:code.${app.code}`, params));
    const page = app.params?.errorPage;
    if (page !== undefined) parts.push(i18n.t('appErrors:errorPage', { page }));
    if (byReason && app.code === 'interrupted') parts.push(i18n.t('appErrors:incomplete'));
  }
  if (typeof app.params?.said === 'string' && app.params.said) {
    const said = { said: app.params.said, status: app.status };
    parts.push(i18n.t(app.status === undefined ? 'appErrors:said' : 'appErrors:saidStatus', said));
  }
  return parts.join(i18n.t('appErrors:gap'));
}
