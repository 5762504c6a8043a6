// Statistics and norms: std and var (with their _mean pairs), norm, frobenius_norm,
// linalg_vector_norm and logsumexp, with their dim, dtype and out= overloads.

import { runtimeError } from '../errors.js';
import type { ReduceKernel } from '../kernels/reduce.js';
import { getDefaultDType, isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { scalarToNumber, type Scalar } from '../tensor/scalar.js';
import type { Tensor } from '../tensor/tensor.js';
import { writeOut } from './elementwise.js';
import {
  castOut,
  checkOutDtype,
  defCastOut,
  countKernel,
  maxKernel,
  mean,
  meanKernel,
  minKernel,
  nanMax,
  nanMin,
  notImplementedFor,
  plus,
  reduce,
  reductionDims,
  sumKernel,
  writeOuts,
} from './reduction.js';
import { def } from './registry.js';

/** Two passes, the mean and then the squared deviations, in doubles; p0 is the correction. */
const varKernel: ReduceKernel = {
  name: 'var',
  init: '0',
  update: (acc, a) => `${acc} + (${a} - m) * (${a} - m)`,
  combine: plus,
  prepass: meanKernel,
  finish: (acc, n) => `${acc} / Math.max(0, ${n} - p0)`,
};
const stdKernel: ReduceKernel = {
  ...varKernel,
  name: 'std',
  finish: (acc, n) => `Math.sqrt(${acc} / Math.max(0, ${n} - p0))`,
};
/** log(sum(exp(x - max))) + max, with an infinite max taken as 0 as PyTorch does. */
const logsumexpKernel: ReduceKernel = {
  name: 'logsumexp',
  init: '0',
  update: (acc, a) => `${acc} + Math.exp(${a} - m)`,
  combine: plus,
  prepass: {
    ...maxKernel,
    name: 'logsumexp_max',
    finish: (acc) => `(Math.abs(${acc}) === Infinity ? 0 : ${acc})`,
  },
  finish: (acc) => `Math.log(${acc}) + m`,
};

// ---- std, var ----

function checkFloatingForVar(self: Tensor): void {
  if (!isFloating(self.dtype)) {
    throw runtimeError('std and var only support floating point and complex dtypes');
  }
}

function variance(kernel: ReduceKernel) {
  return (self: Tensor, dim: number[] | null, correction: number | null, keepdim: boolean) => {
    checkFloatingForVar(self);
    const params = [correction ?? 1];
    return reduce(kernel, self, reductionDims(self, dim), keepdim, self.dtype, self.dtype, params);
  };
}

export const std = variance(stdKernel);
export const var_ = variance(varKernel);

type Spread = ReturnType<typeof variance>;

/** The overloads of std and var: unbiased, dim + unbiased, and correction, with out= forms. */
function defSpread(name: 'std' | 'var', fn: Spread): void {
  const unbiased = (u: boolean) => (u ? 1 : 0);
  const checkOut = (out: Tensor) => {
    if (!isFloating(out.dtype)) throw notImplementedFor('std_cpu', out.dtype);
  };
  def(`aten::${name}(Tensor self, bool unbiased=True) -> Tensor`, (self: Tensor, u: boolean) =>
    fn(self, null, unbiased(u), false),
  );
  def(
    `aten::${name}.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> Tensor`,
    (self: Tensor, dim: number[] | null, u: boolean, keepdim: boolean) =>
      fn(self, dim, unbiased(u), keepdim),
  );
  def(
    `aten::${name}.correction(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False) -> Tensor`,
    fn,
  );
  def(
    `aten::${name}.out(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False, *, Tensor(a!) out) -> Tensor(a!)`,
    (self: Tensor, dim: number[] | null, u: boolean, keepdim: boolean, out: Tensor) => {
      checkOut(out);
      return writeOut(out, fn(self, dim, unbiased(u), keepdim));
    },
  );
  def(
    `aten::${name}.correction_out(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False, Tensor(a!) out) -> Tensor(a!)`,
    (self: Tensor, dim: number[] | null, c: number | null, keepdim: boolean, out: Tensor) => {
      checkOut(out);
      return writeOut(out, fn(self, dim, c, keepdim));
    },
  );
  const withMean = (self: Tensor, dim: number[] | null, c: number | null, keepdim: boolean) => {
    if (!isFloating(self.dtype)) {
      throw runtimeError(`${name}_mean only support floating point and complex dtypes`);
    }
    return [fn(self, dim, c, keepdim), mean(self, dim, keepdim)];
  };
  def(
    `aten::${name}_mean(Tensor self, bool unbiased=True) -> (Tensor, Tensor)`,
    (self: Tensor, u: boolean) => withMean(self, null, unbiased(u), false),
  );
  def(
    `aten::${name}_mean.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> (Tensor, Tensor)`,
    (self: Tensor, dim: number[] | null, u: boolean, keepdim: boolean) =>
      withMean(self, dim, unbiased(u), keepdim),
  );
  def(
    `aten::${name}_mean.correction(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False) -> (Tensor, Tensor)`,
    withMean,
  );
  def(
    `aten::${name}_mean.correction_out(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False, Tensor(a!) out0, Tensor(b!) out1) -> (Tensor(a!), Tensor(b!))`,
    (
      self: Tensor,
      dim: number[] | null,
      c: number | null,
      keepdim: boolean,
      o0: Tensor,
      o1: Tensor,
    ) => writeOuts([o0, o1], withMean(self, dim, c, keepdim)),
  );
}

// ---- norms ----

/** The kernel of a p-norm; the ones without an identity give 0 over no elements, as norm does. */
function pNorm(p: number): { kernel: ReduceKernel; params: number[] } {
  const abs = (a: string) => `Math.abs(${a})`;
  const zeroIfEmpty = (v: string) => (acc: string, n: string) =>
    `(${n} === 0 ? 0 : ${v.replace('ACC', acc)})`;
  const kernels: Record<string, ReduceKernel> = {
    '2': {
      ...sumKernel,
      name: 'norm2',
      update: (acc, a) => `${acc} + ${a} * ${a}`,
      finish: (acc) => `Math.sqrt(${acc})`,
    },
    '1': { ...sumKernel, name: 'norm1', update: (acc, a) => `${acc} + ${abs(a)}` },
    '0': { ...countKernel, name: 'norm0' },
    Infinity: {
      ...maxKernel,
      name: 'norm_inf',
      init: '0',
      update: (acc, a) => nanMax(acc, abs(a)),
    },
    '-Infinity': {
      ...minKernel,
      name: 'norm_neg_inf',
      update: (acc, a) => nanMin(acc, abs(a)),
      finish: zeroIfEmpty('ACC'),
    },
  };
  const known = kernels[String(p)];
  if (known !== undefined) return { kernel: known, params: [] };
  const general: ReduceKernel = {
    ...sumKernel,
    name: 'norm_p',
    update: (acc, a) => `${acc} + Math.pow(${abs(a)}, p0)`,
    finish: zeroIfEmpty('Math.pow(ACC, 1 / p0)'),
  };
  return { kernel: general, params: [p] };
}

function runNorm(self: Tensor, p: number, dims: number[], keepdim: boolean, dtype: DType): Tensor {
  const { kernel, params } = pNorm(p);
  return reduce(kernel, self, dims, keepdim, dtype, dtype, params);
}

/** norm's typing: a floating input, or a floating dtype= that the input is cast to. */
function normDtype(self: Tensor, dtype: DType | null): DType {
  const [what, got] =
    dtype === null ? ['input dtype', self.dtype] : ['the desired output dtype', dtype];
  if (!isFloating(got)) {
    throw runtimeError(
      `norm(): ${what} should be either floating point or complex. Got ${scalarTypeName(got)} instead.`,
    );
  }
  return got;
}

export function norm(
  self: Tensor,
  p: Scalar | null = 2n,
  dim: number[] | null = null,
  keepdim = false,
  dtype: DType | null = null,
): Tensor {
  const d = normDtype(self, dtype);
  return runNorm(self, p === null ? 2 : scalarToNumber(p), reductionDims(self, dim), keepdim, d);
}

export function frobeniusNorm(self: Tensor, dim: number[] = [], keepdim = false): Tensor {
  if (dim.length > 2) {
    throw runtimeError(`Expected at most 2 dimensions, but got ${dim.length} dimensions instead.`);
  }
  return norm(self, 2n, dim, keepdim);
}

/** Norms with no identity (negative orders, inf) refuse empty reductions, in vector_norm. */
function checkNormIdentity(self: Tensor, p: number, dim: number[] | null, dims: number[]): void {
  const ord = Number.isFinite(p) ? String(p) : p > 0 ? 'inf' : '-inf';
  const cannot = `linalg.vector_norm cannot compute the ${ord} norm on`;
  const tail = 'the operation does not have an identity';
  if ((dim === null || dim.length === 0) && self.numel() === 0) {
    throw runtimeError(`${cannot} an empty tensor because ${tail}`);
  }
  const empty = dims.find((d) => self.ndim > 0 && self.shape[d] === 0);
  if (empty !== undefined) {
    // PyTorch's message lacks the space before "because".
    throw runtimeError(
      `${cannot} the dimension ${empty}because this dimension is empty and ${tail}`,
    );
  }
}

export function vectorNorm(
  self: Tensor,
  ord: Scalar = 2n,
  dim: number[] | null = null,
  keepdim = false,
  dtype: DType | null = null,
): Tensor {
  const p = scalarToNumber(ord);
  const what = 'linalg.vector_norm';
  if (!isFloating(self.dtype)) {
    throw runtimeError(
      `${what}: Expected a floating point or complex tensor as input. Got ${scalarTypeName(self.dtype)}`,
    );
  }
  if (dtype !== null && !isFloating(dtype)) {
    throw runtimeError(
      `${what}: dtype should be floating point or complex, but got ${scalarTypeName(dtype)}`,
    );
  }
  if (dtype === 'float32' && self.dtype === 'float64') {
    throw runtimeError(
      `${what}: the dtype of the input (Double) should be convertible without narrowing to the specified dtype (Float)`,
    );
  }
  const dims = reductionDims(self, dim);
  if (p < 0 || p === Infinity) checkNormIdentity(self, p, dim, dims);
  return runNorm(self, p, dims, keepdim, dtype ?? self.dtype);
}

// ---- logsumexp ----

export function logsumexp(self: Tensor, dim: number[], keepdim = false, dtype?: DType): Tensor {
  if (dim.length === 0 && !keepdim && self.ndim > 0) {
    throw runtimeError(
      `output with shape [] doesn't match the broadcast shape [${self.shape.map(() => 1).join(', ')}]`,
    );
  }
  const d = dtype ?? (isFloating(self.dtype) ? self.dtype : getDefaultDType());
  return reduce(logsumexpKernel, self, reductionDims(self, dim), keepdim, d);
}

function logsumexpOut(self: Tensor, dim: number[], keepdim: boolean, out: Tensor): Tensor {
  if (!isFloating(out.dtype)) {
    throw runtimeError(
      `logsumexp(): Expected floating point type for result tensor, but got: ${scalarTypeName(out.dtype)}`,
    );
  }
  return writeOut(out, logsumexp(self, dim, keepdim, out.dtype));
}

// ---- registrations ----

defSpread('std', std);
defSpread('var', var_);

def('aten::norm.Scalar(Tensor self, Scalar p=2) -> Tensor', (self: Tensor, p: Scalar) =>
  norm(self, p),
);
def(
  'aten::norm.ScalarOpt_dim(Tensor self, Scalar? p, int[1] dim, bool keepdim=False) -> Tensor',
  norm,
);
def(
  'aten::norm.ScalarOpt_dim_dtype(Tensor self, Scalar? p, int[1] dim, bool keepdim, *, ScalarType dtype) -> Tensor',
  norm,
);
/** norm.out and norm.dtype_out compute in out's dtype, which must be floating. */
const normIntoOut = (...args: unknown[]) => {
  const out = args.pop() as Tensor;
  if (!isFloating(out.dtype)) throw notImplementedFor('norm_cpu', out.dtype);
  return castOut(out, norm(...(args as Parameters<typeof norm>)));
};
def(
  'aten::norm.dtype_out(Tensor self, Scalar? p, int[1] dim, bool keepdim, *, ScalarType dtype, Tensor(a!) out) -> Tensor(a!)',
  normIntoOut,
);
def(
  'aten::norm.out(Tensor self, Scalar? p, int[1] dim, bool keepdim=False, *, Tensor(a!) out) -> Tensor(a!)',
  normIntoOut,
);
const normWithDtype = (self: Tensor, p: Scalar | null, dtype: DType) =>
  norm(self, p, null, false, dtype);
def(
  'aten::norm.ScalarOpt_dtype(Tensor self, Scalar? p, *, ScalarType dtype) -> Tensor',
  normWithDtype,
);
defCastOut(
  'aten::norm.ScalarOpt_dtype_out(Tensor self, Scalar? p, *, ScalarType dtype, Tensor(a!) out) -> Tensor(a!)',
  normWithDtype,
);
defCastOut(
  'aten::norm.Scalar_out(Tensor self, Scalar p=2, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, p: Scalar) => norm(self, p),
);
def('aten::frobenius_norm(Tensor self) -> Tensor', (self: Tensor) => frobeniusNorm(self));
def(
  'aten::frobenius_norm.dim(Tensor self, int[1] dim, bool keepdim=False) -> Tensor',
  frobeniusNorm,
);
defCastOut(
  'aten::frobenius_norm.out(Tensor self, int[1] dim, bool keepdim=False, *, Tensor(a!) out) -> Tensor(a!)',
  frobeniusNorm,
);
def(
  'aten::linalg_vector_norm(Tensor self, Scalar ord=2, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor',
  vectorNorm,
);
def(
  'aten::linalg_vector_norm.out(Tensor self, Scalar ord=2, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None, Tensor(a!) out) -> Tensor(a!)',
  (
    self: Tensor,
    ord: Scalar,
    dim: number[] | null,
    keepdim: boolean,
    dtype: DType | null,
    out: Tensor,
  ) => {
    const result = vectorNorm(self, ord, dim, keepdim, dtype);
    checkOutDtype(out, result.dtype);
    return writeOut(out, result);
  },
);

def('aten::logsumexp(Tensor self, int[1] dim, bool keepdim=False) -> Tensor', logsumexp);
def(
  'aten::logsumexp.out(Tensor self, int[1] dim, bool keepdim=False, *, Tensor(a!) out) -> Tensor(a!)',
  logsumexpOut,
);
def('aten::special_logsumexp(Tensor self, int[1] dim, bool keepdim=False) -> Tensor', logsumexp);
def(
  'aten::special_logsumexp.out(Tensor self, int[1] dim, bool keepdim=False, *, Tensor(a!) out) -> Tensor(a!)',
  logsumexpOut,
);
