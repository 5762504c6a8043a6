// Strided-layout helpers shared by the shape and indexing families (view.ts, join.ts,
// indexing.ts, scatter.ts, tensor/pyindex.ts): allocation with PyTorch's checks, element offset
// tables and row walks, dense-layout tests, memory formats, the two kinds of out= variants,
// Scalar conversion with PyTorch's overflow check, and PyTorch's memory-overlap rules.

import { indexError, runtimeError } from '../errors.js';
import { runPointwise } from '../kernels/pointwise.js';
import { dtypeInfo, isFloating, type DType } from '../tensor/dtype.js';
import { isNonOverlappingAndDense } from '../tensor/memory_format.js';
import { scalarToNumber, type Scalar } from '../tensor/scalar.js';
import { formatShape, normalizeDim, numelOf, sameShape, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { identity, resizeInPlace } from './elementwise.js';
import { def, type Impl } from './registry.js';

/** Wraps a dim without PyTorch's allowance for 0-dim tensors (unbind, unflatten, roll). */
export function normalizeDimStrict(dim: number, ndim: number): number {
  if (ndim === 0) {
    throw indexError(`Dimension specified as ${dim} but tensor has no dimensions`);
  }
  return normalizeDim(dim, ndim);
}

/** How expand's messages name a CPU tensor's type: torch.FloatTensor, but CPUBoolType for bool. */
export function legacyTypeName(t: Tensor): string {
  return t.dtype === 'bool' ? 'CPUBoolType' : `torch.${dtypeInfo(t.dtype).legacyName}`;
}

// ---- layout helpers shared by the shape and indexing families ----

/**
 * A tensor of `shape` (zero-filled, as fresh storage is), with torch.empty's check that no size
 * is negative in PyTorch's words rather than a RangeError.
 */
export function emptyOf(shape: Shape, dtype: DType, like: Tensor): Tensor {
  const negative = shape.find((s) => s < 0);
  if (negative !== undefined) {
    throw runtimeError(
      `Trying to create tensor with negative dimension ${negative}: ${formatShape(shape)}`,
    );
  }
  return Tensor.empty(shape, dtype, like.device);
}

/** A contiguous copy in `dtype`, even when `t` is contiguous already. */
export function copyContiguous(t: Tensor, dtype: DType = t.dtype): Tensor {
  const out = Tensor.empty(t.shape, dtype, t.device);
  runPointwise(identity, out, [t], dtype);
  return out;
}

/** The storage index of every element of a (shape, strides, offset) layout, in row-major order. */
export function elementOffsets(
  shape: Shape,
  strides: readonly number[],
  offset: number,
): Float64Array {
  const n = numelOf(shape);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const nd = shape.length;
  if (nd === 0) {
    out[0] = offset;
    return out;
  }
  // A tight loop along the last dim; the outer dims advance like an odometer.
  const inner = shape[nd - 1];
  const step = strides[nd - 1];
  const index = new Array<number>(nd).fill(0);
  let base = offset;
  let k = 0;
  while (k < n) {
    for (let j = 0, at = base; j < inner; j++, at += step) out[k++] = at;
    for (let d = nd - 2; d >= 0; d--) {
      base += strides[d];
      if (++index[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Walks `shape` row by row (a row runs along the last dim), calling `row` with the storage index
 * of the row's first element in every operand (operand k laid out by strides[k] from
 * offsets[k]) and the row-major number of that element. The caller loops over the row's
 * elements itself, so that loop stays tight. `bases` is reused between calls.
 */
export function forEachRow(
  shape: Shape,
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  row: (bases: number[], first: number) => void,
): void {
  if (numelOf(shape) === 0) return;
  const bases = offsets.slice();
  const outer = shape.length - 1;
  if (outer <= 0) return row(bases, 0);
  const length = shape[outer];
  const index = new Array<number>(outer).fill(0);
  for (let first = 0; ; first += length) {
    row(bases, first);
    let d = outer - 1;
    for (; d >= 0; d--) {
      for (let k = 0; k < bases.length; k++) bases[k] += strides[k][d];
      if (++index[d] < shape[d]) break;
      for (let k = 0; k < bases.length; k++) bases[k] -= strides[k][d] * shape[d];
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

/** How many elements of a (shape, strides, offset) layout over `data` are nonzero. */
export function countNonzero(
  data: ArrayLike<number>,
  shape: Shape,
  strides: readonly number[],
  offset: number,
): number {
  const { length, steps } = rowLayout(shape, [strides]);
  const step = steps[0];
  let count = 0;
  forEachRow(shape, [strides], [offset], ([at]) => {
    let rowCount = 0;
    for (let j = 0; j < length; j++) if (data[at + j * step] !== 0) rowCount++;
    count += rowCount;
  });
  return count;
}

/** The length of the rows forEachRow walks, and each operand's stride along them. */
export function rowLayout(shape: Shape, strides: readonly (readonly number[])[]) {
  const last = shape.length - 1;
  return {
    length: last < 0 ? 1 : shape[last],
    steps: strides.map((s) => (last < 0 ? 0 : s[last])),
  };
}

// ---- out= variants ----

/** How structured kernels name a dtype in their out= messages: the C++ element type. */
const cTypeNames: Record<DType, string> = {
  bool: 'bool',
  uint8: 'unsigned char',
  int8: 'signed char',
  int16: 'short int',
  int32: 'int',
  int64: 'long int',
  float32: 'float',
  float64: 'double',
};

/** Resizes `out` to the result's shape when they differ and copies the result in, casting. */
export function castInto(out: Tensor, result: Tensor): Tensor {
  if (!sameShape(out.shape, result.shape)) resizeInPlace(out, result.shape);
  runPointwise(identity, out, [result], out.dtype);
  return out;
}

/** An out= variant that casts the result to whatever dtype `out` has, as copy_ would. */
export function defCastOut(schema: string, functional: Impl): void {
  def(schema, (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    return castInto(out, functional(...args) as Tensor);
  });
}

/** An out= variant of a structured kernel: `out` must already have the result's dtype. */
export function defExactOut(schema: string, functional: Impl): void {
  def(schema, (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    const result = functional(...args) as Tensor;
    if (out.dtype !== result.dtype) {
      throw runtimeError(
        `Expected out tensor to have dtype ${cTypeNames[result.dtype]}, but got ${cTypeNames[out.dtype]} instead`,
      );
    }
    return castInto(out, result);
  });
}

// ---- memory formats ----

/** c10::MemoryFormat as TorchScript passes it: an int (or null where the schema allows None). */
export const MemoryFormat = { contiguous: 0, preserve: 1, channelsLast: 2, channelsLast3d: 3 };

/** Strides of the channels-last layouts (NHWC, NDHWC) for a 4-d or 5-d shape. */
export function channelsLastStrides(shape: Shape, format: number): number[] {
  const rank = format === MemoryFormat.channelsLast ? 4 : 5;
  if (shape.length !== rank) {
    const name = rank === 4 ? 'channels_last' : 'channels_last_3d';
    throw runtimeError(`required rank ${rank} tensor to use ${name} format`);
  }
  // The channel dim (1) is innermost, then the spatial dims from last to first, then the batch.
  const order = rank === 4 ? [1, 3, 2, 0] : [1, 4, 3, 2, 0];
  const strides = new Array<number>(rank);
  let step = 1;
  for (const d of order) {
    strides[d] = step;
    step *= Math.max(shape[d], 1);
  }
  return strides;
}

/** A copy of `t` laid out with `strides` (which must describe a dense layout of t's shape). */
export function copyWithStrides(t: Tensor, strides: readonly number[]): Tensor {
  const out = Tensor.empty([numelOf(t.shape)], t.dtype, t.device).view(t.shape.slice(), strides, 0);
  runPointwise(identity, out, [t], t.dtype);
  return out;
}

// ---- checked scalar conversion (c10::checked_convert) ----

/** The C++ type names of Scalar conversion's overflow message. */
const checkedTypeNames: Record<DType, string> = {
  bool: 'bool',
  uint8: 'uint8_t',
  int8: 'int8_t',
  int16: 'int16_t',
  int32: 'int',
  int64: 'int64_t',
  float32: 'float',
  float64: 'double',
};

const integerRanges: Partial<Record<DType, [number, number]>> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  // INT64_MAX as a double is 2^63, which PyTorch's comparison therefore lets through.
  int64: [-(2 ** 63), 2 ** 63],
};

const float32Max = 3.4028234663852886e38;

/**
 * A Python scalar as an element of `dtype`, refusing values the dtype cannot hold as PyTorch's
 * Scalar conversion does (`x[0] = 300` on uint8). A Python int may wrap into an unsigned dtype
 * from below (-1 becomes 255); bool never overflows.
 */
export function checkedScalar(value: Scalar, dtype: DType): number {
  const v = scalarToNumber(value);
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  const fromFloat = typeof value === 'number';
  let overflows: boolean;
  if (isFloating(dtype)) {
    overflows = dtype === 'float32' && Number.isFinite(v) && Math.abs(v) > float32Max;
  } else {
    const [lo, hi] = integerRanges[dtype]!;
    if (fromFloat) overflows = Number.isNaN(v) || v < lo || v > hi;
    else if (lo === 0) overflows = v > hi || (v < 0 && -v > hi);
    else overflows = v < lo || v > hi;
  }
  if (overflows) {
    throw runtimeError(
      `value cannot be converted to type ${checkedTypeNames[dtype]} without overflow`,
    );
  }
  return fromFloat && !isFloating(dtype) ? Math.trunc(v) : v;
}

// ---- memory overlap (at::get_overlap_status) ----

export type Overlap = 'none' | 'full' | 'partial' | 'unknown';

/** Whether `a` and `b` share memory: fully (same elements, same layout), partly, or maybe. */
export function memoryOverlap(a: Tensor, b: Tensor): Overlap {
  if (a === b) return 'full';
  if (a.numel() === 0 || b.numel() === 0 || a.storage !== b.storage) return 'none';
  if (!isNonOverlappingAndDense(a) || !isNonOverlappingAndDense(b)) return 'unknown';
  const aEnd = a.offset + a.numel();
  const bEnd = b.offset + b.numel();
  if (a.offset === b.offset && aEnd === bEnd) {
    return a.strides.every((s, i) => s === b.strides[i]) && a.ndim === b.ndim ? 'full' : 'partial';
  }
  return a.offset < bEnd && b.offset < aEnd ? 'partial' : 'none';
}

const overlapMessage =
  'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.';

/** PyTorch refuses to write a tensor from memory that partly overlaps it (copy_). */
export function assertNoPartialOverlap(dest: Tensor, src: Tensor): void {
  if (memoryOverlap(dest, src) === 'partial') throw runtimeError(overlapMessage);
}

/** ... and, for index_put_, from memory it overlaps at all. */
export function assertNoOverlap(dest: Tensor, src: Tensor): void {
  const overlap = memoryOverlap(dest, src);
  if (overlap === 'partial' || overlap === 'full') throw runtimeError(overlapMessage);
}

/** A write target whose broadcast dims alias one element many times cannot be written. */
export function assertNoInternalOverlap(t: Tensor): void {
  if (t.shape.some((s, d) => s > 1 && t.strides[d] === 0)) {
    throw runtimeError(
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.',
    );
  }
}
