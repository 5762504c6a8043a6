// Derivatives of the layers of convolutional networks and their training (derivatives.yaml's
// convolution, max_pool2d_with_indices, avg_pool2d, native_layer_norm), and dropout and the
// pooling wrappers recorded as PyTorch's implementations of them compute.

import { notSupported } from '../../errors.js';
import { fromArray } from '../../tensor/factory.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { BackwardContext } from '../context.js';
import { decomposition, derivatives, type Derivative } from '../derivatives.js';
import * as f from '../functions.js';
import { withGradMode } from '../grad_mode.js';

/** An int[2] argument as two numbers (PyTorch repeats a single value). */
function pair(c: BackwardContext, name: string): [number, number] {
  const v = c.ints(name);
  return v.length === 1 ? [v[0], v[0]] : [v[0], v[1]];
}

// ---- convolution (1-D and 2-D) ----

/**
 * A convolution in 2-D form: a 1-D one is computed as a 2-D one of height 1 (its parameters
 * get a height of stride 1, padding 0, dilation 1).
 */
interface Conv2d {
  readonly oneD: boolean;
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  readonly inputShape: readonly number[];
  readonly weight: Tensor;
  readonly grad: Tensor;
}

function conv2dOf(c: BackwardContext): Conv2d {
  if (c.bool('transposed') || ![3, 4].includes(c.shape('weight').length)) {
    throw notSupported('the derivative of convolutions other than conv1d and conv2d');
  }
  const oneD = c.shape('weight').length === 3;
  const param = (name: string, height: number): [number, number] => {
    const v = c.ints(name);
    if (oneD) return [height, v[0]];
    return v.length === 1 ? [v[0], v[0]] : [v[0], v[1]];
  };
  const input = c.shape('input');
  return {
    oneD,
    stride: param('stride', 1),
    padding: param('padding', 0),
    dilation: param('dilation', 1),
    groups: c.int('groups'),
    inputShape: oneD ? [...input.slice(0, 2), 1, input[2]] : input,
    weight: lift(c.saved('weight'), oneD),
    grad: lift(c.grad, oneD),
  };
}

const lift = (t: Tensor, oneD: boolean): Tensor => (oneD ? f.unsqueeze(t, 2) : t);
const lower = (t: Tensor, oneD: boolean): Tensor => (oneD ? f.squeezeDim(t, 2) : t);

/** The input's gradient: the transposed convolution of the output's, sized back to the input. */
function convInputGrad(c: BackwardContext): Tensor {
  const conv = conv2dOf(c);
  const { weight, grad: g } = conv;
  const outputPadding = [0, 1].map((i) => {
    const k = weight.shape[2 + i];
    const covered = (g.shape[2 + i] - 1) * conv.stride[i] + conv.dilation[i] * (k - 1) + 1;
    return conv.inputShape[2 + i] + 2 * conv.padding[i] - covered;
  });
  const result = f.tensor(
    'aten::conv_transpose2d.input',
    g,
    weight,
    null,
    conv.stride,
    conv.padding,
    outputPadding,
    conv.groups,
    conv.dilation,
  );
  return lower(result, conv.oneD);
}

/**
 * The weight's gradient: each group's input, batch and channels swapped, convolved with the
 * output's gradient (stride and dilation trade places), cut to the kernel's size.
 */
function convWeightGrad(c: BackwardContext): Tensor {
  const conv = conv2dOf(c);
  const input = lift(c.saved('input'), conv.oneD);
  const [kh, kw] = conv.weight.shape.slice(2);
  const inPerGroup = input.shape[1] / conv.groups;
  const outPerGroup = conv.grad.shape[1] / conv.groups;
  const pieces: Tensor[] = [];
  for (let group = 0; group < conv.groups; group++) {
    const x = f.narrow(input, 1, group * inPerGroup, inPerGroup);
    const g = f.narrow(conv.grad, 1, group * outPerGroup, outPerGroup);
    const full = f.tensor(
      'aten::conv2d',
      f.transpose(x, 0, 1),
      f.transpose(g, 0, 1),
      null,
      conv.dilation,
      conv.padding,
      conv.stride,
      1,
    );
    const cut = f.narrow(f.narrow(full, 2, 0, kh), 3, 0, kw);
    pieces.push(f.transpose(cut, 0, 1));
  }
  return lower(pieces.length === 1 ? pieces[0] : f.cat(pieces, 0), conv.oneD);
}

