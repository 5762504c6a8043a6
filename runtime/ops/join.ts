// Joining and rearranging: cat/stack and their h/v/d/column forms, flip, roll, rot90, repeat,
// tile, repeat_interleave, tril/triu, diag/diag_embed/diagflat, clone, meshgrid, broadcasting
// helpers and atleast_nd. Results are new tensors except where PyTorch returns views
// (meshgrid, broadcast_to/broadcast_tensors, atleast_nd, the transposed result of rot90).

import { runtimeError } from '../errors.js';
import { runPointwise } from '../kernels/pointwise.js';
import { canCast, scalarTypeName } from '../tensor/dtype.js';
import {
  broadcastShapes,
  formatShape,
  normalizeDim,
  normalizeDims,
  sameShape,
  type Shape,
} from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { identity, resizeInPlace, resultType } from './elementwise.js';
import { indexSelect } from './indexing.js';
import { def } from './registry.js';
import {
  castInto,
  channelsLastStrides,
  copyContiguous,
  copyWithStrides,
  defCastOut,
  defExactOut,
  elementOffsets,
  emptyOf,
  MemoryFormat,
  normalizeDimStrict,
} from './strided.js';
import { isNonOverlappingAndDense } from '../tensor/memory_format.js';
import { diagonal, expand, flatten, narrow, reshape, transpose, unsqueeze, view } from './view.js';

/** Copies `src` (same shape) into `dest`, casting to dest's dtype. */
function copyOver(dest: Tensor, src: Tensor): void {
  runPointwise(identity, dest, [src], dest.dtype);
}

// ---- cat, stack ----

/** Legacy rule: 1-d empty tensors are skipped whatever the other inputs' shapes. */
const skippedInCat = (t: Tensor) => t.ndim === 1 && t.shape[0] === 0;

function checkCatShape(ref: Tensor, t: Tensor, dim: number, index: number): void {
  if (ref.ndim !== t.ndim) {
    throw runtimeError(
      `Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`,
    );
  }
  for (let d = 0; d < ref.ndim; d++) {
    if (d !== dim && ref.shape[d] !== t.shape[d]) {
      throw runtimeError(
        `Sizes of tensors must match except in dimension ${dim}. Expected size ${ref.shape[d]} but got size ${t.shape[d]} for tensor number ${index} in the list.`,
      );
    }
  }
}

/** The checks and result geometry of cat; `out` (cat.out) takes part in the dtype check. */
function catGeometry(tensors: readonly Tensor[], dim: number, out: Tensor | null) {
  tensors.forEach((t, i) => {
    if (t.ndim === 0) {
      throw runtimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
    }
  });
  const ref = tensors.find((t) => !skippedInCat(t));
  const d = ref === undefined ? dim : normalizeDim(dim, ref.ndim);
  if (tensors.length === 0) throw runtimeError('torch.cat(): expected a non-empty list of Tensors');
  const common = resultType(...tensors);
  if (out !== null && !canCast(common, out.dtype)) {
    throw runtimeError(
      `torch.cat(): input types can't be cast to the desired output type ${scalarTypeName(out.dtype)}`,
    );
  }
  if (ref === undefined) return { shape: [0], dtype: common, dim: d };
  let total = 0;
  tensors.forEach((t, i) => {
    if (skippedInCat(t)) return;
    checkCatShape(ref, t, d, i);
    total += t.shape[d];
  });
  const shape = ref.shape.slice();
  shape[d] = total;
  return { shape, dtype: common, dim: d };
}

function writeCat(out: Tensor, tensors: readonly Tensor[], dim: number): Tensor {
  let start = 0;
  for (const t of tensors) {
    if (skippedInCat(t)) continue;
    copyOver(narrow(out, dim, start, t.shape[dim]), t);
    start += t.shape[dim];
  }
  return out;
}

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const g = catGeometry(tensors, dim, null);
  return writeCat(Tensor.empty(g.shape, g.dtype, tensors[0].device), tensors, g.dim);
}

function catOut(tensors: readonly Tensor[], dim: number, out: Tensor): Tensor {
  const g = catGeometry(tensors, dim, out);
  if (!sameShape(out.shape, g.shape)) resizeInPlace(out, g.shape);
  return writeCat(out, tensors, g.dim);
}

