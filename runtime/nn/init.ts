// torch.nn.init, and the default initialisation of layers as their reset_parameters() does it, so
// `torch.manual_seed(0); nn.Linear(4, 3)` gives PyTorch's weights bit for bit. The bounds are
// computed in doubles exactly as the Python code computes them; the sampling is runtime/random's.
// These are plain functions for the Python facade; none of them is an operator.

import { valueError } from '../errors.js';
import { normal, uniform } from '../random/distributions.js';
import { erfinv, erfinvf } from '../random/erfinv.js';
import { orthogonalFactor } from '../random/householder.js';
import { erfGlibc } from '../random/erfd.js';
import { writeOrder } from '../random/order.js';
import type { Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';

// ---- gains and fans ----

const linearFunctions = [
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
];

/** Python's str() of a gain parameter, for the error message. */
function pythonRepr(v: Scalar | string | null): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/**
 * calculate_gain(nonlinearity, param): the recommended gain for a nonlinearity; the Python int 1
 * (a bigint) for linear functions and sigmoid, as PyTorch returns it.
 */
export function calculateGain(nonlinearity: string, param: Scalar | null = null): number | bigint {
  if (linearFunctions.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1n;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope: number;
    if (param === null) slope = 0.01;
    else if (typeof param === 'number' || typeof param === 'bigint') slope = Number(param);
    else throw valueError(`negative_slope ${pythonRepr(param)} not a valid number`);
    return Math.sqrt(2.0 / (1 + slope * slope));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw valueError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** _calculate_fan_in_and_fan_out: inputs and outputs times the receptive field. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw valueError(
      'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions',
    );
  }
  let receptive = 1;
  for (let d = 2; d < t.ndim; d++) receptive *= t.shape[d];
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function correctFan(t: Tensor, mode: string): number {
  const lowered = mode.toLowerCase();
  if (lowered !== 'fan_in' && lowered !== 'fan_out') {
    throw valueError(`Mode ${lowered} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return lowered === 'fan_in' ? fanIn : fanOut;
}

// ---- filling ----

/** Writes `value` (converted as a store into t's dtype converts it) into every element. */
function fillWith(t: Tensor, value: number): Tensor {
  const v =
    t.dtype === 'bool'
      ? value !== 0
        ? 1
        : 0
      : t.dtype.startsWith('float')
        ? value
        : Math.trunc(value);
  const data = t.data;
  for (const i of writeOrder(t)) data[i] = v;
  return t;
}

export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return uniform(t, a, b);
}

export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return normal(t, mean, std);
}

export function constant_(t: Tensor, value: number): Tensor {
  return fillWith(t, value);
}

export function ones_(t: Tensor): Tensor {
  return fillWith(t, 1);
}

export function zeros_(t: Tensor): Tensor {
  return fillWith(t, 0);
}

/** The storage index of element `index` (one coordinate per dimension). */
function at(t: Tensor, index: readonly number[]): number {
  let i = t.offset;
  for (let d = 0; d < index.length; d++) i += index[d] * t.strides[d];
  return i;
}

/** eye_: the identity in a 2-d tensor, as many ones as the shorter side. */
export function eye_(t: Tensor): Tensor {
  if (t.ndim !== 2) throw valueError('Only tensors with 2 dimensions are supported');
  zeros_(t);
  const n = Math.min(t.shape[0], t.shape[1]);
  for (let i = 0; i < n; i++) t.data[at(t, [i, i])] = 1;
  return t;
}

/** dirac_: a convolution kernel that passes each channel (of each group) through unchanged. */
export function dirac_(t: Tensor, groups = 1): Tensor {
  if (t.ndim < 3 || t.ndim > 5) {
    throw valueError('Only tensors with 3, 4, or 5 dimensions are supported');
  }
  if (t.shape[0] % groups !== 0) throw valueError('dim 0 must be divisible by groups');
  const perGroup = t.shape[0] / groups;
  const channels = Math.min(perGroup, t.shape[1]);
  zeros_(t);
  const centre = t.shape.slice(2).map((s) => Math.floor(s / 2));
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < channels; d++) t.data[at(t, [g * perGroup + d, d, ...centre])] = 1;
  }
  return t;
}

// ---- Glorot and He ----

export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform(t, -a, a);
}

export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return normal(t, 0, std);
}

function kaimingStd(t: Tensor, a: Scalar, mode: string, nonlinearity: string): number {
  const fan = correctFan(t, mode);
  return Number(calculateGain(nonlinearity, a)) / Math.sqrt(fan);
}

/** kaiming_uniform_; a tensor with no elements is left alone (PyTorch warns). */
export function kaimingUniform_(
  t: Tensor,
  a: Scalar = 0n,
  mode = 'fan_in',
  nonlinearity = 'leaky_relu',
): Tensor {
  if (t.shape.includes(0)) return t;
  const bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
  return uniform(t, -bound, bound);
}

export function kaimingNormal_(
  t: Tensor,
  a: Scalar = 0n,
  mode = 'fan_in',
  nonlinearity = 'leaky_relu',
): Tensor {
  if (t.shape.includes(0)) return t;
  return normal(t, 0, kaimingStd(t, a, mode, nonlinearity));
}

// ---- truncated normal ----

/** Whether trunc_normal_'s mean lies more than two deviations outside [a, b] (PyTorch warns). */
export function truncNormalWarns(mean: number, std: number, a: number, b: number): boolean {
  return mean < a - 2 * std || mean > b + 2 * std;
}

/**
 * trunc_normal_: uniforms between the normal CDF at a and at b, through the inverse CDF
 * (erfinv in the tensor's dtype), scaled, shifted and clamped, one tensor operation at a time.
 */
export function truncNormal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  const cdf = (x: number) => (1 + erfGlibc(x / Math.sqrt(2))) / 2;
  const l = cdf((a - mean) / std);
  const u = cdf((b - mean) / std);
  uniform(t, 2 * l - 1, 2 * u - 1);
  const single = t.dtype === 'float32';
  const round = single ? Math.fround : (x: number) => x;
  const scale = round(std * Math.sqrt(2));
  const shift = round(mean);
  const lo = round(a);
  const hi = round(b);
  const data = t.data;
  for (const i of writeOrder(t)) {
    let x = single ? erfinvf(data[i]) : erfinv(data[i]);
    x = round(round(x * scale) + shift);
    // clamp_ keeps NaN and applies the lower bound first.
    if (x < lo) x = lo;
    if (x > hi) x = hi;
    data[i] = x;
  }
  return t;
}

// ---- orthogonal ----

/** orthogonal_: Q of the QR factorisation of a normal matrix, signs fixed by R's diagonal. */
export function orthogonal_(t: Tensor, gain = 1): Tensor {
  if (t.ndim < 2) throw valueError('Only tensors with 2 or more dimensions are supported');
  const n = t.numel();
  if (n === 0) return t;
  const rows = t.shape[0];
  const cols = n / rows;
  const flat = Tensor.empty([rows, cols], t.dtype, t.device);
  normal(flat, 0, 1);
  const q = orthogonalFactor(flat.data, rows, cols, t.dtype === 'float32');
  const round = t.dtype === 'float32' ? Math.fround : (x: number) => x;
  const g = round(gain);
  const data = t.data;
  const order = writeOrder(t);
  // q holds the result in row-major order of the (rows, cols) view of t.
  for (let i = 0; i < n; i++) data[order[i]] = round(q[i] * g);
  return t;
}

// ---- layers: what reset_parameters() draws, in the order it draws it ----

/** Linear and Conv*d: kaiming_uniform_(weight, a=sqrt(5)), bias uniform in +-1/sqrt(fan_in). */
export function resetLinear(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform_(weight, Math.sqrt(5));
  if (bias !== null) {
    const [fanIn] = calculateFanInAndFanOut(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform(bias, -bound, bound);
  }
}

/** _ConvNd (ConvTranspose too): as Linear, but a bias with fan_in 0 is left uninitialised. */
export function resetConv(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform_(weight, Math.sqrt(5));
  if (bias !== null) {
    const [fanIn] = calculateFanInAndFanOut(weight);
    if (fanIn !== 0) {
      const bound = 1 / Math.sqrt(fanIn);
      uniform(bias, -bound, bound);
    }
  }
}

/** Bilinear: weight and bias uniform in +-1/sqrt(in1_features). */
export function resetBilinear(weight: Tensor, bias: Tensor | null): void {
  const bound = 1 / Math.sqrt(weight.shape[1]);
  uniform(weight, -bound, bound);
  if (bias !== null) uniform(bias, -bound, bound);
}

/** Embedding and EmbeddingBag: N(0, 1), then the padding row zeroed. */
export function resetEmbedding(weight: Tensor, paddingIdx: number | null = null): void {
  normal(weight, 0, 1);
  if (paddingIdx !== null) {
    const row = paddingIdx < 0 ? paddingIdx + weight.shape[0] : paddingIdx;
    const view = weight.view(
      weight.shape.slice(1),
      weight.strides.slice(1),
      weight.offset + row * weight.strides[0],
    );
    zeros_(view);
  }
}

/**
 * RNN, LSTM, GRU and their cells: every parameter, in registration order (per layer and
 * direction: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr), uniform in +-1/sqrt(hidden_size).
 */
export function resetRecurrent(hiddenSize: number, parameters: readonly Tensor[]): void {
  const stdv = hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
  for (const p of parameters) uniform(p, -stdv, stdv);
}

/** LayerNorm, GroupNorm and the affine part of BatchNorm / InstanceNorm: ones and zeros. */
export function resetAffine(weight: Tensor | null, bias: Tensor | null): void {
  if (weight !== null) ones_(weight);
  if (bias !== null) zeros_(bias);
}

/** _NormBase.reset_running_stats: mean 0, variance 1, no batches seen. */
export function resetRunningStats(
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  numBatchesTracked: Tensor | null,
): void {
  if (runningMean !== null) zeros_(runningMean);
  if (runningVar !== null) ones_(runningVar);
  if (numBatchesTracked !== null) zeros_(numBatchesTracked);
}

/** The parameters of nn.MultiheadAttention, null where the module has none. */
export interface AttentionParameters {
  readonly inProjWeight: Tensor | null;
  readonly qProjWeight: Tensor | null;
  readonly kProjWeight: Tensor | null;
  readonly vProjWeight: Tensor | null;
  readonly inProjBias: Tensor | null;
  readonly outProjWeight: Tensor;
  readonly outProjBias: Tensor | null;
  readonly biasK: Tensor | null;
  readonly biasV: Tensor | null;
}

/**
 * MultiheadAttention's construction: out_proj is a Linear, initialised when it is made, then
 * _reset_parameters draws the input projections and the k/v biases.
 */
export function resetMultiheadAttention(p: AttentionParameters): void {
  resetLinear(p.outProjWeight, p.outProjBias);
  if (p.inProjWeight !== null) {
    xavierUniform_(p.inProjWeight);
  } else {
    for (const w of [p.qProjWeight, p.kProjWeight, p.vProjWeight])
      if (w !== null) xavierUniform_(w);
  }
  if (p.inProjBias !== null) {
    zeros_(p.inProjBias);
    if (p.outProjBias !== null) zeros_(p.outProjBias);
  }
  if (p.biasK !== null) xavierNormal_(p.biasK);
  if (p.biasV !== null) xavierNormal_(p.biasV);
}