const convolution: Derivative = {
  node: 'ConvolutionBackward0',
  saves: ['input', 'weight'],
  grads: {
    input: convInputGrad,
    weight: convWeightGrad,
    bias: (c) => f.sumDims(c.grad, channelLayout(c.grad.shape).dims, false),
  },
};

derivatives({ 'aten::convolution': convolution });

/** conv1d and conv2d as PyTorch records them: convolution, of a batch of one when unbatched. */
function convRecorded(spatial: number) {
  return (
    input: Tensor,
    weight: Tensor,
    bias: Tensor | null,
    stride: number[],
    padding: number[],
    dilation: number[],
    groups: number,
  ): Tensor => {
    const full = (v: number[]): number[] =>
      v.length === 1 ? Array<number>(spatial).fill(v[0]) : v;
    const unbatched = input.ndim === spatial + 1;
    const out = f.tensor(
      'aten::convolution',
      unbatched ? f.unsqueeze(input, 0) : input,
      weight,
      bias,
      full(stride),
      full(padding),
      full(dilation),
      false,
      Array<number>(spatial).fill(0),
      groups,
    );
    return unbatched ? f.squeezeDim(out, 0) : out;
  };
}

decomposition('aten::conv1d', convRecorded(1));
decomposition('aten::conv2d', convRecorded(2));

// ---- pooling ----

/** max_pool2d: each output's gradient added at the input position its index names. */
function maxPoolGrad(c: BackwardContext): Tensor {
  const shape = c.shape('self');
  const [h, w] = shape.slice(-2);
  const planes = f.reshape(c.saved('result1'), [
    -1,
    c.grad.shape.slice(-2).reduce((a, b) => a * b, 1),
  ]);
  const g = f.reshape(c.grad, planes.shape);
  const zeros = f.zeros([planes.shape[0], h * w], c.grad);
  return f.reshape(f.scatterAdd(zeros, 1, planes, g), shape);
}

derivatives({
  'aten::max_pool2d_with_indices': {
    node: 'MaxPool2DWithIndicesBackward0',
    saves: ['result1'],
    outputs: 1,
    grads: { self: maxPoolGrad },
  },
});

decomposition(
  'aten::max_pool2d',
  (
    self: Tensor,
    kernel: number[],
    stride: number[],
    padding: number[],
    dilation: number[],
    ceil: boolean,
  ) => f.tensors('aten::max_pool2d_with_indices', self, kernel, stride, padding, dilation, ceil)[0],
);

/** One pooling window along one dimension, as PyTorch's avg_pool2d bounds it. */
interface Window {
  readonly start: number;
  readonly end: number;
  /** The window's length counting padding (count_include_pad's divisor). */
  readonly padded: number;
}

function windowAt(o: number, k: number, s: number, p: number, size: number): Window {
  const begin = o * s - p;
  const paddedEnd = Math.min(begin + k, size + p);
  return { start: Math.max(begin, 0), end: Math.min(paddedEnd, size), padded: paddedEnd - begin };
}

/** avg_pool2d: each output's gradient shared over its window by the forward's divisor. */
function avgPoolGrad(c: BackwardContext): Tensor {
  const shape = c.shape('self');
  const [h, w] = shape.slice(-2);
  const [kh, kw] = pair(c, 'kernel_size');
  const strideGiven = c.ints('stride');
  const [sh, sw] = strideGiven.length === 0 ? [kh, kw] : pair(c, 'stride');
  const [ph, pw] = pair(c, 'padding');
  const includePad = c.bool('count_include_pad');
  const divisor = c.optionalInt('divisor_override');
  const g = f.contiguous(c.grad);
  const [oh, ow] = g.shape.slice(-2);
  const planes = g.numel() / (oh * ow);
  const out = new Array<number>(planes * h * w).fill(0);
  for (let plane = 0; plane < planes; plane++) {
    for (let y = 0; y < oh; y++) {
      const rows = windowAt(y, kh, sh, ph, h);
      for (let x = 0; x < ow; x++) {
        const cols = windowAt(x, kw, sw, pw, w);
        const count =
          divisor ??
          (includePad
            ? rows.padded * cols.padded
            : (rows.end - rows.start) * (cols.end - cols.start));
        const share = Number(g.data[g.offset + (plane * oh + y) * ow + x]) / count;
        for (let i = rows.start; i < rows.end; i++) {
          for (let j = cols.start; j < cols.end; j++) out[(plane * h + i) * w + j] += share;
        }
      }
    }
  }
  return fromArray(out, shape.slice(), c.grad.dtype);
}

