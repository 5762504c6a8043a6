// Reading zip archives (ours, PyTorch's, any writer's) from bytes, synchronously: torch.jit.load
// is a synchronous call from Python, so nothing here may wait on a promise.
//
// The archive is untrusted input. Opening checks the end records and every central directory
// entry before anything is read: names must be relative paths without `..` (nothing may point
// outside the archive's folder), record data must lie inside the file, methods must be stored or
// deflated. Reading a record checks its size and CRC, and inflating stops at the declared size,
// so a small archive cannot expand into an unbounded allocation.

import { inflateRawSync } from 'node:zlib';
import { archiveError } from '../errors.js';
import { crc32 } from './crc32.js';
import { checkRecordName } from './record_names.js';

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly dataOffset: number;
}

const endSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EndSignature = 0x06064b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;
const endSize = 22;
const maxCommentSize = 0xffff;

export class ZipReader {
  private readonly entries = new Map<string, Entry>();

  private constructor(private readonly bytes: Uint8Array) {}

  static open(bytes: Uint8Array): ZipReader {
    const reader = new ZipReader(bytes);
    reader.readDirectory();
    return reader;
  }

  /** Record names in central directory order. */
  get names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The record's bytes. `verify: false` skips the CRC-32, as PyTorch's reader (miniz built with
   * MINIZ_DISABLE_ZIP_READER_CRC32_CHECKS) skips it for every record: used for tensor data,
   * where it is most of the archive's size and a flipped bit runs nothing.
   */
  read(name: string, verify = true): Uint8Array {
    const e = this.entries.get(name);
    if (e === undefined) {
      throw archiveError(`PytorchStreamReader failed locating file ${name}: file not found`);
    }
    const raw = this.bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const data = e.method === 0 ? raw : inflate(raw, e);
    if (data.length !== e.size) {
      throw archiveError(`record ${name} holds ${data.length} bytes but its header says ${e.size}`);
    }
    if (verify && crc32(data) !== e.crc) {
      throw archiveError(`record ${name} is corrupted: its CRC-32 differs`);
    }
    // A plain view, whether the archive or zlib handed us a Node Buffer.
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  private view(): DataView {
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  private readDirectory(): void {
    const { offset, size, count } = this.directoryLocation();
    const v = this.view();
    let at = offset;
    for (let i = 0; i < count; i++) {
      if (at + 46 > offset + size || v.getUint32(at, true) !== centralSignature) {
        throw archiveError(`zip central directory entry ${i} is malformed (archive corrupted)`);
      }
      const entry = this.centralEntry(at);
      if (this.entries.has(entry.entry.name)) {
        throw archiveError(`zip archive holds two records named ${entry.entry.name}`);
      }
      this.entries.set(entry.entry.name, entry.entry);
      at = entry.next;
    }
  }

  /** Where the central directory is, from the end record (and its zip64 twin if there is one). */
  private directoryLocation(): { offset: number; size: number; count: number } {
    const v = this.view();
    const endAt = this.findEnd();
    let count = v.getUint16(endAt + 10, true);
    let size = v.getUint32(endAt + 12, true);
    let offset = v.getUint32(endAt + 16, true);
    const locatorAt = endAt - 20;
    if (locatorAt >= 0 && v.getUint32(locatorAt, true) === zip64LocatorSignature) {
      const zip64At = safeNumber(v.getBigUint64(locatorAt + 8, true));
      if (zip64At + 56 > locatorAt || v.getUint32(zip64At, true) !== zip64EndSignature) {
        throw archiveError('zip64 end of central directory record is missing or malformed');
      }
      count = safeNumber(v.getBigUint64(zip64At + 32, true));
      size = safeNumber(v.getBigUint64(zip64At + 40, true));
      offset = safeNumber(v.getBigUint64(zip64At + 48, true));
    }
    if (offset + size > endAt || count * 46 > size) {
      throw archiveError(
        `zip central directory (${size} bytes at offset ${offset}, ${count} entries) does not fit in the archive's ${this.bytes.length} bytes: the archive is truncated or corrupted`,
      );
    }
    return { offset, size, count };
  }

  private findEnd(): number {
    const v = this.view();
    const lowest = Math.max(0, this.bytes.length - endSize - maxCommentSize);
    for (let at = this.bytes.length - endSize; at >= lowest; at--) {
      if (v.getUint32(at, true) === endSignature) return at;
    }
    throw archiveError(
      'PytorchStreamReader failed reading zip archive: failed finding central directory (the file is not a zip archive, or it is truncated)',
    );
  }

  private centralEntry(at: number): { entry: Entry; next: number } {
    const v = this.view();
    const flags = v.getUint16(at + 8, true);
    const method = v.getUint16(at + 10, true);
    const crc = v.getUint32(at + 16, true);
    let compressedSize = v.getUint32(at + 20, true);
    let size = v.getUint32(at + 24, true);
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const commentLength = v.getUint16(at + 32, true);
    let localOffset = v.getUint32(at + 42, true);
    const nameBytes = this.bytes.subarray(at + 46, at + 46 + nameLength);
    const name = checkedName(nameBytes);
    const extra = this.bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const wide = zip64Sizes(extra, {
      size: size === 0xffffffff,
      compressedSize: compressedSize === 0xffffffff,
      offset: localOffset === 0xffffffff,
    });
    size = wide.size ?? size;
    compressedSize = wide.compressedSize ?? compressedSize;
    localOffset = wide.offset ?? localOffset;
    if ((flags & 1) !== 0) throw archiveError(`record ${name} is encrypted: not supported`);
    if (method !== 0 && method !== 8) {
      throw archiveError(`record ${name} uses zip compression method ${method}: not supported yet`);
    }
    const dataOffset = this.localDataOffset(name, localOffset);
    if (dataOffset + compressedSize > this.bytes.length) {
      throw archiveError(
        `record ${name} says it holds ${compressedSize} bytes at offset ${dataOffset}, past the end of the ${this.bytes.length}-byte archive: the archive is truncated or corrupted`,
      );
    }
    if (method === 0 && compressedSize !== size) {
      throw archiveError(
        `stored record ${name} has two different sizes (${compressedSize}, ${size})`,
      );
    }
    const entry = { name, method, crc, compressedSize, size, dataOffset };
    return { entry, next: at + 46 + nameLength + extraLength + commentLength };
  }

  /** Where a record's data starts: after its local header, name and extra field. */
  private localDataOffset(name: string, localOffset: number): number {
    const v = this.view();
    if (localOffset + 30 > this.bytes.length || v.getUint32(localOffset, true) !== localSignature) {
      throw archiveError(
        `record ${name}: no local header at offset ${localOffset} (archive corrupted)`,
      );
    }
    return (
      localOffset + 30 + v.getUint16(localOffset + 26, true) + v.getUint16(localOffset + 28, true)
    );
  }
}

function inflate(raw: Uint8Array, e: Entry): Uint8Array {
  try {
    // One byte more than declared: a record that inflates past its size is caught below.
    return inflateRawSync(raw, { maxOutputLength: e.size + 1 });
  } catch (err) {
    throw archiveError(`record ${e.name} cannot be inflated: ${(err as Error).message}`);
  }
}

/** A UTF-8 record name that stays inside the archive (record_names.ts). */
function checkedName(bytes: Uint8Array): string {
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw archiveError('zip record name is not valid UTF-8');
  }
  return checkRecordName(name);
}

/** The zip64 extended-information extra field (id 1): 8-byte values for the fields that overflowed. */
function zip64Sizes(
  extra: Uint8Array,
  wanted: { size: boolean; compressedSize: boolean; offset: boolean },
): { size?: number; compressedSize?: number; offset?: number } {
  if (!wanted.size && !wanted.compressedSize && !wanted.offset) return {};
  const v = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let at = 0; at + 4 <= extra.length;) {
    const id = v.getUint16(at, true);
    const length = v.getUint16(at + 2, true);
    if (id === 1) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + length) throw archiveError('zip64 extra field is too short');
        const value = safeNumber(v.getBigUint64(field, true));
        field += 8;
        return value;
      };
      const out: { size?: number; compressedSize?: number; offset?: number } = {};
      if (wanted.size) out.size = next();
      if (wanted.compressedSize) out.compressedSize = next();
      if (wanted.offset) out.offset = next();
      return out;
    }
    at += 4 + length;
  }
  throw archiveError('zip record has 32-bit fields set to 0xFFFFFFFF but no zip64 extra field');
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw archiveError('zip64 size or offset is too large');
  return Number(v);
}