/** The inputs of stack, each with the new dim inserted, and the dim to concatenate along. */
function stackParts(tensors: readonly Tensor[], dim: number) {
  if (tensors.length === 0) throw runtimeError('stack expects a non-empty TensorList');
  const first = tensors[0];
  const d = normalizeDim(dim, first.ndim + 1);
  tensors.forEach((t, i) => {
    if (!sameShape(t.shape, first.shape)) {
      throw runtimeError(
        `stack expects each tensor to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`,
      );
    }
  });
  return { parts: tensors.map((t) => unsqueeze(t, d)), dim: d };
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const { parts, dim: d } = stackParts(tensors, dim);
  return cat(parts, d);
}

function checkNonEmpty(tensors: readonly Tensor[], name: string): void {
  if (tensors.length === 0) throw runtimeError(`${name} expects a non-empty TensorList`);
}

/** How each stacking operator shapes its inputs and which dim it concatenates along. */
const stackings: Record<string, Arrange> = {
  stack: stackParts,
  hstack: (tensors: readonly Tensor[]) => {
    checkNonEmpty(tensors, 'hstack');
    const parts = tensors.map(atleast1d);
    return { parts, dim: parts[0].ndim === 1 ? 0 : 1 };
  },
  vstack: (tensors: readonly Tensor[]) => {
    checkNonEmpty(tensors, 'vstack');
    return { parts: tensors.map(atleast2d), dim: 0 };
  },
  dstack: (tensors: readonly Tensor[]) => {
    checkNonEmpty(tensors, 'dstack');
    return { parts: tensors.map(atleast3d), dim: 2 };
  },
  column_stack: (tensors: readonly Tensor[]) => {
    checkNonEmpty(tensors, 'column_stack');
    const parts = tensors.map((t) => (t.ndim <= 1 ? reshape(t, [t.numel(), 1]) : t));
    return { parts, dim: 1 };
  },
};

type Arrange = (tensors: readonly Tensor[], dim: number) => { parts: Tensor[]; dim: number };

/** The functional and out= forms of a stacking operator: arrange the inputs, then cat them. */
function stacking(arrange: Arrange) {
  const functional = (tensors: Tensor[], dim = 0) => {
    const { parts, dim: d } = arrange(tensors, dim);
    return cat(parts, d);
  };
  // The out= form has `out` last, after `dim` for stack and right after the tensors otherwise.
  const out = (tensors: Tensor[], ...rest: unknown[]) => {
    const target = rest.pop() as Tensor;
    const { parts, dim: d } = arrange(tensors, (rest[0] as number | undefined) ?? 0);
    return catOut(parts, d, target);
  };
  return { functional, out };
}

// ---- flip, roll, rot90 ----

export function flip(self: Tensor, dims: readonly number[]): Tensor {
  const flipped = normalizeDims(dims, self.ndim);
  const strides = self.strides.slice();
  let offset = self.offset;
  for (const d of flipped) {
    if (self.ndim === 0) break;
    if (self.shape[d] > 0) offset += (self.shape[d] - 1) * self.strides[d];
    strides[d] = -strides[d];
  }
  // Like PyTorch's empty_like(self, preserve_format), the result keeps a dense input's layout.
  const flippedView = self.view(self.shape.slice(), strides, offset);
  return isNonOverlappingAndDense(self)
    ? copyWithStrides(flippedView, self.strides)
    : copyContiguous(flippedView);
}

function fliplr(self: Tensor): Tensor {
  if (self.ndim < 2) throw runtimeError('Input must be >= 2-d.');
  return flip(self, [1]);
}

function flipud(self: Tensor): Tensor {
  if (self.ndim < 1) throw runtimeError('Input must be >= 1-d.');
  return flip(self, [0]);
}

function rollDim(self: Tensor, shift: number, dim: number): Tensor {
  if (self.numel() === 0) return clone(self);
  const d = normalizeDimStrict(dim, self.ndim);
  const size = self.shape[d];
  let start = (size - shift) % size;
  if (start < 0) start += size;
  return cat([narrow(self, d, start, size - start), narrow(self, d, 0, start)], d);
}

export function roll(self: Tensor, shifts: readonly number[], dims: readonly number[]): Tensor {
  if (dims.length === 1 && shifts.length === 1) return rollDim(self, shifts[0], dims[0]);
  if (shifts.length === 0) throw runtimeError('`shifts` required');
  if (dims.length === 0 && shifts.length === 1) {
    const flat = view(copyContiguous(self), [self.numel()]);
    return view(rollDim(flat, shifts[0], 0), self.shape);
  }
  if (shifts.length !== dims.length) {
    throw runtimeError(
      `shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`,
    );
  }
  return roll(rollDim(self, shifts[0], dims[0]), shifts.slice(1), dims.slice(1));
}

export function rot90(self: Tensor, k = 1, dims: readonly number[] = [0, 1]): Tensor {
  const ndim = self.ndim;
  if (dims.length !== 2) {
    throw runtimeError(`expected total rotation dims == 2, but got dims = ${dims.length}`);
  }
  if (ndim < 2) throw runtimeError(`expected total dims >= 2, but got total dims = ${ndim}`);
  const [d0, d1] = dims;
  if (d0 === d1 || Math.abs(d0 - d1) === ndim) {
    throw runtimeError(
      `expected rotation dims to be different, but got dim0 = ${d0} and dim1 = ${d1}`,
    );
  }
  if (d0 >= ndim || d0 < -ndim) throw runtimeError(`Rotation dim0 out of range, dim0 = ${d0}`);
  if (d1 >= ndim || d1 < -ndim) throw runtimeError(`Rotation dim1 out of range, dim1 = ${d1}`);
  switch ((4 + (k % 4)) % 4) {
    case 1:
      return transpose(flip(self, [d1]), d0, d1);
    case 2:
      return flip(self, [d0, d1]);
    case 3:
      return transpose(flip(self, [d0]), d0, d1);
    default:
      return copyContiguous(self);
  }
}

// ---- repeat, tile, repeat_interleave ----

export function repeat(self: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < self.ndim) {
    throw runtimeError(
      'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor',
    );
  }
  const lead = repeats.length - self.ndim;
  const padded = [...new Array<number>(lead).fill(1), ...self.shape];
  const paddedStrides = [...new Array<number>(lead).fill(0), ...self.strides];
  const target = padded.map((s, i) => s * repeats[i]);
  const out = emptyOf(target, self.dtype, self);
  if (out.numel() === 0) return out;
  // Read the output as [r0, s0, r1, s1, ...]: the source broadcasts along every r_i.
  const outStrides = out.strides;
  const pairedShape = padded.flatMap((s, i) => [repeats[i], s]);
  const pairedOut = padded.flatMap((s, i) => [s * outStrides[i], outStrides[i]]);
  const source = self.view(
    padded.flatMap((s) => [1, s]),
    paddedStrides.flatMap((s) => [0, s]),
  );
  copyOver(out.view(pairedShape, pairedOut, 0), source);
  return out;
}

export function tile(self: Tensor, dims: readonly number[]): Tensor {
  const missing = self.ndim - dims.length;
  return repeat(self, missing > 0 ? [...new Array<number>(missing).fill(1), ...dims] : dims);
}

/** repeat_interleave(repeats): each index i repeated repeats[i] times. */
export function repeatIndices(repeats: Tensor, outputSize: number | null = null): Tensor {
  if (repeats.dtype !== 'int64' && repeats.dtype !== 'int32') {
    throw runtimeError(
      `"repeat_interleave_cpu" not implemented for '${scalarTypeName(repeats.dtype)}'`,
    );
  }
  if (repeats.ndim !== 1) throw runtimeError('repeat_interleave only accept 1D vector as repeat');
  const counts = repeats.toArray();
  if (counts.length === 0) return Tensor.empty([0], repeats.dtype, repeats.device);
  const total = counts.reduce((a, b) => a + b, 0);
  if (outputSize === null && counts.some((c) => c < 0)) {
    throw runtimeError('repeats can not be negative');
  }
  if (outputSize !== null && outputSize !== total) {
    throw runtimeError('allocated size does not match required size');
  }
  const out = Tensor.empty([total], repeats.dtype, repeats.device);
  let k = 0;
  counts.forEach((c, i) => {
    out.data.fill(i, k, k + c);
    k += c;
  });
  return out;
}

function repeatInterleaveTensor(
  self: Tensor,
  repeats: Tensor,
  dim: number | null = null,
  outputSize: number | null = null,
): Tensor {
  const input = dim === null ? flatten(self) : self;
  const d = dim ?? 0;
  const size = input.shape[normalizeDimStrict(d, input.ndim)];
  let counts = repeats;
  if (repeats.ndim === 0 || (repeats.ndim === 1 && repeats.shape[0] === 1)) {
    counts = expand(reshape(repeats, [1]), [size]);
  } else if (repeats.ndim === 1) {
    if (repeats.shape[0] !== size) {
      throw runtimeError('repeats must have the same size as input along dim');
    }
  } else {
    throw runtimeError('repeats must be 0-dim or 1-dim tensor');
  }
  return indexSelect(input, d, repeatIndices(copyContiguous(counts), outputSize));
}