/** adaptive_avg_pool2d: output cell o averages input rows floor(o*H/oH) to ceil((o+1)*H/oH). */
function adaptiveAvgPoolGrad(c: BackwardContext): Tensor {
  const shape = c.shape('self');
  const [h, w] = shape.slice(-2);
  const g = f.contiguous(c.grad);
  const [oh, ow] = g.shape.slice(-2);
  const planes = g.numel() / (oh * ow);
  const out = new Array<number>(planes * h * w).fill(0);
  const bounds = (o: number, size: number, n: number): [number, number] => [
    Math.floor((o * size) / n),
    Math.ceil(((o + 1) * size) / n),
  ];
  for (let plane = 0; plane < planes; plane++) {
    for (let y = 0; y < oh; y++) {
      const [r0, r1] = bounds(y, h, oh);
      for (let x = 0; x < ow; x++) {
        const [c0, c1] = bounds(x, w, ow);
        const share =
          Number(g.data[g.offset + (plane * oh + y) * ow + x]) / ((r1 - r0) * (c1 - c0));
        for (let i = r0; i < r1; i++)
          for (let j = c0; j < c1; j++) out[(plane * h + i) * w + j] += share;
      }
    }
  }
  return fromArray(out, shape.slice(), c.grad.dtype);
}

derivatives({
  'aten::avg_pool2d': { node: 'AvgPool2DBackward0', grads: { self: avgPoolGrad } },
  'aten::_adaptive_avg_pool2d': {
    node: 'AdaptiveAvgPool2DBackward0',
    grads: { self: adaptiveAvgPoolGrad },
  },
});

/** adaptive_avg_pool2d: a mean for a 1x1 output, as PyTorch computes it, else the pooling. */
decomposition('aten::adaptive_avg_pool2d', (self: Tensor, size: number[]) => {
  const [oh, ow] = size.length === 1 ? [size[0], size[0]] : size;
  if (oh === 1 && ow === 1 && self.numel() > 0) return f.meanDims(self, [-1, -2], true);
  return f.tensor('aten::_adaptive_avg_pool2d', self, [oh, ow]);
});

// ---- layer_norm ----

/** native_layer_norm's input gradient: rstd/N (N g' - sum g' - x̂ sum(g' x̂)), g' = g * weight. */
function layerNormInputGrad(c: BackwardContext): Tensor {
  const input = c.saved('input');
  const axes = c.ints('normalized_shape').length;
  const dims = Array.from({ length: axes }, (_, i) => input.ndim - axes + i);
  const n = dims.reduce((p, d) => p * input.shape[d], 1);
  const rstd = c.saved('result2');
  const normalized = f.mul(f.sub(input, c.saved('result1')), rstd);
  const weight = c.savedOptional('weight');
  const g = weight === null ? c.grad : f.mul(c.grad, weight);
  const sumG = f.sumDims(g, dims, true);
  const sumGx = f.sumDims(f.mul(g, normalized), dims, true);
  const inner = f.sub(f.sub(f.mulScalar(g, n), sumG), f.mul(normalized, sumGx));
  return f.mul(f.divScalar(rstd, n), inner);
}

/** The batch dimensions native_layer_norm's weight and bias gradients sum over. */
function batchDims(c: BackwardContext): number[] {
  const ndim = c.shape('input').length;
  return Array.from({ length: ndim - c.ints('normalized_shape').length }, (_, i) => i);
}

derivatives({
  'aten::native_layer_norm': {
    node: 'NativeLayerNormBackward0',
    saves: ['input', 'weight', 'result1', 'result2'],
    outputs: 1,
    grads: {
      input: layerNormInputGrad,
      weight: (c) => {
        const input = c.saved('input');
        const normalized = f.mul(f.sub(input, c.saved('result1')), c.saved('result2'));
        return f.sumDims(f.mul(c.grad, normalized), batchDims(c), false);
      },
      bias: (c) => f.sumDims(c.grad, batchDims(c), false),
    },
  },
});

