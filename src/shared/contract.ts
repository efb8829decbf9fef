import { z } from 'zod';
import type { AppError } from './errors.ts';
import type { ChatSendResult, ChatStreamEvent } from './chat.ts';
import { chatSendInputSchema, streamIdSchema } from './chat.ts';
import { providerConfigSchema, providerIdSchema } from './providers.ts';
import type { ProviderView, SettingsView } from './settings.ts';
import { settingsPatchSchema } from './settings.ts';

/**
 * The one IPC contract. Every request and event is declared here once; main validates inputs
 * against these schemas, the preload and the browser-edition client are built from these names,
 * and the handler table's type is derived from it, so a missing handler fails to compile.
 */

/** Declares a request's result type; results are produced by our own main-side code, so only typed. */
function request<I extends z.ZodType, O>(input: I): { input: I; output: O } {
  return { input, output: undefined as O };
}
function event<T>(): { payload: T } {
  return { payload: undefined as T };
}

const none = z.object({}).strict().default({});
const keyInput = z.object({ providerId: providerIdSchema }).strict();

export interface KeyStatus {
  providerId: string;
  hasKey: boolean;
  /** The last four characters, so a person can tell keys apart. Never more. */
  last4: string | null;
  /** Where keys are kept; `memory` means only for this session (see `storageNotice`). */
  storage: 'keychain' | 'safe-storage' | 'memory';
  storageNotice: string | null;
}

export interface AppInfo {
  version: string;
  /** Which way in the renderer is served through. */
  edition: 'desktop' | 'web';
  platform: string;
}

export type TestResult = { ok: true; models: string[] } | { ok: false; error: AppError };

export const contract = {
  requests: {
    'app.info': request<typeof none, AppInfo>(none),
    'settings.get': request<typeof none, SettingsView>(none),
    'settings.update': request<typeof settingsPatchSchema, SettingsView>(settingsPatchSchema),
    'providers.save': request<typeof providerConfigSchema, ProviderView>(providerConfigSchema),
    'keys.set': request<z.ZodObject<{ providerId: typeof providerIdSchema; key: z.ZodString }>, KeyStatus>(
      z.object({ providerId: providerIdSchema, key: z.string().trim().min(1).max(4096) }).strict(),
    ),
    'keys.delete': request<typeof keyInput, KeyStatus>(keyInput),
    'keys.test': request<typeof keyInput, TestResult>(keyInput),
    'chat.send': request<typeof chatSendInputSchema, ChatSendResult>(chatSendInputSchema),
    'chat.stop': request<z.ZodObject<{ streamId: typeof streamIdSchema }>, { stopped: boolean }>(
      z.object({ streamId: streamIdSchema }).strict(),
    ),
  },
  events: {
    'chat.event': event<ChatStreamEvent>(),
  },
} as const;

export type Contract = typeof contract;
export type RequestName = keyof Contract['requests'];
export type EventName = keyof Contract['events'];
export type RequestInput<N extends RequestName> = z.input<Contract['requests'][N]['input']>;
export type ParsedInput<N extends RequestName> = z.output<Contract['requests'][N]['input']>;
export type RequestOutput<N extends RequestName> = Contract['requests'][N]['output'];
export type EventPayload<N extends EventName> = Contract['events'][N]['payload'];

export const requestNames = Object.keys(contract.requests) as RequestName[];
export const eventNames = Object.keys(contract.events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(contract.requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(contract.events, name);
}

/** What crosses a transport for every request: never a thrown error, always this envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppError };
