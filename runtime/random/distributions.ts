// In-place sampling exactly as PyTorch 1.13's CPU kernels do it: the same draws from the generator,
// in the same element order, through the same float or double arithmetic. These are the plain
// functions other families (dropout, nn.init) call; runtime/ops/random.ts declares the operators.

import { runtimeError, typeError } from '../errors.js';
import { dtypeInfo, isFloating, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { normalBlock16f } from './avx2math.js';
import { fma, fmaf } from './fused.js';
import { defaultGenerator, Generator } from './generator.js';
import { cos, exp, log, sin, tan } from './libm.js';
import { cppDouble, cppTypeName, failedCheck, notImplementedFor } from './messages.js';
import { assertNoInternalOverlap, iterationIndices, writeOrder } from './order.js';

/** The generator an operator was given, or the default one. */
export function generatorOr(gen: unknown): Generator {
  if (gen === null || gen === undefined) return defaultGenerator;
  if (gen instanceof Generator) return gen;
  throw typeError(`expected a torch.Generator, but got ${typeof gen}`);
}

export const floatMax = 3.4028234663852886e38;

/** The largest finite value of a floating dtype. */
export function floatingMax(dtype: DType): number {
  return dtype === 'float32' ? floatMax : Number.MAX_VALUE;
}

/** CHECK_OUT_OF_BOUNDS of PyTorch's distribution templates (NaN is out of every bound). */
export function checkInBounds(
  value: number,
  name: string,
  min: number,
  max: number,
  dtype: DType,
): void {
  if (!(value >= min && value <= max)) {
    throw runtimeError(`${name} is out of bounds for ${cppTypeName(dtype)}`);
  }
}

/** Calls `sample` once per element of `t`, in PyTorch's order, storing what it returns. */
function fillEach(t: Tensor, sample: () => number): void {
  assertNoInternalOverlap(t);
  const data = t.data;
  if (t.isContiguous()) {
    const end = t.offset + t.numel();
    for (let i = t.offset; i < end; i++) data[i] = sample();
    return;
  }
  for (const i of writeOrder(t)) data[i] = sample();
}

// ---- uniform_ ----

/** uniform_(from, to): 24 random bits for float32, 53 for float64, then x * (to - from) + from. */
export function uniform(t: Tensor, from = 0, to = 1, gen: Generator | null = null): Tensor {
  const dtype = t.dtype;
  if (!isFloating(dtype)) throw notImplementedFor('check_uniform_bounds', dtype);
  const max = floatingMax(dtype);
  checkInBounds(from, 'from', -max, max, dtype);
  checkInBounds(to, 'to', -max, max, dtype);
  if (!(from <= to)) {
    throw runtimeError(
      `uniform_ expects to return a [from, to) range, but found from=${cppDouble(from)} > to=${cppDouble(to)}`,
    );
  }
  if (!(to - from <= max)) {
    throw runtimeError(
      `uniform_ expects to-from <= std::numeric_limits<${dtype === 'float32' ? 'Float' : 'Double'}>::max(), but found to=${cppDouble(to)} and from=${cppDouble(from)} which result in to-from to exceed the limit`,
    );
  }
  const g = generatorOr(gen);
  if (dtype === 'float32') {
    // The bounds become floats first; the AVX2 build fuses the multiply-add.
    const lo = Math.fround(from);
    const range = Math.fround(Math.fround(to) - lo);
    if (lo === 0 && range === 1) fillEach(t, () => g.random24());
    else fillEach(t, () => fmaf(g.random24(), range, lo));
  } else {
    const range = to - from;
    if (from === 0 && range === 1) fillEach(t, () => g.random53());
    else fillEach(t, () => fma(g.random53(), range, from));
  }
  return t;
}

// ---- normal_ ----

/** One standard normal sample from normal_distribution<double>, with its cached sine half. */
export function standardNormal(g: Generator): number {
  const cached = g.nextDoubleNormal;
  if (cached !== null) {
    g.nextDoubleNormal = null;
    return cached;
  }
  const u1 = g.random53();
  const u2 = g.random53();
  const radius = Math.sqrt(-2 * log(1 - u2));
  const theta = 2 * Math.PI * u1;
  g.nextDoubleNormal = radius * sin(theta);
  return radius * cos(theta);
}

/** normal_fill for float32 on an AVX2 CPU: all uniforms first, then Box-Muller 16 at a time. */
function normalFillFloat(t: Tensor, mean: number, std: number, g: Generator): void {
  const data = t.data as Float32Array;
  const n = t.numel();
  const start = t.offset;
  for (let i = 0; i < n; i++) data[start + i] = g.random24();
  const m = Math.fround(mean);
  const s = Math.fround(std);
  for (let i = 0; i + 16 <= n; i += 16) normalBlock16f(data, start + i, m, s);
  if (n % 16 !== 0) {
    // The tail is redone from a fresh block of 16 uniforms ending at the last element.
    const tail = start + n - 16;
    for (let i = 0; i < 16; i++) data[tail + i] = g.random24();
    normalBlock16f(data, tail, m, s);
  }
}

/** Box-Muller on one block of 16 double uniforms in place (normal_fill_16<double>). */
function normalBlock16(data: Float64Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[at + j];
    const u2 = data[at + j + 8];
    const radius = Math.sqrt(-2 * log(u1));
    const theta = 2 * Math.PI * u2;
    data[at + j] = fma(radius * cos(theta), std, mean);
    data[at + j + 8] = fma(radius * sin(theta), std, mean);
  }
}

