/**
 * What an import reads at most. A ChatGPT export is the user's own file, but it may come from
 * anywhere (a mail attachment, a shared folder), so each limit is far above what a real export holds
 * and far below what would exhaust memory, disk or time:
 * - `maxExportBytes` (2 GiB of JSON): the largest real exports are some hundreds of MB; reading is
 *   streamed, so this bounds time and disk (the history grows by about 1.3x the JSON, search indexes
 *   included, measured), not memory.
 * - `maxZipRatio` (100): JSON deflates 5–15x; a zip bomb reaches 1,000x. Below `ratioFloorBytes`
 *   (16 MiB) the ratio is not checked, since small files are harmless whatever their ratio.
 * - `maxTextChars` (4 Mi characters): one message or field. Parley's own messages stop at 200,000;
 *   ChatGPT's own are much shorter. This keeps one string from taking gigabytes while it is assembled.
 * - `maxConversationChars` (64 Mi) and `maxContainers` (512 Ki objects and arrays) per conversation:
 *   real conversations are a few MB with a few thousand nodes of 8–15 objects each; these bound what
 *   one conversation holds in memory before it is written (a 60,000-message conversation peaks at about 450 MB).
 * - `maxNodes` (100,000 per conversation) and `maxDepth` (256 levels of JSON nesting).
 */
export const IMPORT_LIMITS = {
  maxExportBytes: 2 * 1024 ** 3,
  maxZipRatio: 100,
  ratioFloorBytes: 16 * 1024 ** 2,
  maxTextChars: 4 * 1024 ** 2,
  maxConversationChars: 64 * 1024 ** 2,
  maxContainers: 512 * 1024,
  maxNodes: 100_000,
  maxDepth: 256,
};

export type ImportLimits = typeof IMPORT_LIMITS;

/**
 * Why an export cannot be read (further), in plain words. The importer adds what was kept before
 * it stopped; `detail` keeps the technical cause.
 */
export class ImportRefusal extends Error {
  readonly detail?: string;
  constructor(reason: string, detail?: string) {
    super(reason);
    this.name = 'ImportRefusal';
    this.detail = detail;
  }
}

/** A size in plain words: "2 GB", "4 MB", "8 KB". */
export function megabytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round(bytes / 1024 ** 3)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
