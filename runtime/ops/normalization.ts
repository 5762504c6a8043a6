// Normalization layers: batch_norm (with the running statistics it updates in training),
// instance_norm, layer_norm and group_norm with their native_* forms, and the Python-level
// pieces of torch.nn.functional that the facade calls (normalize, the batch size checks).

import { runtimeError, valueError } from '../errors.js';
import { isFloating, scalarTypeName, type DType, type TypedArray } from '../tensor/dtype.js';
import { formatShape, normalizeDim, numelOf, sameShape, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { resultType } from './elementwise.js';
import {
  allocate,
  checkSameDType,
  cloneOf,
  defCopyOut,
  notImplementedFor,
  reshaped,
  rounding,
  sizeAt,
  valuesOf,
} from './nn.js';
import { def } from './registry.js';

/** Per-channel statistics of an [N, C, inner] layout: means and sums of squared deviations. */
function channelMoments(x: TypedArray, n: number, c: number, inner: number, dtype: DType) {
  const round = rounding(dtype);
  const count = n * inner;
  const mean = new Float64Array(c);
  const varSum = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let b = 0; b < n; b++) {
      const base = (b * c + ch) * inner;
      for (let i = 0; i < inner; i++) sum += x[base + i];
    }
    // The mean is stored in the input's dtype before the deviations are taken from it.
    const m = round(sum / count);
    let sq = 0;
    for (let b = 0; b < n; b++) {
      const base = (b * c + ch) * inner;
      for (let i = 0; i < inner; i++) {
        const d = round(x[base + i] - m);
        sq += round(d * d);
      }
    }
    mean[ch] = m;
    varSum[ch] = round(sq);
  }
  return { mean, varSum, count };
}

/** out = x * alpha[c] + beta[c] over an [N, C, inner] layout (one rounding, as fmadd does). */
function affinePerChannel(
  x: TypedArray,
  out: TypedArray,
  n: number,
  c: number,
  inner: number,
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
): void {
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const a = alpha[ch];
      const s = beta[ch];
      const base = (b * c + ch) * inner;
      for (let i = 0; i < inner; i++) out[base + i] = x[base + i] * a + s;
    }
  }
}

// ---- batch_norm ----

type Optional = Tensor | null;

function checkFeatureCount(name: string, expected: number, t: Tensor): void {
  if (t.numel() !== expected) {
    throw runtimeError(`${name} should contain ${expected} elements not ${t.numel()}`);
  }
}

/** CPU batch norm keeps parameters in the input's dtype; others are "mixed" and refused. */
function checkBatchNormTypes(input: Tensor, params: readonly Optional[]): void {
  if (!isFloating(input.dtype)) throw notImplementedFor('batch_norm', input.dtype);
  const defined = params.filter((p): p is Tensor => p !== null);
  if (defined.every((p) => p.dtype === input.dtype)) return;
  if (defined.some((p) => p.dtype !== 'float32')) {
    throw runtimeError('mixed dtype (CPU): expect parameter to have scalar type of Float');
  }
  throw runtimeError('mixed dtype (CPU): expect input to have scalar type of BFloat16');
}

/** Moves running statistics towards the batch's, as PyTorch's float kernels round them. */
function updateRunningStats(
  runningMean: Optional,
  runningVar: Optional,
  mean: Float64Array,
  varSum: Float64Array,
  count: number,
  momentum: number,
): void {
  const round = rounding(runningMean?.dtype ?? runningVar?.dtype ?? 'float64');
  const m = round(momentum);
  const keep = round(1 - m);
  const update = (t: Tensor, value: (c: number) => number) => {
    const data = t.data;
    for (let c = 0; c < mean.length; c++) {
      const at = t.storageIndex(c);
      data[at] = value(c) + round(keep * data[at]);
    }
  };
  if (runningMean !== null) update(runningMean, (c) => round(m * mean[c]));
  if (runningVar !== null) update(runningVar, (c) => m * (varSum[c] / (count - 1)));
}

/** aten::native_batch_norm: (output, save_mean, save_invstd). */
export function nativeBatchNorm(
  input: Tensor,
  weight: Optional,
  bias: Optional,
  runningMean: Optional,
  runningVar: Optional,
  training: boolean,
  momentum: number,
  eps: number,
): Tensor[] {
  checkBatchNormTypes(input, [weight, bias, runningMean, runningVar]);
  if (input.ndim < 2) {
    throw runtimeError(
      `batch_norm expects an input with a channel dimension, got shape ${formatShape(input.shape)}`,
    );
  }
  const dtype = input.dtype;
  const round = rounding(dtype);
  const n = input.shape[0];
  const c = input.shape[1];
  const inner = numelOf(input.shape.slice(2));
  const x = valuesOf(input);
  const { tensor: output, data: out } = allocate(input.shape, dtype);
  let mean: ArrayLike<number>;
  let invstd: Float64Array;
  let saved: Tensor[];
  if (training) {
    const moments = channelMoments(x, n, c, inner, dtype);
    invstd = moments.varSum.map((v) => round(1 / Math.sqrt(v / moments.count + eps)));
    mean = moments.mean;
    updateRunningStats(
      runningMean,
      runningVar,
      moments.mean,
      moments.varSum,
      moments.count,
      momentum,
    );
    saved = [vectorOf(moments.mean, dtype), vectorOf(invstd, dtype)];
  } else {
    if (runningMean === null) throw runtimeError('running_mean must be defined in evaluation mode');
    if (runningVar === null) throw runtimeError('running_var must be defined in evaluation mode');
    mean = valuesOf(runningMean);
    invstd = Float64Array.from(valuesOf(runningVar), (v) =>
      round(1 / round(Math.sqrt(round(v + round(eps))))),
    );
    saved = [allocate([0], dtype).tensor, allocate([0], dtype).tensor];
  }
  const w = weight === null ? null : valuesOf(weight);
  const b = bias === null ? null : valuesOf(bias);
  const alpha = invstd.map((s, ch) => round(s * (w === null ? 1 : w[ch])));
  const beta = alpha.map((a, ch) => round((b === null ? 0 : b[ch]) - round(mean[ch] * a)));
  affinePerChannel(x, out, n, c, inner, alpha, beta);
  return [output, ...saved];
}

function vectorOf(values: ArrayLike<number>, dtype: DType): Tensor {
  const { tensor, data } = allocate([values.length], dtype);
  for (let i = 0; i < values.length; i++) data[i] = values[i];
  return tensor;
}

/** An empty batch: an empty copy, times weight[0] plus bias[0], which may promote its dtype. */
function emptyBatchNorm(input: Tensor, weight: Optional, bias: Optional): Tensor {
  let out = input;
  const first = (t: Tensor) => t.view([], [], t.offset);
  if (weight !== null) out = allocate(input.shape, resultType(out, first(weight))).tensor;
  if (bias !== null) out = allocate(input.shape, resultType(out, first(bias))).tensor;
  return out === input ? cloneOf(input) : out;
}

export function batchNorm(
  input: Tensor,
  weight: Optional,
  bias: Optional,
  runningMean: Optional,
  runningVar: Optional,
  training: boolean,
  momentum: number,
  eps: number,
): Tensor {
  if (input.numel() === 0) return emptyBatchNorm(input, weight, bias);
  const features = sizeAt(input, 1);
  if (runningMean !== null) checkFeatureCount('running_mean', features, runningMean);
  else if (!training) throw runtimeError('running_mean must be defined in evaluation mode');
  if (runningVar !== null) checkFeatureCount('running_var', features, runningVar);
  else if (!training) throw runtimeError('running_var must be defined in evaluation mode');
  if (weight !== null) checkFeatureCount('weight', features, weight);
  if (bias !== null) checkFeatureCount('bias', features, bias);
  return nativeBatchNorm(input, weight, bias, runningMean, runningVar, training, momentum, eps)[0];
}

// ---- instance_norm: batch norm over a [1, N * C, ...] view ----

function repeated(t: Optional, times: number): Optional {
  if (t === null) return null;
  const values = valuesOf(t);
  const { tensor, data } = allocate([values.length * times], t.dtype);
  for (let r = 0; r < times; r++) data.set(values, r * values.length);
  return tensor;
}

/** Writes the mean over the batch of per-instance statistics back into a running statistic. */
function averageInto(target: Tensor, perInstance: Tensor, batch: number): void {
  const values = valuesOf(perInstance);
  const c = values.length / batch;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let b = 0; b < batch; b++) sum += values[b * c + ch];
    target.data[target.storageIndex(ch)] = sum / batch;
  }
}