decomposition(
  'aten::layer_norm',
  (input: Tensor, shape: number[], weight: Tensor | null, bias: Tensor | null, eps: number) =>
    f.tensors('aten::native_layer_norm', input, shape, weight, bias, eps)[0],
);

// ---- dropout ----

/** dropout as PyTorch computes it on the CPU: input times Bernoulli noise scaled by 1 / (1 - p). */
decomposition('aten::dropout', (input: Tensor, p: number, train: boolean) => {
  if (!(p >= 0 && p <= 1) || p === 0 || !train || input.numel() === 0 || p === 1) {
    // The operator's own checks and edge cases; p = 1 multiplies by a zero of no gradient.
    const result = withGradMode(false, () => f.tensor('aten::dropout', input, p, train));
    return result === input || p !== 1 ? result : f.mul(input, f.zeros([], input));
  }
  const noise = f.tensor('aten::empty_like', input, null, null, null, null, null);
  f.tensor('aten::bernoulli_.float', noise, 1 - p, null);
  f.tensor('aten::div_.Scalar', noise, 1 - p);
  return f.mul(input, noise);
});

// ---- batch_norm ----

/** The dimensions batch norm reduces over (all but channels), and the per-channel shape. */
function channelLayout(shape: readonly number[]): { dims: number[]; perChannel: number[] } {
  return {
    dims: shape.map((_, d) => d).filter((d) => d !== 1),
    perChannel: shape.map((s, d) => (d === 1 ? s : 1)),
  };
}

/** What normalized the input: the batch's statistics in training, the running ones else. */
function batchStatistics(c: BackwardContext): { mean: Tensor; invstd: Tensor } {
  if (c.bool('training')) return { mean: c.saved('result1'), invstd: c.saved('result2') };
  const eps = c.float('eps');
  const runningVar = c.saved('running_var');
  return { mean: c.saved('running_mean'), invstd: f.rsqrt(f.addScalar(runningVar, eps)) };
}

function normalizedInput(c: BackwardContext): Tensor {
  const input = c.saved('input');
  const { perChannel } = channelLayout(input.shape);
  const { mean, invstd } = batchStatistics(c);
  return f.mul(f.sub(input, f.view(mean, perChannel)), f.view(invstd, perChannel));
}

/** The input's gradient: w·invstd (g - mean(g) - x̂ mean(g x̂)) in training, w·invstd·g else. */
function batchNormInputGrad(c: BackwardContext): Tensor {
  const shape = c.shape('input');
  const { dims, perChannel } = channelLayout(shape);
  const { invstd } = batchStatistics(c);
  const weight = c.savedOptional('weight');
  let scale = f.view(invstd, perChannel);
  if (weight !== null) scale = f.mul(scale, f.view(weight, perChannel));
  if (!c.bool('training')) return f.mul(c.grad, scale);
  const xhat = normalizedInput(c);
  const meanG = f.meanDims(c.grad, dims, true);
  const meanGx = f.meanDims(f.mul(c.grad, xhat), dims, true);
  return f.mul(scale, f.sub(f.sub(c.grad, meanG), f.mul(xhat, meanGx)));
}

derivatives({
  'aten::native_batch_norm': {
    node: 'NativeBatchNormBackward0',
    saves: ['input', 'weight', 'running_mean', 'running_var', 'result1', 'result2'],
    outputs: 1,
    grads: {
      input: batchNormInputGrad,
      weight: (c) =>
        f.sumDims(f.mul(c.grad, normalizedInput(c)), channelLayout(c.grad.shape).dims, false),
      bias: (c) => f.sumDims(c.grad, channelLayout(c.grad.shape).dims, false),
    },
  },
});

decomposition(
  'aten::batch_norm',
  (
    input: Tensor,
    weight: Tensor | null,
    bias: Tensor | null,
    runningMean: Tensor | null,
    runningVar: Tensor | null,
    training: boolean,
    momentum: number,
    eps: number,
  ) => {
    // An empty batch has no statistics: PyTorch scales and shifts a copy by the first channel's.
    if (input.numel() === 0) {
      let out = f.clone(input);
      if (weight !== null) out = f.mul(out, f.select(weight, 0, 0));
      if (bias !== null) out = f.add(out, f.select(bias, 0, 0));
      return out;
    }
    const args = [input, weight, bias, runningMean, runningVar, training, momentum, eps];
    return f.tensors('aten::native_batch_norm', ...args)[0];
  },
);
