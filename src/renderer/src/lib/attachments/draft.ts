import { ATTACHMENT_LIMITS } from '../../../../shared/attachments.ts';
import type { AttachmentRef } from '../../../../shared/attachments.ts';
import type { Api } from '../api.ts';
import { hasPreview, prepareImage } from './prepare-image.ts';
import { uploadAttachment } from './upload.ts';

/** Why a chosen file is not attached (worded by the chip, in the window's language). */
export type DraftProblem =
  | { kind: 'tooLarge' }
  | { kind: 'tooMany' }
  | { kind: 'messageTooLarge' }
  | { kind: 'empty' }
  | { kind: 'failed'; error: unknown };

export type DraftState = 'preparing' | 'uploading' | 'ready' | 'failed';

/** A file on its way into the next message. Replaced, never mutated. */
export interface DraftItem {
  key: string;
  /** As chosen (the stored name, once uploaded, is main's sanitised one). */
  name: string;
  /** Bytes as chosen. */
  size: number;
  /** A thumbnail of the chosen bytes (images only); revoked when the item goes. */
  previewUrl: string | null;
  state: DraftState;
  /** Upload progress, 0..1. */
  fraction: number;
  /** Downscaled in the window before the upload. */
  downscaled: boolean;
  ref: AttachmentRef | null;
  problem: DraftProblem | null;
}

let nextKey = 1;

/**
 * The files attached to the message being written: each is checked, prepared (a large image is
 * scaled down) and uploaded as soon as it is added, so sending only names what main already holds.
 * The composer and the quick prompt each keep one.
 */
export class AttachmentDraft {
  #items: DraftItem[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  get = (): DraftItem[] => this.#items;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Adds files a person picked, dropped or pasted; each one that fits starts uploading. */
  add(files: readonly File[]): void {
    for (const file of files) {
      const item: DraftItem = {
        key: `a${nextKey++}`,
        name: file.name || 'file',
        size: file.size,
        previewUrl: null,
        state: 'preparing',
        fraction: 0,
        downscaled: false,
        ref: null,
        problem: this.#problemOf(file),
      };
      if (item.problem) {
        this.#set([...this.#items, { ...item, state: 'failed' }]);
        continue;
      }
      if (hasPreview(file)) item.previewUrl = URL.createObjectURL(file);
      this.#set([...this.#items, item]);
      void this.#upload(item.key, file);
    }
  }

  remove(key: string): void {
    const item = this.#items.find((i) => i.key === key);
    if (item?.previewUrl) URL.revokeObjectURL(item.previewUrl);
    this.#set(this.#items.filter((i) => i.key !== key));
  }

  /** After a send: the chips go (their files are the message's now). */
  clear(): void {
    for (const item of this.#items) if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
    this.#set([]);
  }

  /** The stored files, in the order shown; null while a file is still on its way or failed. */
  ready(): AttachmentRef[] | null {
    if (this.#items.some((i) => i.state !== 'ready')) return null;
    return this.#items.map((i) => i.ref!);
  }

  /** Whether a file could not be attached (it must be removed before the message can go). */
  hasProblem(): boolean {
    return this.#items.some((i) => i.problem !== null);
  }

  /** The stored files once none is on its way any more (null if one could not be attached). */
  async settled(): Promise<AttachmentRef[] | null> {
    while (this.#items.some((i) => i.state === 'preparing' || i.state === 'uploading')) {
      await new Promise<void>((resolve) => {
        const off = this.subscribe(() => {
          off();
          resolve();
        });
      });
    }
    return this.ready();
  }

  #problemOf(file: File): DraftProblem | null {
    if (file.size === 0) return { kind: 'empty' };
    if (file.size > ATTACHMENT_LIMITS.maxFileBytes) return { kind: 'tooLarge' };
    const kept = this.#items.filter((i) => i.state !== 'failed');
    if (kept.length >= ATTACHMENT_LIMITS.maxFilesPerMessage) return { kind: 'tooMany' };
    return null;
  }

  async #upload(key: string, chosen: File): Promise<void> {
    try {
      const { file, downscaled } = await prepareImage(chosen);
      const total = this.#items
        .filter((i) => i.key !== key && i.state !== 'failed')
        .reduce((sum, i) => sum + (i.ref?.size ?? i.size), file.size);
      if (total > ATTACHMENT_LIMITS.maxMessageBytes) {
        this.#patch(key, { state: 'failed', problem: { kind: 'messageTooLarge' } });
        return;
      }
      this.#patch(key, { state: 'uploading', downscaled });
      const ref = await uploadAttachment(this.#api, file, (fraction) => this.#patch(key, { fraction }));
      this.#patch(key, { state: 'ready', fraction: 1, ref });
    } catch (error) {
      this.#patch(key, { state: 'failed', problem: { kind: 'failed', error } });
    }
  }

  #patch(key: string, patch: Partial<DraftItem>): void {
    if (!this.#items.some((i) => i.key === key)) return; // removed meanwhile
    this.#set(this.#items.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }

  #set(items: DraftItem[]): void {
    this.#items = items;
    for (const listener of [...this.#listeners]) listener();
  }
}