function repeatInterleaveInt(
  self: Tensor,
  repeats: number,
  dim: number | null = null,
  outputSize: number | null = null,
): Tensor {
  const counts = Tensor.empty([1], 'int64', self.device);
  counts.data[0] = repeats;
  return repeatInterleaveTensor(self, counts, dim, outputSize);
}

// ---- tril, triu, diag, diag_embed, diagflat ----

/** Zeroes, in place, the part of every matrix of `t` outside the kept triangle. */
function zeroTriangle(t: Tensor, diagonalOffset: number, lower: boolean): Tensor {
  if (t.numel() === 0) return t;
  const rowDim = normalizeDimStrict(-2, t.ndim);
  const rows = t.shape[rowDim];
  const cols = t.shape[rowDim + 1];
  const rowStride = t.strides[rowDim];
  const colStride = t.strides[rowDim + 1];
  const bases = elementOffsets(t.shape.slice(0, rowDim), t.strides.slice(0, rowDim), t.offset);
  const data = t.data;
  for (const base of bases) {
    for (let i = 0; i < rows; i++) {
      // tril keeps j <= i + k, triu keeps j >= i + k.
      const from = lower ? Math.max(i + diagonalOffset + 1, 0) : 0;
      const to = lower ? cols : Math.min(Math.max(i + diagonalOffset, 0), cols);
      for (let j = from; j < to; j++) data[base + i * rowStride + j * colStride] = 0;
    }
  }
  return t;
}

export function tril(self: Tensor, diagonalOffset = 0): Tensor {
  return zeroTriangle(copyContiguous(self), diagonalOffset, true);
}

export function triu(self: Tensor, diagonalOffset = 0): Tensor {
  return zeroTriangle(copyContiguous(self), diagonalOffset, false);
}

export function diag(self: Tensor, offset = 0): Tensor {
  if (self.ndim === 1) {
    const n = self.shape[0] + Math.abs(offset);
    const out = emptyOf([n, n], self.dtype, self); // zero-filled
    copyOver(diagonal(out, offset), self);
    return out;
  }
  if (self.ndim !== 2) throw runtimeError('matrix or a vector expected');
  const [rows, cols] = self.shape;
  const length = offset >= 0 ? Math.min(rows, cols - offset) : Math.min(rows + offset, cols);
  if (length < 0) throw runtimeError('numel: integer multiplication overflow');
  return copyContiguous(diagonal(self, offset));
}

export function diagEmbed(self: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  const ndim = self.ndim + 1;
  const a = normalizeDim(dim1, ndim);
  const b = normalizeDim(dim2, ndim);
  if (a === b) throw runtimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const n = Math.abs(offset) + self.shape[normalizeDimStrict(-1, self.ndim)];
  const shape = self.shape.slice(0, -1);
  shape.splice(Math.min(a, b), 0, n);
  shape.splice(Math.max(a, b), 0, n);
  const out = emptyOf(shape, self.dtype, self); // zero-filled
  copyOver(diagonal(out, offset, a, b), self);
  return out;
}

function diagOut(self: Tensor, offset: number, out: Tensor): Tensor {
  if (out.dtype !== self.dtype) {
    throw runtimeError(
      `expected scalar type ${scalarTypeName(self.dtype)} but found ${scalarTypeName(out.dtype)}`,
    );
  }
  return castInto(out, diag(self, offset));
}

function diagflat(self: Tensor, offset = 0): Tensor {
  return diag(reshape(self, [-1]), offset);
}

// ---- clone ----

/** clone: `preserve` keeps a dense layout's strides (a transposed tensor stays transposed). */
export function clone(self: Tensor, memoryFormat: number | null = null): Tensor {
  const format = memoryFormat ?? MemoryFormat.preserve;
  if (format === MemoryFormat.preserve) {
    return isNonOverlappingAndDense(self)
      ? copyWithStrides(self, self.strides)
      : copyContiguous(self);
  }
  if (format === MemoryFormat.contiguous) return copyContiguous(self);
  return copyWithStrides(self, channelsLastStrides(self.shape, format));
}

// ---- meshgrid, broadcasting, atleast_nd ----