export function instanceNorm(
  input: Tensor,
  weight: Optional,
  bias: Optional,
  runningMean: Optional,
  runningVar: Optional,
  useInputStats: boolean,
  momentum: number,
  eps: number,
): Tensor {
  if (!useInputStats && (runningMean === null || runningVar === null)) {
    throw runtimeError(
      'Expected running_mean and running_var to be defined when use_input_stats is false',
    );
  }
  const b = sizeAt(input, 0);
  const c = sizeAt(input, 1);
  const shape = [1, b * c, ...input.shape.slice(2)];
  const mean = repeated(runningMean, b);
  const variance = repeated(runningVar, b);
  const out = batchNorm(
    reshaped(input, shape),
    repeated(weight, b),
    repeated(bias, b),
    mean,
    variance,
    useInputStats,
    momentum,
    eps,
  );
  if (runningMean !== null) averageInto(runningMean, mean!, b);
  if (runningVar !== null) averageInto(runningVar, variance!, b);
  return reshaped(out, input.shape);
}

// ---- layer_norm ----

function checkLayerNormInputs(
  input: Tensor,
  normalizedShape: readonly number[],
  weight: Optional,
  bias: Optional,
): void {
  const shapeText = formatShape(normalizedShape);
  if (normalizedShape.length < 1) {
    throw runtimeError(
      `Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = ${shapeText}`,
    );
  }
  for (const [name, t] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t !== null && !sameShape(t.shape, normalizedShape)) {
      throw runtimeError(
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${formatShape(t.shape)} and normalized_shape = ${shapeText}`,
      );
    }
  }
  const lead = input.ndim - normalizedShape.length;
  if (lead < 0 || !sameShape(input.shape.slice(lead), normalizedShape)) {
    throw runtimeError(
      `Given normalized_shape=${shapeText}, expected input with shape [*${normalizedShape.map((s) => `, ${s}`).join('')}], but got input of size${formatShape(input.shape)}`,
    );
  }
}

/** Mean and 1/sqrt(var + eps) of a row, each rounded to `dtype` as PyTorch's kernels store them. */
function rowMoments(x: TypedArray, start: number, count: number, eps: number, dtype: DType) {
  const round = rounding(dtype);
  let sum = 0;
  for (let i = 0; i < count; i++) sum += x[start + i];
  const mean = count === 0 ? 0 : sum / count;
  let sq = 0;
  for (let i = 0; i < count; i++) sq += (x[start + i] - mean) ** 2;
  const variance = sq / count;
  // std::max(var, 0) keeps a NaN variance (an empty row), which makes rstd NaN.
  const clamped = variance < 0 ? 0 : variance;
  return { mean: round(mean), rstd: round(1 / Math.sqrt(round(clamped) + round(eps))) };
}

/** aten::native_layer_norm: (output, mean, rstd); statistics keep the normalized dims as 1s. */
export function nativeLayerNorm(
  input: Tensor,
  normalizedShape: readonly number[],
  weight: Optional,
  bias: Optional,
  eps: number,
): Tensor[] {
  checkLayerNormInputs(input, normalizedShape, weight, bias);
  const axis = input.ndim - normalizedShape.length;
  const rows = numelOf(input.shape.slice(0, axis));
  const width = numelOf(normalizedShape);
  const dtype = input.dtype;
  const statShape = [...input.shape.slice(0, axis), ...normalizedShape.map(() => 1)];
  const { tensor: output, data: out } = allocate(input.shape, dtype);
  const { tensor: meanT, data: means } = allocate(statShape, dtype);
  const { tensor: rstdT, data: rstds } = allocate(statShape, dtype);
  if (!isFloating(dtype)) throw notImplementedFor('LayerNormKernelImpl', dtype);
  if (weight !== null) checkSameDType(dtype, weight.dtype);
  if (bias !== null) checkSameDType(dtype, bias.dtype);
  const round = rounding(dtype);
  const x = valuesOf(input);
  const gamma = weight === null ? null : valuesOf(weight);
  const beta = bias === null ? null : valuesOf(bias);
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    const { mean, rstd } = rowMoments(x, start, width, eps, dtype);
    const shift = round(-rstd * mean);
    for (let j = 0; j < width; j++) {
      const normalized = x[start + j] * rstd + shift;
      out[start + j] = normalized * (gamma === null ? 1 : gamma[j]) + (beta === null ? 0 : beta[j]);
    }
    means[r] = mean;
    rstds[r] = rstd;
  }
  return [output, meanT, rstdT];
}

export function layerNorm(
  input: Tensor,
  normalizedShape: readonly number[],
  weight: Optional,
  bias: Optional,
  eps: number,
): Tensor {
  return nativeLayerNorm(input, normalizedShape, weight, bias, eps)[0];
}

// ---- group_norm ----

function checkGroupNormInputs(
  input: Tensor,
  weight: Optional,
  bias: Optional,
  channels: number,
  groups: number,
): void {
  if (groups <= 0) throw runtimeError(`Expected num groups to be greater than 0, got ${groups}`);
  if (channels % groups !== 0) {
    throw runtimeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape ${formatShape(input.shape)} and num_groups=${groups}`,
    );
  }
  const isChannelVector = (t: Tensor) => t.ndim === 1 && t.numel() === channels;
  if (weight !== null && !isChannelVector(weight)) {
    throw runtimeError(
      `Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape ${formatShape(weight.shape)} and input of shape ${formatShape(input.shape)}`,
    );
  }
  if (bias !== null && !isChannelVector(bias)) {
    // PyTorch prints the weight's shape here (an undefined weight prints as [0]).
    const shown = weight === null ? [0] : weight.shape;
    throw runtimeError(
      `Expected bias to be a vector of size equal to the number of channels in input, but got bias of shape ${formatShape(shown)} and input of shape ${formatShape(input.shape)}`,
    );
  }
}

