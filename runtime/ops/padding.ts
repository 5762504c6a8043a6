// Padding: constant, reflect, replicate and circular, and aten::pad choosing among them.

import { indexError, runtimeError, TorchError } from '../errors.js';
import { dtypeInfo, isFloating, type DType } from '../tensor/dtype.js';
import { scalarToNumber, type Scalar } from '../tensor/scalar.js';
import { formatShape, numelOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import {
  allocate,
  checkSameDType,
  copyToOut,
  defCopyOut,
  defExactOut,
  notImplementedFor,
  valuesOf,
} from './nn.js';
import { def } from './registry.js';

// ---- the index maps ----

type Mode = 'reflect' | 'replicate' | 'circular';

/** The input index that output index `j` of a dimension padded by (left, right) reads. */
function sourceIndex(mode: Mode, j: number, left: number, right: number, size: number): number {
  const i = j - left;
  switch (mode) {
    case 'reflect':
      return i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;
    case 'replicate':
      return Math.min(Math.max(i, 0), size - 1);
    case 'circular': {
      // Negative pads crop first; the pads then wrap around what is left, not the whole input.
      const start = Math.max(-left, 0);
      const kept = size - start - Math.max(-right, 0);
      const wrapped = (j - Math.max(left, 0)) % kept;
      return start + (wrapped < 0 ? wrapped + kept : wrapped);
    }
  }
}

/**
 * Pads the trailing `pads.length / 2` dimensions of `input` with `mode`; `pads` lists
 * (left, right) pairs starting from the last dimension, as F.pad does.
 */
function padWith(input: Tensor, pads: readonly number[], mode: Mode): Tensor {
  const ndim = input.ndim;
  const maps = input.shape.map((size) => Int32Array.from({ length: size }, (_, i) => i));
  const outShape = input.shape.slice();
  for (let k = 0; k < pads.length / 2; k++) {
    const d = ndim - 1 - k;
    const [left, right] = [pads[2 * k], pads[2 * k + 1]];
    const size = input.shape[d];
    outShape[d] = size + left + right;
    const map = new Int32Array(Math.max(outShape[d], 0));
    for (let j = 0; j < map.length; j++) map[j] = sourceIndex(mode, j, left, right, size);
    maps[d] = map;
  }
  return gather(input, outShape, maps, 0);
}

/**
 * out[i0, .., ik] = input[map0[i0], .., mapk[ik]], or `fill` where a map holds -1 (outside the
 * input). Walks the output row by row, the last dimension in a tight loop.
 */
function gather(input: Tensor, outShape: Shape, maps: readonly Int32Array[], fill: number): Tensor {
  const { tensor, data } = allocate(outShape, input.dtype);
  const x = valuesOf(input);
  const ndim = outShape.length;
  if (ndim === 0) {
    data[0] = x[0];
    return tensor;
  }
  const inStrides = contiguousStridesOf(input.shape);
  const width = outShape[ndim - 1];
  const last = maps[ndim - 1];
  const rows = numelOf(outShape.slice(0, -1));
  const index = new Array<number>(ndim - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let base = 0;
    for (let d = 0; d < ndim - 1 && base >= 0; d++) {
      const i = maps[d][index[d]];
      base = i < 0 ? -1 : base + i * inStrides[d];
    }
    const offset = r * width;
    if (base < 0) data.fill(fill, offset, offset + width);
    else {
      for (let j = 0; j < width; j++) {
        const i = last[j];
        data[offset + j] = i < 0 ? fill : x[base + i];
      }
    }
    for (let d = ndim - 2; d >= 0; d--) {
      if (++index[d] < outShape[d]) break;
      index[d] = 0;
    }
  }
  return tensor;
}

function contiguousStridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

// ---- constant_pad_nd ----

/** The length narrow(dim, start, length) leaves of a dimension of `size`, with its checks. */
function narrowLength(size: number, start: number, length: number): number {
  if (start !== size && (start < -size || start >= size)) {
    throw indexError(
      `Dimension out of range (expected to be in range of [${-size}, ${size - 1}], but got ${start})`,
    );
  }
  const s = start < 0 ? start + size : start;
  if (!(length >= 0 && s <= size - length)) {
    throw runtimeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return length;
}

/** A value converted as fill_ converts it for `dtype`. */
function fillValue(value: Scalar, dtype: DType): number {
  const v = scalarToNumber(value);
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  return isFloating(dtype) ? v : Math.trunc(v);
}

export function constantPadNd(self: Tensor, pad: readonly number[], value: Scalar = 0n): Tensor {
  if (pad.length % 2 !== 0) {
    throw runtimeError(`Length of pad must be even but instead it equals ${pad.length}`);
  }
  const ndim = self.ndim;
  const padded = pad.length / 2;
  if (ndim < padded) {
    throw runtimeError(
      `Length of pad should be no more than twice the number of dimensions of the input. Pad length is ${pad.length}while the input has ${ndim}dimensions.`,
    );
  }
  const lead = ndim - padded;
  // Negative pads crop the input first, through narrow and its checks.
  let anyPositive = false;
  for (let d = lead; d < ndim; d++) {
    const at = 2 * (ndim - d - 1);
    let length = self.shape[d];
    if (pad[at] < 0) length = narrowLength(length, -pad[at], length + pad[at]);
    else if (pad[at] !== 0) anyPositive = true;
    if (pad[at + 1] < 0) narrowLength(length, 0, length + pad[at + 1]);
    else if (pad[at + 1] !== 0) anyPositive = true;
  }
  const outShape = self.shape.slice();
  for (let d = lead; d < ndim; d++) {
    const at = 2 * (ndim - d - 1);
    outShape[d] = self.shape[d] + pad[at] + pad[at + 1];
    if (anyPositive && !(outShape[d] > 0)) {
      throw runtimeError(
        `The input size ${self.shape[d]}, plus negative padding ${pad[at]} and ${pad[at + 1]} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`,
      );
    }
  }
  const fill = fillValue(value, self.dtype);
  const maps = outShape.map((size, d) => {
    const at = 2 * (ndim - d - 1);
    const before = d < lead ? 0 : pad[at];
    const map = new Int32Array(size);
    for (let j = 0; j < size; j++) {
      const i = j - before;
      map[j] = i >= 0 && i < self.shape[d] ? i : -1;
    }
    return map;
  });
  return gather(self, outShape, maps, fill);
}

// ---- reflection_pad and replication_pad ----

/**
 * The start of the legacy text PyTorch prints for a tensor in the reflection pads' dimension
 * errors: the type line of an empty tensor, the first slice header of a 3-d or larger one.
 */
function legacyText(t: Tensor): string {
  if (t.numel() === 0) return `[ torch.${dtypeInfo(t.dtype).legacyName}{${t.shape.join(',')}} ]`;
  if (t.ndim >= 3) return `(${'1,'.repeat(t.ndim - 2)}.,.) = `;
  const first = valuesOf(t)[0];
  return isFloating(t.dtype) && !Number.isInteger(first) ? ` ${first.toFixed(4)}` : ` ${first}`;
}

const dimensionOutOfRange = (t: Tensor, d: number) =>
  indexError(
    `Dimension out of range (expected to be in range of [${-t.ndim}, ${t.ndim - 1}], but got ${d})`,
  );

/** t.size(d) for the dimension checks, which may index past the tensor's rank. */
function sizeOrThrow(t: Tensor, d: number): number {
  if (d >= t.ndim) throw dimensionOutOfRange(t, d);
  return t.shape[d];
}

/** The spatial sizes (D, H, W order, last `spatial` dims) with the pads that apply to each. */
function spatialPads(t: Tensor, padding: readonly number[], spatial: number) {
  const dims = [];
  for (let k = spatial - 1; k >= 0; k--) {
    const d = t.ndim - 1 - k;
    const size = sizeOrThrow(t, d);
    const [left, right] = [padding[2 * k], padding[2 * k + 1]];
    dims.push({ d, size, left, right, out: size + left + right });
  }
  return dims;
}

type Check = (self: Tensor, padding: readonly number[]) => void;

function checkPaddingLength(padding: readonly number[], expected: number): void {
  if (padding.length !== expected) {
    throw runtimeError(`padding size is expected to be ${expected}`);
  }
}

/** check_valid_input<3> of the 3-d pads: batched or not, empty only in the batch. */
function checkValid3d(self: Tensor): void {
  const batched = self.ndim === 5;
  const sizes = batched ? self.shape.slice(1) : self.shape;
  if (!sizes.every((s) => s !== 0)) {
    throw runtimeError(
      `Expected 4D or 5D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${formatShape(self.shape)}`,
    );
  }
  // An unbatched input is read as [C, D, H, W], whatever its rank.
  if (self.ndim < 4) throw dimensionOutOfRange(self, 3);
}

/** "Argument #4: Padding size should be less than ..." for each spatial dimension, W first. */
function checkReflectPads(
  self: Tensor,
  padding: readonly number[],
  spatial: number,
  where: string,
) {
  const dims = spatialPads(self, padding, spatial).reverse();
  dims.forEach(({ d, size, left, right }, k) => {
    if (!(left < size && right < size)) {
      throw runtimeError(
        `Argument #${4 + 2 * k}: Padding size should be less than the corresponding input dimension, but got: padding (${left}, ${right}) at dimension ${d} of input ${where}`,
      );
    }
  });
  return dims;
}

const checks: Record<string, Check> = {
  reflection_pad1d(self, padding) {
    const ok =
      (self.ndim === 2 && sizeOrThrow(self, 1) !== 0) ||
      (self.ndim === 3 && self.shape[1] !== 0 && self.shape[2] !== 0);
    if (!ok) {
      throw runtimeError(
        `2D or 3D (batch mode) tensor expected for input, but got: ${legacyText(self)}`,
      );
    }
    const [w] = checkReflectPads(self, padding, 1, formatShape(self.shape));
    if (!(w.out >= 1)) {
      throw runtimeError(`2input (W: ${w.size})is too small. Calculated output W: ${w.out}`);
    }
  },
  reflection_pad2d(self, padding) {
    const planes = sizeOrThrow(self, 1) !== 0 && sizeOrThrow(self, 2) !== 0;
    const ok = (self.ndim === 3 && planes) || (self.ndim === 4 && planes && self.shape[3] !== 0);
    if (!ok) {
      throw runtimeError(
        `3D or 4D (batch mode) tensor expected for input, but got: ${legacyText(self)}`,
      );
    }
    const [w, h] = checkReflectPads(self, padding, 2, String(self.ndim));
    if (!(w.out >= 1 || h.out >= 1)) {
      throw runtimeError(
        `input (H: ${h.size}, W: ${w.size})is too small. Calculated output H: ${h.out} W: ${w.out}`,
      );
    }
  },
  reflection_pad3d(self, padding) {
    checkPaddingLength(padding, 6);
    checkValid3d(self);
    const [w, h, d] = checkReflectPads(self, padding, 3, formatShape(self.shape));
    check3dOutput(w, h, d);
  },
  replication_pad1d(self, padding) {
    checkPaddingLength(padding, 2);
    const ok =
      (self.ndim === 2 && sizeOrThrow(self, 1) !== 0) ||
      (self.ndim === 3 && self.shape[1] !== 0 && self.shape[2] !== 0);
    if (!ok) {
      throw runtimeError(
        `Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${formatShape(self.shape)}`,
      );
    }
    const [w] = spatialPads(self, padding, 1);
    if (!(w.out >= 1)) {
      throw runtimeError(`input (W: ${w.size}) is too small. Calculated output W: ${w.out}`);
    }
  },
  replication_pad2d(self, padding) {
    checkPaddingLength(padding, 4);
    const planes = sizeOrThrow(self, 1) !== 0 && sizeOrThrow(self, 2) !== 0;
    const ok =
      (self.ndim === 3 && self.shape[0] !== 0 && planes) ||
      (self.ndim === 4 && planes && self.shape[3] !== 0);
    if (!ok) {
      throw runtimeError(
        `Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${formatShape(self.shape)}`,
      );
    }
    const [h, w] = spatialPads(self, padding, 2);
    if (!(w.out >= 1 || h.out >= 1)) {
      throw runtimeError(
        `input (H: ${h.size}, W: ${w.size} ) is too small. Calculated output H: ${h.out} W: ${w.out}`,
      );
    }
  },
  replication_pad3d(self, padding) {
    checkPaddingLength(padding, 6);
    checkValid3d(self);
    const [d, h, w] = spatialPads(self, padding, 3);
    check3dOutput(w, h, d);
  },
};

interface Extent {
  size: number;
  out: number;
}

function check3dOutput(w: Extent, h: Extent, d: Extent): void {
  if (!(w.out >= 1 || h.out >= 1 || d.out >= 1)) {
    throw runtimeError(
      `input (D: ${d.size} H: ${h.size}, W: ${w.size}) is too small. Calculated output D: ${d.out} H: ${h.out} W: ${w.out}`,
    );
  }
}

/** The dtype loop names of the pad kernels, which exist for floating dtypes only. */
const kernelNames: Record<string, string> = {
  reflection_pad1d: 'reflection_pad1d',
  reflection_pad2d: 'reflection_pad2d',
  reflection_pad3d: 'reflection_pad3d_cpu',
  replication_pad1d: 'replication_pad1d_cpu',
  replication_pad2d: 'replication_pad2d_cpu',
  replication_pad3d: 'replication_pad3d_cpu',
};

function padMeta(name: string, self: Tensor, padding: readonly number[]): DType {
  checks[name](self, padding);
  return self.dtype;
}

function padOp(name: string) {
  const mode: Mode = name.startsWith('reflection') ? 'reflect' : 'replicate';
  return (self: Tensor, padding: readonly number[]): Tensor => {
    padMeta(name, self, padding);
    if (!isFloating(self.dtype)) throw notImplementedFor(kernelNames[name], self.dtype);
    return padWith(self, padding, mode);
  };
}

export const reflectionPad1d = padOp('reflection_pad1d');
export const reflectionPad2d = padOp('reflection_pad2d');
export const reflectionPad3d = padOp('reflection_pad3d');
export const replicationPad1d = padOp('replication_pad1d');
export const replicationPad2d = padOp('replication_pad2d');
export const replicationPad3d = padOp('replication_pad3d');

/** reflection_pad2d.out is not structured: it reads out's data as the input's type. */
function reflectionPad2dOut(self: Tensor, padding: readonly number[], out: Tensor): Tensor {
  const result = reflectionPad2d(self, padding);
  checkSameDType(self.dtype, out.dtype);
  return copyToOut(out, result);
}

// ---- circular padding and aten::pad ----

export function padCircular(self: Tensor, padding: readonly number[]): Tensor {
  const spatial = self.ndim - 2;
  if (padding.length + 4 !== self.ndim * 2) {
    throw runtimeError(`Invalid padding size, expected ${spatial * 2} but got ${padding.length}`);
  }
  for (let i = 0; i < spatial; i++) {
    const left = padding[2 * (spatial - i - 1)];
    const right = padding[2 * (spatial - i - 1) + 1];
    const size = self.shape[2 + i];
    if (!(left <= size && right <= size)) {
      throw runtimeError('Padding value causes wrapping around more than once.');
    }
    if (!(size + left + right >= 0)) {
      throw runtimeError('Negative padding value is resulting in an empty dimension');
    }
  }
  return padWith(self, padding, 'circular');
}

/** at::padding_mode, the int that _pad_enum takes. */
const padModes = ['reflect', 'replicate', 'circular', 'constant'] as const;

export function padEnum(
  self: Tensor,
  pad: readonly number[],
  mode: number,
  value: number | null = null,
): Tensor {
  if (pad.length % 2 !== 0) throw runtimeError('Padding length must be divisible by 2');
  if (pad.length > self.ndim * 2) throw runtimeError('Padding length too large');
  const name = padModes[mode];
  if (name === 'constant') return constantPadNd(self, pad, value ?? 0);
  if (value !== null && value !== 0) {
    throw runtimeError(`Padding mode "${name ?? mode}" doesn't take in value argument`);
  }
  const byLength: Record<
    number,
    [number[], (t: Tensor, p: readonly number[]) => Tensor, typeof reflectionPad1d]
  > = {
    2: [[2, 3], reflectionPad1d, replicationPad1d],
    4: [[3, 4], reflectionPad2d, replicationPad2d],
    6: [[4, 5], reflectionPad3d, replicationPad3d],
  };
  const fitting = byLength[pad.length];
  if (fitting !== undefined && fitting[0].includes(self.ndim)) {
    if (name === 'reflect') return fitting[1](self, pad);
    if (name === 'replicate') return fitting[2](self, pad);
    if (name === 'circular') return padCircular(self, pad);
  }
  throw new TorchError(
    'NotImplementedError',
    'Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now',
  );
}

export function pad(
  self: Tensor,
  padding: readonly number[],
  mode = 'constant',
  value: number | null = null,
): Tensor {
  const index = (padModes as readonly string[]).indexOf(mode);
  if (index < 0) throw new TorchError('NotImplementedError', `Unrecognised padding mode ${mode}`);
  return padEnum(self, padding, index, value);
}

def('aten::_pad_circular(Tensor self, int[] pad) -> Tensor', padCircular);
def('aten::_pad_enum(Tensor self, int[] pad, int mode, float? value=None) -> Tensor', padEnum);
def('aten::constant_pad_nd(Tensor self, int[] pad, Scalar value=0) -> Tensor', constantPadNd);
defCopyOut(
  'aten::constant_pad_nd.out(Tensor self, int[] pad, Scalar value=0, *, Tensor(a!) out) -> Tensor(a!)',
  constantPadNd,
);
def('aten::pad(Tensor self, int[] pad, str mode="constant", float? value=None) -> Tensor', pad);
def('aten::reflection_pad1d(Tensor self, int[2] padding) -> Tensor', reflectionPad1d);
defExactOut(
  'aten::reflection_pad1d.out(Tensor self, int[2] padding, *, Tensor(a!) out) -> Tensor(a!)',
  reflectionPad1d,
  (self: Tensor, padding: readonly number[]) => padMeta('reflection_pad1d', self, padding),
);
def('aten::reflection_pad2d(Tensor self, int[4] padding) -> Tensor', reflectionPad2d);
def(
  'aten::reflection_pad2d.out(Tensor self, int[4] padding, *, Tensor(a!) out) -> Tensor(a!)',
  reflectionPad2dOut,
);
def('aten::reflection_pad3d(Tensor self, int[6] padding) -> Tensor', reflectionPad3d);
defExactOut(
  'aten::reflection_pad3d.out(Tensor self, int[6] padding, *, Tensor(a!) out) -> Tensor(a!)',
  reflectionPad3d,
  (self: Tensor, padding: readonly number[]) => padMeta('reflection_pad3d', self, padding),
);
def('aten::replication_pad1d(Tensor self, int[2] padding) -> Tensor', replicationPad1d);
defExactOut(
  'aten::replication_pad1d.out(Tensor self, int[2] padding, *, Tensor(a!) out) -> Tensor(a!)',
  replicationPad1d,
  (self: Tensor, padding: readonly number[]) => padMeta('replication_pad1d', self, padding),
);
def('aten::replication_pad2d(Tensor self, int[4] padding) -> Tensor', replicationPad2d);
defExactOut(
  'aten::replication_pad2d.out(Tensor self, int[4] padding, *, Tensor(a!) out) -> Tensor(a!)',
  replicationPad2d,
  (self: Tensor, padding: readonly number[]) => padMeta('replication_pad2d', self, padding),
);
def('aten::replication_pad3d(Tensor self, int[6] padding) -> Tensor', replicationPad3d);
defExactOut(
  'aten::replication_pad3d.out(Tensor self, int[6] padding, *, Tensor(a!) out) -> Tensor(a!)',
  replicationPad3d,
  (self: Tensor, padding: readonly number[]) => padMeta('replication_pad3d', self, padding),
);
