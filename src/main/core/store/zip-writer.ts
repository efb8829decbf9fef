import { crc32, deflateRawSync } from 'node:zlib';

/** Where the zip's bytes go, in order; it resolves once they may be written again (back-pressure). */
export type ByteSink = (bytes: Buffer) => Promise<void>;

interface Entry {
  name: Buffer;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const UTF8_NAMES = 0x0800;
const STORE = 0;
const DEFLATE = 8;
/** Below this, deflating saves nothing worth its cost: the bytes are stored as they are. */
const DEFLATE_FROM = 128;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/**
 * A small zip writer (deflate, or stored for tiny entries; UTF-8 names, ZIP64 past 65,535 entries or 4 GB), one entry at a time,
 * so an archive of any size is written with the memory of its largest entry. Each entry is given
 * whole (a conversation, never gigabytes); its size and CRC go in the local header, so no data
 * descriptors are needed and any unzip tool reads it.
 */
export class ZipWriter {
  readonly #sink: ByteSink;
  readonly #time: number;
  readonly #date: number;
  readonly #entries: Entry[] = [];
  #offset = 0;

  constructor(sink: ByteSink, modified: Date) {
    this.#sink = sink;
    this.#time = (modified.getHours() << 11) | (modified.getMinutes() << 5) | (modified.getSeconds() >> 1);
    this.#date =
      (Math.max(0, modified.getFullYear() - 1980) << 9) |
      ((modified.getMonth() + 1) << 5) |
      modified.getDate();
  }

  async add(name: string, content: string | Buffer): Promise<void> {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const deflate = data.length >= DEFLATE_FROM;
    const deflated = deflate ? deflateRawSync(data) : data;
    const entry: Entry = {
      name: Buffer.from(name, 'utf8'),
      method: deflate ? DEFLATE : STORE,
      crc: crc32(data),
      compressed: deflated.length,
      size: data.length,
      offset: this.#offset,
    };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    this.#common(header, 6, entry);
    header.writeUInt16LE(0, 28);
    await this.#write(Buffer.concat([header, entry.name]));
    await this.#write(deflated);
    this.#entries.push(entry);
  }

  /** Writes the central directory; the archive is complete once this resolves. */
  async finish(): Promise<number> {
    const start = this.#offset;
    for (const entry of this.#entries) {
      const far = entry.offset > MAX32;
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(far ? 45 : 20, 4);
      header.writeUInt16LE(far ? 45 : 20, 6);
      this.#common(header, 8, entry);
      header.writeUInt16LE(far ? 12 : 0, 30);
      header.writeUInt32LE(far ? MAX32 : entry.offset, 42);
      const extra = far ? Buffer.alloc(12) : Buffer.alloc(0);
      if (far) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8, 2);
        extra.writeBigUInt64LE(BigInt(entry.offset), 4);
      }
      await this.#write(Buffer.concat([header, entry.name, extra]));
    }
    const size = this.#offset - start;
    const count = this.#entries.length;
    if (count > MAX16 || start > MAX32 || size > MAX32) await this.#zip64End(start, size, count);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, MAX16), 8);
    end.writeUInt16LE(Math.min(count, MAX16), 10);
    end.writeUInt32LE(Math.min(size, MAX32), 12);
    end.writeUInt32LE(Math.min(start, MAX32), 16);
    await this.#write(end);
    return this.#offset;
  }

  /** Flags, method, time, date, CRC, sizes and name length: the same run in both headers. */
  #common(header: Buffer, at: number, entry: Entry): void {
    header.writeUInt16LE(UTF8_NAMES, at);
    header.writeUInt16LE(entry.method, at + 2);
    header.writeUInt16LE(this.#time, at + 4);
    header.writeUInt16LE(this.#date, at + 6);
    header.writeUInt32LE(entry.crc, at + 8);
    header.writeUInt32LE(entry.compressed, at + 12);
    header.writeUInt32LE(entry.size, at + 16);
    header.writeUInt16LE(entry.name.length, at + 20);
  }

  async #zip64End(start: number, size: number, count: number): Promise<void> {
    const recordAt = this.#offset;
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(size), 40);
    record.writeBigUInt64LE(BigInt(start), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(recordAt), 8);
    locator.writeUInt32LE(1, 16);
    await this.#write(Buffer.concat([record, locator]));
  }

  async #write(bytes: Buffer): Promise<void> {
    this.#offset += bytes.length;
    await this.#sink(bytes);
  }
}
