// Tensor storages as archive records (data/N, constants/N): the storage's elements, little-endian,
// nothing else. The pickle names a storage's dtype by its legacy class (`torch FloatStorage`).

import { notSupported } from '../errors.js';
import { dtypeInfo, dtypes, type DType } from '../tensor/dtype.js';
import { Storage } from '../tensor/storage.js';
import { archiveError } from './errors.js';

const storageClasses: Readonly<Record<DType, string>> = {
  bool: 'BoolStorage',
  uint8: 'ByteStorage',
  int8: 'CharStorage',
  int16: 'ShortStorage',
  int32: 'IntStorage',
  int64: 'LongStorage',
  float32: 'FloatStorage',
  float64: 'DoubleStorage',
};

/** PyTorch's storage classes for dtypes we do not have. */
const unsupportedStorageClasses = new Set([
  'HalfStorage',
  'BFloat16Storage',
  'ComplexHalfStorage',
  'ComplexFloatStorage',
  'ComplexDoubleStorage',
  'QInt8Storage',
  'QUInt8Storage',
  'QInt32Storage',
  'QUInt4x2Storage',
  'QUInt2x4Storage',
]);

export function storageClassName(dtype: DType): string {
  return storageClasses[dtype];
}

/** The dtype of `torch <name>`; null when `name` is no storage class at all. */
export function storageClassDType(name: string): DType | null {
  const found = dtypes.find((d) => storageClasses[d] === name);
  if (found !== undefined) return found;
  if (unsupportedStorageClasses.has(name)) throw notSupported(`tensors of torch.${name}`);
  return null;
}

/** The record holding `storage`'s elements. int64 elements are written as the 8-byte ints they are. */
export function storageBytes(storage: Storage, dtype: DType): Uint8Array {
  const data = storage.data;
  if (dtype === 'int64') {
    const out = new BigInt64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = BigInt(Math.trunc(data[i]));
    return new Uint8Array(out.buffer);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A storage of `numel` elements of `dtype` from its record; the record must hold them all. */
export function storageFromBytes(
  bytes: Uint8Array,
  dtype: DType,
  numel: number,
  name: string,
): Storage {
  const itemsize = dtypeInfo(dtype).itemsize;
  if (!Number.isSafeInteger(numel) || numel < 0 || numel * itemsize > bytes.length) {
    throw archiveError(
      `storage ${name} should hold ${numel} elements of ${dtype} (${numel * itemsize} bytes) but its record has ${bytes.length} bytes`,
    );
  }
  // The archive's own bytes where the record is aligned for its type (PyTorch's writer and ours
  // align records to 64 bytes), else a copy: typed arrays need alignment.
  const aligned = bytes.byteOffset % itemsize === 0 ? bytes : bytes.slice(0, numel * itemsize);
  if (dtype === 'int64') {
    const longs = new BigInt64Array(aligned.buffer, aligned.byteOffset, numel);
    const storage = Storage.allocate('int64', numel);
    for (let i = 0; i < numel; i++) storage.data[i] = Number(longs[i]);
    return storage;
  }
  return new Storage(new (dtypeInfo(dtype).array)(aligned.buffer, aligned.byteOffset, numel));
}