export function meshgrid(tensors: readonly Tensor[], indexing = 'ij'): Tensor[] {
  checkNonEmpty(tensors, 'meshgrid');
  for (let i = 0; i + 1 < tensors.length; i++) {
    if (tensors[i].dtype !== tensors[i + 1].dtype) {
      throw runtimeError('meshgrid expects all tensors to have the same dtype');
    }
    if (!tensors[i].device.equals(tensors[i + 1].device)) {
      throw runtimeError('meshgrid expects all tensors to have the same device');
    }
  }
  // "xy" indexing swaps the first two inputs and then the first two outputs.
  const swap = indexing === 'xy' && tensors.length >= 2;
  if (indexing !== 'xy' && indexing !== 'ij') {
    throw runtimeError(
      `torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${indexing}`,
    );
  }
  const inputs = tensors.slice();
  if (swap) [inputs[0], inputs[1]] = [inputs[1], inputs[0]];
  for (const t of inputs) {
    if (t.ndim > 1) {
      throw runtimeError(
        `torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: tensor of shape ${formatShape(t.shape)}`,
      );
    }
  }
  const shape = inputs.map((t) => t.numel());
  const grids = inputs.map((t, i) => {
    const single = shape.map((_, k) => (k === i ? -1 : 1));
    return expand(view(t, single), shape);
  });
  if (swap) [grids[0], grids[1]] = [grids[1], grids[0]];
  return grids;
}

export function broadcastTensors(tensors: readonly Tensor[]): Tensor[] {
  let shape: Shape = tensors.length === 0 ? [] : tensors[0].shape;
  for (const t of tensors) shape = broadcastShapes(shape, t.shape);
  return tensors.map((t) => (sameShape(t.shape, shape) ? t : expand(t, shape)));
}

export function atleast1d(self: Tensor): Tensor {
  return self.ndim === 0 ? reshape(self, [1]) : self;
}

export function atleast2d(self: Tensor): Tensor {
  if (self.ndim === 0) return reshape(self, [1, 1]);
  return self.ndim === 1 ? unsqueeze(self, 0) : self;
}

export function atleast3d(self: Tensor): Tensor {
  if (self.ndim === 0) return reshape(self, [1, 1, 1]);
  if (self.ndim === 1) return unsqueeze(unsqueeze(self, 0), -1);
  return self.ndim === 2 ? unsqueeze(self, -1) : self;
}

// ---- registrations ----

def('aten::cat(Tensor[] tensors, int dim=0) -> Tensor', cat);
def('aten::cat.out(Tensor[] tensors, int dim=0, *, Tensor(a!) out) -> Tensor(a!)', catOut);
def('aten::concat(Tensor[] tensors, int dim=0) -> Tensor', cat);
def('aten::concat.out(Tensor[] tensors, int dim=0, *, Tensor(a!) out) -> Tensor(a!)', catOut);
const stackOps = stacking(stackings.stack);
def('aten::stack(Tensor[] tensors, int dim=0) -> Tensor', stackOps.functional);
def('aten::stack.out(Tensor[] tensors, int dim=0, *, Tensor(a!) out) -> Tensor(a!)', stackOps.out);
const hstackOps = stacking(stackings.hstack);
def('aten::hstack(Tensor[] tensors) -> Tensor', hstackOps.functional);
def('aten::hstack.out(Tensor[] tensors, *, Tensor(a!) out) -> Tensor(a!)', hstackOps.out);
const vstackOps = stacking(stackings.vstack);
def('aten::vstack(Tensor[] tensors) -> Tensor', vstackOps.functional);
def('aten::vstack.out(Tensor[] tensors, *, Tensor(a!) out) -> Tensor(a!)', vstackOps.out);
const dstackOps = stacking(stackings.dstack);
def('aten::dstack(Tensor[] tensors) -> Tensor', dstackOps.functional);
def('aten::dstack.out(Tensor[] tensors, *, Tensor(a!) out) -> Tensor(a!)', dstackOps.out);
const columnStackOps = stacking(stackings.column_stack);
def('aten::column_stack(Tensor[] tensors) -> Tensor', columnStackOps.functional);
def(
  'aten::column_stack.out(Tensor[] tensors, *, Tensor(a!) out) -> Tensor(a!)',
  columnStackOps.out,
);

