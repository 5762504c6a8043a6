// Zip archives laid out as PyTorch's PyTorchStreamWriter (miniz) writes them, so that PyTorch
// reads ours exactly as it reads its own:
//
//   local header (sizes and CRC zero, flags 0x0808: data descriptor follows, UTF-8 names)
//   name, then an extra field 'FB' padded with 'Z' so that the data starts at a multiple of 64
//   data (stored, or deflated where the record asks and deflating makes it smaller)
//   data descriptor: PK\x07\x08, CRC, compressed size, size
//   ... then the central directory, a zip64 end record and its locator, the end record.
//
// The 64-byte alignment is what lets PyTorch map tensor data straight from the file.

import { deflateRawSync } from 'node:zlib';
import { archiveError } from '../errors.js';
import { crc32 } from './crc32.js';
import { checkRecordName } from './record_names.js';

const alignment = 64;
const localHeaderSize = 30;
const centralHeaderSize = 46;
const flags = 0x0808;
const methodStored = 0;
const methodDeflated = 8;
const maxSize = 0xffffffff;

interface WrittenRecord {
  readonly name: Uint8Array;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

export class ZipWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private readonly records: WrittenRecord[] = [];
  private readonly names = new Set<string>();

  /** Appends a record; `compress` deflates it (PyTorch compresses code, stores tensor data). */
  add(name: string, data: Uint8Array, compress = false): void {
    checkRecordName(name);
    if (this.names.has(name)) throw archiveError(`duplicate record name ${name} in archive`);
    this.names.add(name);
    const encodedName = new TextEncoder().encode(name);
    const deflated = compress ? deflateRawSync(data) : null;
    const useDeflated = deflated !== null && deflated.length < data.length;
    const body = useDeflated
      ? new Uint8Array(deflated.buffer, deflated.byteOffset, deflated.length)
      : data;
    if (body.length > maxSize || this.length > maxSize) {
      throw archiveError(`record ${name} does not fit in a 4 GiB archive: not supported yet`);
    }
    const record: WrittenRecord = {
      name: encodedName,
      method: useDeflated ? methodDeflated : methodStored,
      crc: crc32(data),
      compressedSize: body.length,
      size: data.length,
      offset: this.length,
    };
    this.records.push(record);
    this.push(localHeader(record, this.length));
    this.push(body);
    this.push(dataDescriptor(record));
  }

  /** The whole archive: the records, then the central directory and end records. */
  finish(): Uint8Array {
    const directoryOffset = this.length;
    for (const r of this.records) this.push(centralHeader(r));
    const directorySize = this.length - directoryOffset;
    const zip64EndOffset = this.length;
    this.push(zip64End(this.records.length, directorySize, directoryOffset));
    this.push(zip64Locator(zip64EndOffset));
    this.push(end(this.records.length, directorySize, directoryOffset));
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
}

/** Little-endian field writer over a fixed-size buffer. */
class Fields {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(v: number): this {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }
  u64(v: number): this {
    this.view.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
    return this;
  }
  raw(b: Uint8Array): this {
    this.bytes.set(b, this.at);
    this.at += b.length;
    return this;
  }
}

/** Bytes of 'FB' padding so that data after a header ending at `end` starts aligned. */
function paddingFor(end: number): number {
  return (alignment - ((end + 4) % alignment)) % alignment;
}

function versionNeeded(method: number): number {
  return method === methodDeflated ? 20 : 0;
}

function localHeader(r: WrittenRecord, offset: number): Uint8Array {
  const pad = paddingFor(offset + localHeaderSize + r.name.length);
  const f = new Fields(localHeaderSize + r.name.length + 4 + pad)
    .u32(0x04034b50)
    .u16(versionNeeded(r.method))
    .u16(flags)
    .u16(r.method)
    .u16(0) // time
    .u16(0) // date
    .u32(0) // CRC, in the data descriptor
    .u32(0) // compressed size, likewise
    .u32(0) // size, likewise
    .u16(r.name.length)
    .u16(4 + pad)
    .raw(r.name)
    .u16(0x4246) // 'FB'
    .u16(pad)
    .raw(new Uint8Array(pad).fill(0x5a)); // 'Z'
  return f.bytes;
}

function dataDescriptor(r: WrittenRecord): Uint8Array {
  return new Fields(16).u32(0x08074b50).u32(r.crc).u32(r.compressedSize).u32(r.size).bytes;
}

function centralHeader(r: WrittenRecord): Uint8Array {
  return new Fields(centralHeaderSize + r.name.length)
    .u32(0x02014b50)
    .u16(0) // version made by
    .u16(versionNeeded(r.method))
    .u16(flags)
    .u16(r.method)
    .u16(0)
    .u16(0)
    .u32(r.crc)
    .u32(r.compressedSize)
    .u32(r.size)
    .u16(r.name.length)
    .u16(0) // extra
    .u16(0) // comment
    .u16(0) // disk
    .u16(0) // internal attributes
    .u32(0) // external attributes
    .u32(r.offset)
    .raw(r.name).bytes;
}

function zip64End(entries: number, directorySize: number, directoryOffset: number): Uint8Array {
  return new Fields(56)
    .u32(0x06064b50)
    .u64(44)
    .u16(0x031e) // made by: version 3.0, Unix
    .u16(45)
    .u32(0)
    .u32(0)
    .u64(entries)
    .u64(entries)
    .u64(directorySize)
    .u64(directoryOffset).bytes;
}

function zip64Locator(zip64EndOffset: number): Uint8Array {
  return new Fields(20).u32(0x07064b50).u32(0).u64(zip64EndOffset).u32(1).bytes;
}

function end(entries: number, directorySize: number, directoryOffset: number): Uint8Array {
  return new Fields(22)
    .u32(0x06054b50)
    .u16(0)
    .u16(0)
    .u16(Math.min(entries, 0xffff))
    .u16(Math.min(entries, 0xffff))
    .u32(directorySize)
    .u32(directoryOffset)
    .u16(0).bytes;
}