/** aten::native_group_norm: (output, mean, rstd), statistics of shape [N, group]. */
export function nativeGroupNorm(
  input: Tensor,
  weight: Optional,
  bias: Optional,
  n: number,
  c: number,
  hxw: number,
  group: number,
  eps: number,
): Tensor[] {
  checkGroupNormInputs(input, weight, bias, c, group);
  if (input.numel() !== n * c * hxw) {
    throw runtimeError(
      'Expected X.numel() == N * C * HxW to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)',
    );
  }
  const dtype = input.dtype;
  if (!isFloating(dtype)) throw notImplementedFor('GroupNormKernelImpl', dtype);
  if (weight !== null) checkSameDType(dtype, weight.dtype);
  if (bias !== null) checkSameDType(dtype, bias.dtype);
  const round = rounding(dtype);
  const perGroup = c / group;
  const width = perGroup * hxw;
  const x = valuesOf(input);
  const gamma = weight === null ? null : valuesOf(weight);
  const beta = bias === null ? null : valuesOf(bias);
  const { tensor: output, data: out } = allocate(input.shape, dtype);
  const { tensor: meanT, data: means } = allocate([n, group], dtype);
  const { tensor: rstdT, data: rstds } = allocate([n, group], dtype);
  for (let i = 0; i < n * group; i++) {
    const start = i * width;
    const { mean, rstd } = rowMoments(x, start, width, eps, dtype);
    if (gamma === null && beta === null) {
      for (let j = 0; j < width; j++) out[start + j] = round(x[start + j] - mean) * rstd;
    } else {
      for (let k = 0; k < perGroup; k++) {
        const ch = (i % group) * perGroup + k;
        const scale = round(rstd * (gamma === null ? 1 : gamma[ch]));
        const shift = round(-scale * mean + (beta === null ? 0 : beta[ch]));
        const base = start + k * hxw;
        for (let j = 0; j < hxw; j++) out[base + j] = scale * x[base + j] + shift;
      }
    }
    means[i] = mean;
    rstds[i] = rstd;
  }
  return [output, meanT, rstdT];
}

export function groupNorm(
  input: Tensor,
  groups: number,
  weight: Optional,
  bias: Optional,
  eps: number,
): Tensor {
  const n = sizeAt(input, 0);
  const c = sizeAt(input, 1);
  checkGroupNormInputs(input, weight, bias, c, groups);
  const hxw = numelOf(input.shape.slice(2));
  return nativeGroupNorm(input, weight, bias, n, c, hxw, groups, eps)[0];
}

// ---- torch.nn.functional's Python-level pieces, for the facade ----

/** The size as Python prints it in F.batch_norm's messages: torch.Size([1, 3]). */
const torchSize = (shape: Shape) => `torch.Size(${formatShape(shape)})`;

/** F.batch_norm in training refuses a batch with one value per channel. */
export function verifyBatchSize(shape: Shape, sizeText = torchSize(shape)): void {
  let values = shape[0];
  for (let i = 2; i < shape.length; i++) values *= shape[i];
  if (values === 1) {
    throw valueError(
      `Expected more than 1 value per channel when training, got input size ${sizeText}`,
    );
  }
}