function normalFillDouble(t: Tensor, mean: number, std: number, g: Generator): void {
  const data = t.data as Float64Array;
  const n = t.numel();
  const start = t.offset;
  for (let i = 0; i < n; i++) data[start + i] = g.random53();
  for (let i = 0; i + 16 <= n; i += 16) normalBlock16(data, start + i, mean, std);
  if (n % 16 !== 0) {
    const tail = start + n - 16;
    for (let i = 0; i < 16; i++) data[tail + i] = g.random53();
    normalBlock16(data, tail, mean, std);
  }
}

/**
 * normal_(mean, std). Contiguous tensors of 16 or more elements take PyTorch's block path (the
 * vectorised float one for float32); the rest draw normal_distribution<double> one by one.
 */
export function normal(t: Tensor, mean = 0, std = 1, gen: Generator | null = null): Tensor {
  if (!(std >= 0)) {
    throw runtimeError(`normal expects std >= 0.0, but found std ${cppDouble(std)}`);
  }
  const g = generatorOr(gen);
  const n = t.numel();
  const blocks = n >= 16 && t.isContiguous();
  if (t.dtype === 'float32' && blocks) {
    normalFillFloat(t, mean, std, g);
    return t;
  }
  if (!isFloating(t.dtype)) throw notImplementedFor('normal_kernel_cpu', t.dtype);
  if (blocks) normalFillDouble(t, mean, std, g);
  else fillEach(t, () => fma(standardNormal(g), std, mean));
  return t;
}

// ---- bernoulli_ ----

/** bernoulli_(p) for a Python float p: a double uniform below p, in any dtype. */
export function bernoulliScalar(t: Tensor, p = 0.5, gen: Generator | null = null): Tensor {
  if (!(p >= 0 && p <= 1)) {
    throw runtimeError(`bernoulli_ expects p to be in [0, 1], but got p=${cppDouble(p)}`);
  }
  const g = generatorOr(gen);
  fillEach(t, () => (g.random53() < p ? 1 : 0));
  return t;
}

/**
 * bernoulli_(p) for a tensor of probabilities broadcast to `t`: a float uniform below each p, or
 * a double one when p is float64. A probability outside [0, 1] stops the walk where it is met.
 */
