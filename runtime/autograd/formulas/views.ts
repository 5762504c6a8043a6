// Derivatives of views, reshapes, joins and indexing (derivatives.yaml's view, transpose, select,
// slice, expand, cat, stack, split, index...), and the decompositions PyTorch's composite shape
// operators record as (reshape as _reshape_alias or a copy's _unsafe_view, narrow as slice).

import { defOut } from '../../ops/elementwise.js';
import { def } from '../../ops/registry.js';
import { viewStrides } from '../../ops/view.js';
import { notSupported, runtimeError } from '../../errors.js';
import { fromArray } from '../../tensor/factory.js';
import { broadcastShapes, inferSize } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { BackwardContext } from '../context.js';
import { decomposition, derivatives, type Derivative } from '../derivatives.js';
import * as f from '../functions.js';
import { withGradMode } from '../grad_mode.js';

/**
 * _unsafe_view: a view that autograd does not treat as one (PyTorch's matmul and reshape use it on
 * fresh copies, whose history need not follow in-place changes of a base).
 */
function unsafeView(self: Tensor, size: readonly number[]): Tensor {
  const shape = inferSize(size, self.numel());
  const strides = viewStrides(self.shape, self.strides, shape);
  if (strides === null) {
    throw runtimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  const t = self.view(shape, strides);
  t.base = null;
  return t;
}
def('aten::_unsafe_view(Tensor self, SymInt[] size) -> Tensor', unsafeView);
defOut(
  'aten::_unsafe_view.out(Tensor self, SymInt[] size, *, Tensor(a!) out) -> Tensor(a!)',
  unsafeView,
);

/** The gradient of a view that only changes the shape: the gradient in the input's shape. */
const reshaped = (c: BackwardContext): Tensor => f.reshape(c.grad, c.shape('self'));
const shapeOnly = (node: string): Derivative => ({ node, grads: { self: reshaped } });

/** PyTorch's MemoryFormat code of contiguous_format. */
const contiguousFormat = 0;

/** reshape as PyTorch records it: an alias where a view can express it, else a copy's view. */
export function reshapeRecorded(self: Tensor, size: readonly number[]): Tensor {
  const shape = inferSize(size, self.numel());
  const strides = viewStrides(self.shape, self.strides, shape);
  if (strides !== null) return f.tensor('aten::_reshape_alias', self, shape, strides);
  return f.tensor('aten::_unsafe_view', f.tensor('aten::clone', self, contiguousFormat), shape);
}

function flattenRecorded(self: Tensor, startDim: number, endDim: number): Tensor {
  if (self.ndim === 0) return reshapeRecorded(self, [1]);
  const start = f.wrapDim(startDim, self.ndim);
  const end = f.wrapDim(endDim, self.ndim);
  if (start > end) {
    throw runtimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  }
  if (start === end) return self;
  const merged = self.shape.slice(start, end + 1).reduce((a, b) => a * b, 1);
  return reshapeRecorded(self, [
    ...self.shape.slice(0, start),
    merged,
    ...self.shape.slice(end + 1),
  ]);
}

decomposition('aten::reshape', reshapeRecorded);
decomposition('aten::reshape_as', (self: Tensor, other: Tensor) =>
  reshapeRecorded(self, other.shape),
);
decomposition('aten::flatten.using_ints', flattenRecorded);
decomposition('aten::view_as', (self: Tensor, other: Tensor) => f.view(self, other.shape));
decomposition('aten::expand_as', (self: Tensor, other: Tensor) => f.expand(self, other.shape));
decomposition('aten::broadcast_to', (self: Tensor, size: number[]) => f.expand(self, size));
decomposition('aten::narrow', (self: Tensor, dim: number, start: number, length: number) => {
  const d = f.wrapDim(dim, self.ndim);
  const begin = start < 0 ? start + self.shape[d] : start;
  return f.slice(self, d, begin, begin + length, 1);
});
decomposition('aten::broadcast_tensors', (tensors: Tensor[]) => {
  const shape = tensors.reduce<number[]>((s, t) => broadcastShapes(s, t.shape), []);
  return tensors.map((t) => f.expand(t, shape));
});
decomposition('aten::atleast_1d', (self: Tensor) =>
  self.ndim === 0 ? reshapeRecorded(self, [1]) : self,
);
decomposition('aten::atleast_2d', (self: Tensor) => {
  if (self.ndim === 0) return reshapeRecorded(self, [1, 1]);
  return self.ndim === 1 ? f.unsqueeze(self, 0) : self;
});
decomposition('aten::atleast_3d', (self: Tensor) => {
  if (self.ndim === 0) return reshapeRecorded(self, [1, 1, 1]);
  if (self.ndim === 1) return f.unsqueeze(f.unsqueeze(self, 0), -1);
  return self.ndim === 2 ? f.unsqueeze(self, -1) : self;
});
decomposition('aten::contiguous', (self: Tensor) => (self.isContiguous() ? self : f.clone(self)));

/** The inverse of a permutation of dimensions. */
function inversePermutation(dims: readonly number[]): number[] {
  const inverse = new Array<number>(dims.length);
  dims.forEach((d, i) => (inverse[f.wrapDim(d, dims.length)] = i));
  return inverse;
}

/** A zero tensor of the input's shape with the gradient written into the region `region` picks. */
function scattered(c: BackwardContext, region: (zeros: Tensor) => Tensor): Tensor {
  const zeros = f.zeros(c.shape('self'), c.grad);
  f.copyInto(region(zeros), c.grad);
  return zeros;
}

/** x.mT and the like: the last two dimensions swapped (real tensors: no conjugate). */
const matrixTranspose: Derivative = {
  node: 'TransposeBackward0',
  grads: { self: (c) => f.transpose(c.grad, -2, -1) },
};

/** x.T: every dimension reversed, its own inverse. */
const reversed: Derivative = {
  node: 'PermuteBackward0',
  grads: {
    self: (c) =>
      f.permute(
        c.grad,
        c.grad.shape.map((_, i) => c.grad.ndim - 1 - i),
      ),
  },
};

const toCopy: Derivative = {
  node: 'ToCopyBackward0',
  grads: { self: (c) => f.toDType(c.grad, c.meta('self').dtype) },
};

derivatives({
  'aten::view': shapeOnly('ViewBackward0'),
  'aten::_reshape_alias': shapeOnly('ReshapeAliasBackward0'),
  'aten::_unsafe_view': shapeOnly('UnsafeViewBackward0'),
  'aten::squeeze': shapeOnly('SqueezeBackward0'),
  'aten::squeeze.dim': shapeOnly('SqueezeBackward1'),
  'aten::squeeze_': shapeOnly('SqueezeBackward2'),
  'aten::squeeze_.dim': shapeOnly('SqueezeBackward3'),
  'aten::unsqueeze': shapeOnly('UnsqueezeBackward0'),
  'aten::unsqueeze_': shapeOnly('UnsqueezeBackward1'),
  'aten::alias': { node: 'AliasBackward0', grads: { self: (c) => c.grad } },
  'aten::clone': { node: 'CloneBackward0', grads: { self: (c) => c.grad } },
  'aten::_to_copy': toCopy,
  'aten::to.dtype': toCopy,
  'aten::to.other': toCopy,
  'aten::to.device': toCopy,
  'aten::to.dtype_layout': toCopy,
  'aten::to.prim_dtype': toCopy,
  'aten::to.prim_Device': toCopy,
  'aten::t': { node: 'TBackward0', grads: { self: (c) => f.t(c.grad) } },
  'aten::transpose.int': {
    node: 'TransposeBackward0',
    grads: { self: (c) => f.transpose(c.grad, c.int('dim0'), c.int('dim1')) },
  },
  'aten::swapdims': {
    node: 'TransposeBackward0',
    grads: { self: (c) => f.transpose(c.grad, c.int('dim0'), c.int('dim1')) },
  },
  'aten::permute': {
    node: 'PermuteBackward0',
    grads: { self: (c) => f.permute(c.grad, inversePermutation(c.ints('dims'))) },
  },
  'aten::expand': {
    node: 'ExpandBackward0',
    grads: { self: (c) => f.sumTo(c.grad, c.shape('self')) },
  },
  'aten::select.int': {
    node: 'SelectBackward0',
    grads: {
      self: (c) => scattered(c, (z) => f.select(z, c.int('dim'), c.int('index'))),
    },
  },
  'aten::slice.Tensor': {
    node: 'SliceBackward0',
    grads: {
      self: (c) =>
        scattered(c, (z) =>
          f.slice(z, c.int('dim'), c.optionalInt('start'), c.optionalInt('end'), c.int('step')),
        ),
    },
  },
  'aten::flip': { node: 'FlipBackward0', grads: { self: (c) => f.flip(c.grad, c.ints('dims')) } },
  'aten::fliplr': { node: 'FlipBackward0', grads: { self: (c) => f.flip(c.grad, [1]) } },
  'aten::flipud': { node: 'FlipBackward0', grads: { self: (c) => f.flip(c.grad, [0]) } },
  'aten::mT': matrixTranspose,
  'aten::mT.a': matrixTranspose,
  'aten::mH': matrixTranspose,
  'aten::mH.a': matrixTranspose,
  'aten::matrix_H': matrixTranspose,
  'aten::matrix_H.a': matrixTranspose,
  'aten::numpy_T': reversed,
  'aten::numpy_T.a': reversed,
});

// ---- joins and splits ----

/** cat's gradient: each input's stretch of the result along dim (empty legacy 1-D inputs: none). */
function catGrads(c: BackwardContext): (Tensor | null)[] {
  const metas = c.metaList('tensors');
  const reference = metas.find((m) => m !== null && !(m.shape.length === 1 && m.shape[0] === 0));
  const dim = f.wrapDim(c.int('dim'), reference?.shape.length ?? 1);
  let start = 0;
  return metas.map((m) => {
    if (m === null) return null;
    if (m.shape.length === 1 && m.shape[0] === 0 && reference !== undefined) {
      return f.zeros([0], c.grad);
    }
    const length = m.shape[dim];
    const piece = f.narrow(c.grad, dim, start, length);
    start += length;
    return piece;
  });
}

function stackGrads(c: BackwardContext): Tensor[] {
  const metas = c.metaList('tensors');
  const dim = f.wrapDim(c.int('dim'), c.grad.ndim);
  return metas.map((_, i) => f.select(c.grad, dim, i));
}

/** Every output's gradient (zeros where none came), joined back along dim. */
function joinedOutputs(c: BackwardContext, join: 'cat' | 'stack'): Tensor {
  const dim = c.int('dim');
  const grads = c.grads.map((_, i) => c.gradAt(i));
  if (join === 'stack') return f.tensor('aten::stack', grads, dim);
  return f.cat(grads, dim);
}

derivatives({
  'aten::cat': { node: 'CatBackward0', grads: { tensors: catGrads } },
  'aten::concat': { node: 'CatBackward0', grads: { tensors: catGrads } },
  'aten::stack': { node: 'StackBackward0', grads: { tensors: stackGrads } },
  'aten::split.Tensor': { node: 'SplitBackward0', grads: { self: (c) => joinedOutputs(c, 'cat') } },
  'aten::split_with_sizes': {
    node: 'SplitWithSizesBackward0',
    grads: { self: (c) => joinedOutputs(c, 'cat') },
  },
  'aten::chunk': {
    node: 'SplitBackward0',
    grads: { self: (c) => joinedOutputs(c, 'cat') },
  },
  'aten::unbind.int': {
    node: 'UnbindBackward0',
    grads: { self: (c) => joinedOutputs(c, 'stack') },
  },
});

// ---- indexing ----

/** The gradient of an embedding: each row of the output's gradient added into its weight row. */
function embeddingGrad(c: BackwardContext): Tensor {
  const weight = c.shape('weight');
  const indices = f.reshape(c.saved('indices'), [-1]);
  const rows = f.reshape(c.grad, [-1, weight[1]]);
  let grad = f.indexAdd(f.zeros(weight, c.grad), 0, indices, rows);
  const padding = c.int('padding_idx');
  if (padding >= 0)
    grad = f.tensor('aten::index_fill.int_Scalar', grad, 0, indexTensor(padding), 0);
  return grad;
}

function indexTensor(i: number): Tensor {
  return fromArray([i], [1], 'int64');
}

/** index_put: the overwritten places get no gradient (unless accumulated into), values theirs. */
const indexPut: Derivative = {
  node: 'IndexPutBackward0',
  saves: ['indices'],
  grads: {
    self: (c) =>
      c.bool('accumulate')
        ? c.grad
        : f.indexPut(c.grad, c.savedList('indices'), f.zeros([], c.grad), false),
    values: (c) => f.index(c.grad, c.savedList('indices')),
  },
};

derivatives({
  // copy_ overwrites self: the old values get no gradient, src gets all of it.
  'aten::copy_': {
    node: 'CopyBackwards',
    grads: { self: (c) => f.zerosLike(c.grad), src: (c) => c.grad },
  },
  'aten::index_put_': indexPut,
  'aten::index_put': indexPut,
  'aten::index.Tensor': {
    node: 'IndexBackward0',
    saves: ['indices'],
    grads: {
      self: (c) =>
        f.indexPut(f.zeros(c.shape('self'), c.grad), c.savedList('indices'), c.grad, true),
    },
  },
  'aten::index_select': {
    node: 'IndexSelectBackward0',
    saves: ['index'],
    grads: {
      self: (c) =>
        f.indexAdd(f.zeros(c.shape('self'), c.grad), c.int('dim'), c.saved('index'), c.grad),
    },
  },
  'aten::gather': {
    node: 'GatherBackward0',
    saves: ['index'],
    grads: {
      self: (c) =>
        f.scatterAdd(f.zeros(c.shape('self'), c.grad), c.int('dim'), c.saved('index'), c.grad),
    },
  },
  'aten::embedding': {
    node: 'EmbeddingBackward0',
    saves: ['indices'],
    grads: { weight: embeddingGrad },
  },
});

// ---- rearrangements ----

/** repeat's gradient: the tiles summed back onto the input. */
function repeatGrad(c: BackwardContext): Tensor {
  const repeats = c.ints('repeats');
  const shape = c.shape('self');
  const lead = repeats.length - shape.length;
  let g = c.grad;
  if (lead > 0)
    g = f.sumDims(
      g,
      Array.from({ length: lead }, (_, i) => i),
      false,
    );
  const split: number[] = [];
  shape.forEach((s, d) => split.push(repeats[lead + d], s));
  const tiles = split.map((_, i) => i).filter((i) => i % 2 === 0);
  return shape.length === 0 ? g : f.sumDims(f.reshape(g, split), tiles, false);
}

/** constant_pad_nd's gradient: the input's region of the padded output's. */
function unpadded(c: BackwardContext): Tensor {
  const pad = c.ints('pad');
  const shape = c.shape('self');
  if (pad.some((p) => p < 0)) throw notSupported('the derivative of constant_pad_nd that crops');
  let g = c.grad;
  for (let i = 0; i < pad.length / 2; i++) {
    const d = shape.length - 1 - i;
    g = f.narrow(g, d, pad[2 * i], shape[d]);
  }
  return g;
}

derivatives({
  'aten::roll': {
    node: 'RollBackward0',
    grads: {
      self: (c) =>
        f.tensor(
          'aten::roll',
          c.grad,
          c.ints('shifts').map((s) => -s),
          c.ints('dims'),
        ),
    },
  },
  'aten::repeat': { node: 'RepeatBackward0', grads: { self: repeatGrad } },
  'aten::tril': {
    node: 'TrilBackward0',
    grads: { self: (c) => f.tensor('aten::tril', c.grad, c.int('diagonal')) },
  },
  'aten::triu': {
    node: 'TriuBackward0',
    grads: { self: (c) => f.tensor('aten::triu', c.grad, c.int('diagonal')) },
  },
  'aten::diagonal': {
    node: 'DiagonalBackward0',
    grads: {
      self: (c) =>
        scattered(c, (z) =>
          f.tensor('aten::diagonal', z, c.int('offset'), c.int('dim1'), c.int('dim2')),
        ),
    },
  },
  'aten::constant_pad_nd': { node: 'ConstantPadNdBackward0', grads: { self: unpadded } },
});

/**
 * F.pad as PyTorch dispatches it: constant_pad_nd, or the reflection, replication or circular
 * operator for the number of padded dimensions (those have no derivative yet).
 */
decomposition('aten::pad', (self: Tensor, pad: number[], mode: string, value: number | null) => {
  if (mode === 'constant') return f.tensor('aten::constant_pad_nd', self, pad, value ?? 0);
  const dims = pad.length / 2;
  if (mode === 'circular') return f.tensor('aten::_pad_circular', self, pad);
  const kind = mode === 'reflect' ? 'reflection' : mode === 'replicate' ? 'replication' : null;
  if (kind === null || dims < 1 || dims > 3 || value !== null) {
    // The operator's own refusal of the arguments.
    return withGradMode(false, () => f.tensor('aten::pad', self, pad, mode, value));
  }
  return f.tensor(`aten::${kind}_pad${dims}d`, self, pad);
});