/** F.instance_norm in training refuses inputs with one spatial element. */
export function verifySpatialSize(shape: Shape, sizeText = torchSize(shape)): void {
  let values = 1;
  for (let i = 2; i < shape.length; i++) values *= shape[i];
  if (values === 1) {
    throw valueError(
      `Expected more than 1 spatial element when training, got input size ${sizeText}`,
    );
  }
}

/** The p-norm of a row of values (p = 0 counts non-zeros, p = ±inf takes the max/min |x|). */
export function vectorNorm(values: ArrayLike<number>, p: number): number {
  let acc = p === Infinity ? 0 : p === -Infinity ? Infinity : 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (p === Infinity) acc = a > acc || a !== a ? a : acc;
    else if (p === -Infinity) acc = a < acc || a !== a ? a : acc;
    else if (p === 0) acc += a !== 0 ? 1 : 0;
    else if (p === 1) acc += a;
    else if (p === 2) acc += a * a;
    else acc += a ** p;
  }
  if (p === 0 || p === 1 || !Number.isFinite(p)) return acc;
  return p === 2 ? Math.sqrt(acc) : acc ** (1 / p);
}

/** F.normalize: input / max(‖input‖_p along dim, eps). */
export function normalize(input: Tensor, p = 2, dim = 1, eps = 1e-12): Tensor {
  if (!isFloating(input.dtype)) {
    throw runtimeError(
      `norm(): input dtype should be either floating point or complex. Got ${scalarTypeName(input.dtype)} instead.`,
    );
  }
  const d = normalizeDim(dim, input.ndim);
  const shape = input.shape;
  const size = shape.length === 0 ? 1 : shape[d];
  const inner = numelOf(shape.slice(d + 1));
  const outer = input.numel() / Math.max(size * inner, 1);
  const x = valuesOf(input);
  const round = rounding(input.dtype);
  const { tensor, data } = allocate(shape, input.dtype);
  const row = new Float64Array(size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      for (let k = 0; k < size; k++) row[k] = x[base + k * inner];
      const norm = round(vectorNorm(row, p));
      const denom = norm < eps ? round(eps) : norm;
      for (let k = 0; k < size; k++) data[base + k * inner] = row[k] / denom;
    }
  }
  return tensor;
}

def(
  'aten::batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool training, float momentum, float eps, bool cudnn_enabled) -> Tensor',
  batchNorm,
);
def(
  'aten::group_norm(Tensor input, int num_groups, Tensor? weight=None, Tensor? bias=None, float eps=1.0000000000000001e-05, bool cudnn_enabled=True) -> Tensor',
  groupNorm,
);
def(
  'aten::instance_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool use_input_stats, float momentum, float eps, bool cudnn_enabled) -> Tensor',
  instanceNorm,
);
def(
  'aten::layer_norm(Tensor input, int[] normalized_shape, Tensor? weight=None, Tensor? bias=None, float eps=1.0000000000000001e-05, bool cudnn_enable=True) -> Tensor',
  layerNorm,
);
def(
  'aten::native_batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool training, float momentum, float eps) -> (Tensor, Tensor, Tensor)',
  nativeBatchNorm,
);
def(
  'aten::native_group_norm(Tensor input, Tensor? weight, Tensor? bias, SymInt N, SymInt C, SymInt HxW, int group, float eps) -> (Tensor, Tensor, Tensor)',
  nativeGroupNorm,
);
defCopyOut(
  'aten::native_group_norm.out(Tensor input, Tensor? weight, Tensor? bias, SymInt N, SymInt C, SymInt HxW, int group, float eps, *, Tensor(a!) out0, Tensor(b!) out1, Tensor(c!) out2) -> (Tensor(a!), Tensor(b!), Tensor(c!))',
  nativeGroupNorm,
  3,
);
def(
  'aten::native_layer_norm(Tensor input, SymInt[] normalized_shape, Tensor? weight, Tensor? bias, float eps) -> (Tensor, Tensor, Tensor)',
  nativeLayerNorm,
);
defCopyOut(
  'aten::native_layer_norm.out(Tensor input, SymInt[] normalized_shape, Tensor? weight, Tensor? bias, float eps, *, Tensor(a!) out0, Tensor(b!) out1, Tensor(c!) out2) -> (Tensor(a!), Tensor(b!), Tensor(c!))',
  nativeLayerNorm,
  3,
);
