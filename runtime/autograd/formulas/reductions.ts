// Derivatives of reductions (derivatives.yaml's sum, mean, max, amax, var, std, logsumexp,
// cumsum): the gradient of the reduced result spreads back over the dimensions it reduced.

import type { Tensor } from '../../tensor/tensor.js';
import type { BackwardContext } from '../context.js';
import { decomposition, derivatives, type Derivative } from '../derivatives.js';
import * as f from '../functions.js';
import { withGradMode } from '../grad_mode.js';

/** The reduced dimensions, made positive and sorted; none given (null or []) means all. */
function reducedDims(dims: readonly number[] | null, ndim: number): number[] {
  if (dims === null || dims.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  return dims.map((d) => f.wrapDim(d, ndim)).sort((a, b) => a - b);
}

/** A reduced tensor given back its reduced dimensions (as size 1), unless it kept them. */
function keptDims(t: Tensor, dims: readonly number[], keepdim: boolean, ndim: number): Tensor {
  if (keepdim || ndim === 0 || t.ndim === ndim) return t;
  let out = t;
  for (const d of dims) out = f.unsqueeze(out, d);
  return out;
}

/** The gradient of a reduction over `dims`, spread over the input's shape. */
function spread(c: BackwardContext, dims: readonly number[] | null, keepdim: boolean): Tensor {
  const shape = c.shape('self');
  const reduced = reducedDims(dims, shape.length);
  return f.expand(keptDims(c.grad, reduced, keepdim, shape.length), shape);
}

/** How many elements each result of the reduction over `dims` took. */
function countOf(shape: readonly number[], dims: readonly number[] | null): number {
  return reducedDims(dims, shape.length).reduce((n, d) => n * shape[d], 1);
}

const sumDim = (c: BackwardContext): Tensor => spread(c, c.optionalInts('dim'), c.bool('keepdim'));

function meanDim(c: BackwardContext): Tensor {
  const dims = c.optionalInts('dim');
  return f.divScalar(spread(c, dims, c.bool('keepdim')), countOf(c.shape('self'), dims));
}

/** max()/min() of everything: the gradient shared evenly between the elements that tie. */
function evenlyShared(c: BackwardContext): Tensor {
  const self = c.saved('self');
  const result = c.saved('result');
  // A NaN result is shared between the NaNs, which equal nothing.
  const mask = Number.isNaN(Number(result.data[result.offset]))
    ? f.tensor('aten::isnan', self)
    : f.eq(self, result);
  const count = f.sumAll(f.toDType(mask, c.grad.dtype));
  return f.maskedKeep(mask, f.expand(f.div(c.grad, count), self.shape));
}

/** max.dim/min.dim: the gradient goes to the element each index picked. */
function selected(c: BackwardContext): Tensor {
  const shape = c.shape('self');
  const dim = f.wrapDim(c.int('dim'), shape.length);
  const keep = c.bool('keepdim');
  const index = keptDims(c.saved('indices'), [dim], keep, shape.length);
  const grad = keptDims(c.grad, [dim], keep, shape.length);
  if (shape.length === 0) return grad;
  return f.tensor('aten::scatter.src', f.zeros(shape, grad), dim, index, grad);
}

/** sort/topk: each output's gradient back at the place its index came from. */
function unsorted(c: BackwardContext): Tensor {
  const shape = c.shape('self');
  if (shape.length === 0) return c.grad;
  const dim = f.wrapDim(c.int('dim'), shape.length);
  return f.tensor('aten::scatter.src', f.zeros(shape, c.grad), dim, c.saved('indices'), c.grad);
}

/** amax/amin: the gradient shared between the elements equal to the extremum, per result. */
function amaxGrad(c: BackwardContext): Tensor {
  const self = c.saved('self');
  const dims = reducedDims(c.ints('dim'), self.ndim);
  const keep = c.bool('keepdim');
  const mask = f.eq(self, keptDims(c.saved('result'), dims, keep, self.ndim));
  const count = f.sumDims(f.toDType(mask, c.grad.dtype), dims, true);
  const share = f.div(keptDims(c.grad, dims, keep, self.ndim), count);
  return f.maskedKeep(mask, f.expand(share, self.shape));
}

/** var and std: the divisor N - correction, and the deviations from the mean. */
interface Spread {
  readonly dims: readonly number[] | null;
  readonly correction: number;
  readonly keepdim: boolean;
}

function varianceOf(c: BackwardContext, variant: 'plain' | 'dim' | 'correction'): Spread {
  if (variant === 'plain')
    return { dims: null, correction: c.bool('unbiased') ? 1 : 0, keepdim: false };
  if (variant === 'dim') {
    return {
      dims: c.optionalInts('dim'),
      correction: c.bool('unbiased') ? 1 : 0,
      keepdim: c.bool('keepdim'),
    };
  }
  return {
    dims: c.optionalInts('dim'),
    correction: c.optionalInt('correction') ?? 1,
    keepdim: c.bool('keepdim'),
  };
}

function deviations(self: Tensor, dims: readonly number[] | null): Tensor {
  return f.sub(self, f.meanDims(self, reducedDims(dims, self.ndim), true));
}

function varianceGrad(variant: 'plain' | 'dim' | 'correction') {
  return (c: BackwardContext): Tensor => {
    const s = varianceOf(c, variant);
    const self = c.saved('self');
    const divisor = countOf(self.shape, s.dims) - s.correction;
    const g = spread(c, s.dims, s.keepdim);
    return f.mul(g, f.mulScalar(deviations(self, s.dims), 2 / divisor));
  };
}

function stdGrad(variant: 'plain' | 'dim' | 'correction') {
  return (c: BackwardContext): Tensor => {
    const s = varianceOf(c, variant);
    const self = c.saved('self');
    const divisor = countOf(self.shape, s.dims) - s.correction;
    const dims = reducedDims(s.dims, self.ndim);
    const result = f.expand(keptDims(c.saved('result'), dims, s.keepdim, self.ndim), self.shape);
    const g = spread(c, s.dims, s.keepdim);
    return f.div(f.mul(g, f.divScalar(deviations(self, s.dims), divisor)), result);
  };
}

const variance = (node: string, grad: (c: BackwardContext) => Tensor): Derivative => ({
  node,
  saves: ['self', 'result'],
  grads: { self: grad },
});

derivatives({
  'aten::sum': { node: 'SumBackward0', grads: { self: (c) => f.expand(c.grad, c.shape('self')) } },
  'aten::sum.dim_IntList': { node: 'SumBackward1', grads: { self: sumDim } },
  'aten::mean': {
    node: 'MeanBackward0',
    grads: {
      self: (c) => f.divScalar(f.expand(c.grad, c.shape('self')), countOf(c.shape('self'), null)),
    },
  },
  'aten::mean.dim': { node: 'MeanBackward1', grads: { self: meanDim } },
  'aten::max': { node: 'MaxBackward1', saves: ['self', 'result'], grads: { self: evenlyShared } },
  'aten::min': { node: 'MinBackward1', saves: ['self', 'result'], grads: { self: evenlyShared } },
  'aten::max.dim': { node: 'MaxBackward0', saves: ['indices'], grads: { self: selected } },
  'aten::min.dim': { node: 'MinBackward0', saves: ['indices'], grads: { self: selected } },
  'aten::kthvalue': { node: 'KthvalueBackward0', saves: ['indices'], grads: { self: selected } },
  'aten::median.dim': { node: 'MedianBackward1', saves: ['indices'], grads: { self: selected } },
  'aten::nanmedian.dim': {
    node: 'NanmedianBackward1',
    saves: ['indices'],
    grads: { self: selected },
  },
  'aten::mode': { node: 'ModeBackward0', saves: ['indices'], grads: { self: selected } },
  'aten::median': {
    node: 'MedianBackward0',
    saves: ['self', 'result'],
    grads: { self: evenlyShared },
  },
  'aten::nanmedian': {
    node: 'NanmedianBackward0',
    saves: ['self', 'result'],
    grads: { self: evenlyShared },
  },
  'aten::sort': { node: 'SortBackward0', saves: ['indices'], grads: { self: unsorted } },
  'aten::sort.stable': { node: 'SortBackward1', saves: ['indices'], grads: { self: unsorted } },
  'aten::topk': { node: 'TopkBackward0', saves: ['indices'], grads: { self: unsorted } },
  'aten::amax': { node: 'AmaxBackward0', saves: ['self', 'result'], grads: { self: amaxGrad } },
  'aten::amin': { node: 'AminBackward0', saves: ['self', 'result'], grads: { self: amaxGrad } },
  'aten::var': variance('VarBackward0', varianceGrad('plain')),
  'aten::var.dim': variance('VarBackward0', varianceGrad('dim')),
  'aten::var.correction': variance('VarBackward0', varianceGrad('correction')),
  'aten::std': variance('StdBackward0', stdGrad('plain')),
  'aten::std.dim': variance('StdBackward0', stdGrad('dim')),
  'aten::std.correction': variance('StdBackward0', stdGrad('correction')),
  'aten::logsumexp': {
    node: 'LogsumexpBackward0',
    saves: ['self', 'result'],
    grads: {
      self: (c) => {
        const self = c.saved('self');
        const dims = reducedDims(c.ints('dim'), self.ndim);
        const keep = c.bool('keepdim');
        const result = keptDims(c.saved('result'), dims, keep, self.ndim);
        return f.mul(spread(c, dims, keep), f.exp(f.sub(self, result)));
      },
    },
  },
  'aten::cumsum': {
    node: 'CumsumBackward0',
    grads: {
      self: (c) => {
        const dim = f.wrapDim(c.int('dim'), c.shape('self').length);
        if (c.shape('self').length === 0) return c.grad;
        return f.flip(f.cumsum(f.flip(c.grad, [dim]), dim), [dim]);
      },
    },
  },
});

// ---- norms ----

/** A p-norm's gradient (PyTorch's norm_backward), for p over `dims` (null: all). */
function normGrad(
  c: BackwardContext,
  p: number,
  dims: readonly number[] | null,
  keepdim: boolean,
): Tensor {
  const self = c.saved('self');
  const reduced = reducedDims(dims, self.ndim);
  const norm = f.expand(keptDims(c.saved('result'), reduced, keepdim, self.ndim), self.shape);
  const g = spread(c, dims, keepdim);
  if (p === 0) return f.zerosLike(self);
  if (p === 1) return f.mul(g, f.sign(self));
  if (p === Infinity || p === -Infinity) {
    const mask = f.toDType(f.eq(f.abs(self), norm), g.dtype);
    const count = f.expand(f.sumDims(mask, reduced, true), self.shape);
    return f.div(f.mul(f.mul(g, f.sign(self)), mask), count);
  }
  const scaled =
    p === 2
      ? f.div(self, norm)
      : f.div(f.mul(self, f.powScalar(f.abs(self), p - 2)), f.powScalar(norm, p - 1));
  // A zero norm has a zero gradient (0/0 would be NaN).
  return f.maskedFill(f.mul(g, scaled), f.eqScalar(norm, 0), 0);
}

const order = (v: unknown): number => (v === null ? 2 : Number(v));

const norm = (node: string, grad: (c: BackwardContext) => Tensor): Derivative => ({
  node,
  saves: ['self', 'result'],
  grads: { self: grad },
});

derivatives({
  'aten::norm.Scalar': norm('NormBackward0', (c) => normGrad(c, order(c.value('p')), null, false)),
  'aten::norm.ScalarOpt_dim': norm('NormBackward1', (c) =>
    normGrad(c, order(c.value('p')), c.ints('dim'), c.bool('keepdim')),
  ),
  'aten::norm.ScalarOpt_dtype': norm('NormBackward2', (c) =>
    normGrad(c, order(c.value('p')), null, false),
  ),
  'aten::norm.ScalarOpt_dim_dtype': norm('NormBackward3', (c) =>
    normGrad(c, order(c.value('p')), c.ints('dim'), c.bool('keepdim')),
  ),
  'aten::linalg_vector_norm': norm('LinalgVectorNormBackward0', (c) =>
    normGrad(c, order(c.value('ord')), c.optionalInts('dim'), c.bool('keepdim')),
  ),
  'aten::frobenius_norm': norm('NormBackward0', (c) => normGrad(c, 2, null, false)),
});

/** frobenius_norm over dims: the 2-norm for one dimension, else sqrt of the sum of squares. */
decomposition('aten::frobenius_norm.dim', (self: Tensor, dim: number[], keepdim: boolean) => {
  if (dim.length > 2) {
    // The operator's own refusal.
    return withGradMode(false, () => f.tensor('aten::frobenius_norm.dim', self, dim, keepdim));
  }
  if (dim.length <= 1) return f.tensor('aten::norm.ScalarOpt_dim', self, 2, dim, keepdim);
  return f.sqrt(f.sumDims(f.mul(self, self), dim, keepdim));
});
