/** A provider's keys as the renderer may see them: hints and where they are kept, never a key. */

export interface KeyStatus {
  providerId: string;
  hasKey: boolean;
  /** The last four characters, so a person can tell keys apart. Never more. */
  last4: string | null;
  /** Where keys are kept; `memory` means only for this session (see `storageNotice`). */
  storage: 'keychain' | 'safe-storage' | 'vault' | 'memory';
  storageNotice: string | null;
  /** `storageNotice` in Chinese (the renderer shows the one in its language). */
  storageNoticeZh: string | null;
}

/** One of a provider's API keys, as the renderer may see it: a hint, never the key. */
export interface KeyHint {
  /** 1 is the key `keys.set` saves; more keys are numbered as they are added. */
  id: number;
  last4: string | null;
  /** When it was added (ms); null for a key saved before keys were listed. */
  addedAt: number | null;
  /** Cooling down after a 429 or a spent quota until then (ms): other keys are used meanwhile. */
  coolingUntil: number | null;
}

/** A provider's keys, used in turn. */
export interface KeyList {
  providerId: string;
  keys: KeyHint[];
}