export function bernoulliTensor(t: Tensor, p: Tensor, gen: Generator | null = null): Tensor {
  assertNoInternalOverlap(t);
  checkExpandable(p, t.shape);
  if (!isFloating(p.dtype)) throw notImplementedFor('bernoulli_tensor_cpu_p_', p.dtype);
  const g = generatorOr(gen);
  const [out, probs] = iterationIndices(t.shape, [t, p]);
  const data = t.data;
  const pData = p.data;
  const draw = p.dtype === 'float64' ? () => g.random53() : () => g.random24();
  for (let i = 0; i < out.length; i++) {
    const pi = pData[probs[i]];
    if (!(pi >= 0 && pi <= 1)) throw failedCheck('p_in >= 0 && p_in <= 1');
    data[out[i]] = draw() < pi ? 1 : 0;
  }
  return t;
}

/** expand_inplace's checks: `p` must broadcast to `shape` without `shape` changing. */
function checkExpandable(p: Tensor, shape: readonly number[]): void {
  if (p.ndim > shape.length) {
    throw runtimeError(
      `expand(torch.${dtypeInfo(p.dtype).legacyName}{[${p.shape.join(', ')}]}, size=[${shape.join(', ')}]): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${p.ndim})`,
    );
  }
  const lead = shape.length - p.ndim;
  for (let d = p.ndim - 1; d >= 0; d--) {
    const size = p.shape[d];
    const target = shape[d + lead];
    if (size !== target && size !== 1) {
      throw runtimeError(
        `The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton dimension ${d + lead}.  Target sizes: [${shape.join(', ')}].  Tensor sizes: [${p.shape.join(', ')}]`,
      );
    }
  }
}

// ---- exponential_ ----

/** exponential_(lambd): -1/lambd * log(1 - u) from a double uniform. */
export function exponential(t: Tensor, lambd = 1, gen: Generator | null = null): Tensor {
  if (!(lambd >= 0)) {
    throw runtimeError(`exponential_ expects lambda >= 0.0, but found lambda=${cppDouble(lambd)}`);
  }
  if (!isFloating(t.dtype)) throw notImplementedFor('exponential_cpu', t.dtype);
  const g = generatorOr(gen);
  const scale = -1 / lambd;
  fillEach(t, () => scale * log(1 - g.random53()));
  return t;
}

// ---- cauchy_, log_normal_, geometric_ ----

/** cauchy_(median, sigma): median + sigma * tan(pi (u - 1/2)) from a double uniform. */
export function cauchy(t: Tensor, median = 0, sigma = 1, gen: Generator | null = null): Tensor {
  if (!isFloating(t.dtype)) throw notImplementedFor('cauchy_cpu', t.dtype);
  const g = generatorOr(gen);
  fillEach(t, () => fma(sigma, tan(Math.PI * (g.random53() - 0.5)), median));
  return t;
}

/** log_normal_(mean, std): exp of normal_distribution<double>, its cached half included. */
export function logNormal(t: Tensor, mean = 1, std = 2, gen: Generator | null = null): Tensor {
  if (!(std > 0)) {
    throw runtimeError(`log_normal_ expects std > 0.0, but found std=${cppDouble(std)}`);
  }
  if (!isFloating(t.dtype)) throw notImplementedFor('log_normal_cpu', t.dtype);
  const g = generatorOr(gen);
  fillEach(t, () => exp(fma(standardNormal(g), std, mean)));
  return t;
}

/** geometric_(p): the number of Bernoulli(p) trials to the first success, ceil(log u / log(1-p)). */
export function geometric(t: Tensor, p: number, gen: Generator | null = null): Tensor {
  if (!(p > 0 && p < 1)) {
    throw runtimeError(`geometric_ expects p to be in (0, 1), but got p=${cppDouble(p)}`);
  }
  if (t.dtype === 'bool') throw notImplementedFor('geometric_cpu', t.dtype);
  const g = generatorOr(gen);
  const denominator = log(1 - p);
  fillEach(t, () => Math.ceil(log(g.random53()) / denominator));
  return t;
}
