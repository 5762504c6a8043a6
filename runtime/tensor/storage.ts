// A storage is the memory that tensors view. Views share it, so writes through one are seen by all.

import { dtypeInfo, type DType, type TypedArray } from './dtype.js';
import { cpu, type Device } from './device.js';

export class Storage {
  /** Counts in-place writes through any view: autograd checks saved tensors by it. */
  version = 0;

  constructor(
    readonly data: TypedArray,
    readonly device: Device = cpu,
  ) {}

  static allocate(dtype: DType, numel: number, device: Device = cpu): Storage {
    return new Storage(allocateArray(dtype, numel), device);
  }
}

// Node caps one ArrayBuffer at 4 GiB; larger requests fail as PyTorch's allocator does.
const maxBytes = 2 ** 32;

export function allocateArray(dtype: DType, numel: number): TypedArray {
  const info = dtypeInfo(dtype);
  let array: TypedArray | undefined;
  if (numel * info.array.BYTES_PER_ELEMENT <= maxBytes) {
    try {
      array = new info.array(numel);
    } catch {
      array = undefined;
    }
  }
  if (array === undefined) {
    throw new RangeError(
      `[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${numel * info.itemsize} bytes. Error code 12 (Cannot allocate memory)`,
    );
  }
  return array;
}