def('aten::flip(Tensor self, int[] dims) -> Tensor', flip);
defCastOut('aten::flip.out(Tensor self, int[] dims, *, Tensor(a!) out) -> Tensor(a!)', flip);
def('aten::fliplr(Tensor self) -> Tensor', fliplr);
def('aten::flipud(Tensor self) -> Tensor', flipud);
def('aten::roll(Tensor self, int[1] shifts, int[1] dims=[]) -> Tensor', roll);
defCastOut(
  'aten::roll.out(Tensor self, int[1] shifts, int[1] dims=[], *, Tensor(a!) out) -> Tensor(a!)',
  roll,
);
def('aten::rot90(Tensor self, int k=1, int[] dims=[0, 1]) -> Tensor', rot90);
defCastOut(
  'aten::rot90.out(Tensor self, int k=1, int[] dims=[0, 1], *, Tensor(a!) out) -> Tensor(a!)',
  rot90,
);

def('aten::repeat(Tensor self, SymInt[] repeats) -> Tensor', repeat);
defCastOut(
  'aten::repeat.out(Tensor self, SymInt[] repeats, *, Tensor(a!) out) -> Tensor(a!)',
  repeat,
);
def('aten::tile(Tensor self, int[] dims) -> Tensor', tile);
def(
  'aten::repeat_interleave.Tensor(Tensor repeats, *, int? output_size=None) -> Tensor',
  repeatIndices,
);
def(
  'aten::repeat_interleave.self_Tensor(Tensor self, Tensor repeats, int? dim=None, *, int? output_size=None) -> Tensor',
  repeatInterleaveTensor,
);
def(
  'aten::repeat_interleave.self_int(Tensor self, int repeats, int? dim=None, *, int? output_size=None) -> Tensor',
  repeatInterleaveInt,
);
defCastOut(
  'aten::repeat_interleave.Tensor_out(Tensor repeats, *, int? output_size=None, Tensor(a!) out) -> Tensor(a!)',
  repeatIndices,
);

def('aten::tril(Tensor self, int diagonal=0) -> Tensor', tril);
defExactOut('aten::tril.out(Tensor self, int diagonal=0, *, Tensor(a!) out) -> Tensor(a!)', tril);
def('aten::triu(Tensor self, int diagonal=0) -> Tensor', triu);
defExactOut('aten::triu.out(Tensor self, int diagonal=0, *, Tensor(a!) out) -> Tensor(a!)', triu);
def('aten::tril_(Tensor(a!) self, int diagonal=0) -> Tensor(a!)', (self: Tensor, k = 0) =>
  zeroTriangle(self, k, true),
);
def('aten::triu_(Tensor(a!) self, int diagonal=0) -> Tensor(a!)', (self: Tensor, k = 0) =>
  zeroTriangle(self, k, false),
);
def('aten::diag(Tensor self, int diagonal=0) -> Tensor', diag);
def('aten::diag.out(Tensor self, int diagonal=0, *, Tensor(a!) out) -> Tensor(a!)', diagOut);
def('aten::diag_embed(Tensor self, int offset=0, int dim1=-2, int dim2=-1) -> Tensor', diagEmbed);
defCastOut(
  'aten::diag_embed.out(Tensor self, int offset=0, int dim1=-2, int dim2=-1, *, Tensor(a!) out) -> Tensor(a!)',
  diagEmbed,
);
def('aten::diagflat(Tensor self, int offset=0) -> Tensor', diagflat);
def('aten::clone(Tensor self, *, MemoryFormat? memory_format=None) -> Tensor', clone);
defCastOut(
  'aten::clone.out(Tensor self, *, MemoryFormat? memory_format=None, Tensor(a!) out) -> Tensor(a!)',
  clone,
);

def('aten::meshgrid(Tensor[] tensors) -> Tensor[]', (tensors: Tensor[]) => meshgrid(tensors));
def('aten::meshgrid.indexing(Tensor[] tensors, *, str indexing) -> Tensor[]', meshgrid);
def('aten::broadcast_to(Tensor(a) self, int[] size) -> Tensor(a)', expand);
def('aten::broadcast_tensors(Tensor[] tensors) -> Tensor[]', broadcastTensors);
def('aten::atleast_1d(Tensor self) -> Tensor', atleast1d);
def('aten::atleast_1d.Sequence(Tensor[] tensors) -> Tensor[]', (ts: Tensor[]) => ts.map(atleast1d));
def('aten::atleast_2d(Tensor self) -> Tensor', atleast2d);
def('aten::atleast_2d.Sequence(Tensor[] tensors) -> Tensor[]', (ts: Tensor[]) => ts.map(atleast2d));
def('aten::atleast_3d(Tensor self) -> Tensor', atleast3d);
def('aten::atleast_3d.Sequence(Tensor[] tensors) -> Tensor[]', (ts: Tensor[]) => ts.map(atleast3d));
