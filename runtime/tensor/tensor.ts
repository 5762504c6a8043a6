// A tensor is a strided view over a storage: element i0..ik lives at
// storage[offset + i0 * strides[0] + ... + ik * strides[k]].

import { dtypeInfo, type DType } from './dtype.js';
import { cpu, type Device } from './device.js';
import { contiguousStrides, numelOf, type Shape } from './shape.js';
import { Storage } from './storage.js';
import type { Scalar } from './scalar.js';

/** What a tensor knows of the autograd node that made it (runtime/autograd/node.ts). */
export interface GradFn {
  /** PyTorch's name for the node: `TanhBackward0`. */
  readonly name: string;
}

export class Tensor {
  /** Whether autograd records what is computed from this tensor (runtime/autograd). */
  requiresGrad = false;
  /** The autograd node that made this tensor; null for a leaf. */
  gradFn: GradFn | null = null;
  /** Which of gradFn's outputs this tensor is. */
  outputNr = 0;
  /** The gradient backward() accumulated into this tensor (leaves, and tensors that retain it). */
  grad: Tensor | null = null;
  /** The tensor this one is a view of (the root of a chain of views), as PyTorch's `_base`. */
  base: Tensor | null = null;

  // Metadata changes only through setView: in-place view ops (unsqueeze_, t_, resize_) use it.
  constructor(
    public storage: Storage,
    public shape: Shape,
    public strides: readonly number[],
    public offset: number,
    readonly dtype: DType,
    /** A Python number passed where a tensor goes: it promotes like a scalar, not a 0-dim tensor. */
    readonly wrappedNumber = false,
  ) {}

  static empty(shape: Shape, dtype: DType, device: Device = cpu): Tensor {
    const storage = Storage.allocate(dtype, numelOf(shape), device);
    return new Tensor(storage, shape.slice(), contiguousStrides(shape), 0, dtype);
  }

  get device(): Device {
    return this.storage.device;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get data() {
    return this.storage.data;
  }

  numel(): number {
    return numelOf(this.shape);
  }

  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const size = this.shape[i];
      if (size === 1) continue;
      if (size === 0) return true;
      if (this.strides[i] !== expected) return false;
      expected *= size;
    }
    return true;
  }

  /** A new view over the same storage. */
  view(shape: Shape, strides: readonly number[], offset = this.offset): Tensor {
    const v = new Tensor(this.storage, shape, strides, offset, this.dtype);
    v.base = this.base ?? this;
    return v;
  }

  /** Makes this tensor view other memory or a different layout, as in-place view ops do. */
  setView(shape: Shape, strides: readonly number[], offset: number, storage = this.storage): this {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    return this;
  }

  /** The storage index of a row-major flat element index. */
  storageIndex(flat: number): number {
    let index = this.offset;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      const size = this.shape[d];
      index += (flat % size) * this.strides[d];
      flat = Math.floor(flat / size);
    }
    return index;
  }

  /** The elements in row-major order as numbers (bool as 0/1). */
  toArray(): number[] {
    const n = this.numel();
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.data[this.storageIndex(i)];
    return out;
  }

  /** The value of a one-element tensor as a Python scalar (.item()). */
  item(): Scalar {
    const v = this.data[this.storageIndex(0)];
    if (this.dtype === 'bool') return v !== 0;
    return dtypeInfo(this.dtype).isFloating ? v : BigInt(v);
  }
}
