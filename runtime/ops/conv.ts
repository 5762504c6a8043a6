// Convolutions: conv1d/2d/3d (int or tuple padding, 'same' and 'valid', stride, dilation,
// groups), conv_transpose1d/2d/3d (output_padding, groups, dilation), and the convolution /
// _convolution / _convolution_mode operators they are built on, with PyTorch's checks in
// PyTorch's order and words. The arithmetic is runtime/kernels/conv.ts.

import { check, runtimeError } from '../errors.js';
import { runKernel } from '../backend/kernel-table.js';
import { convKernel, type ConvProblem, type Triple } from '../kernels/conv.js';
import { dtypeInfo, scalarTypeName, type DType } from '../tensor/dtype.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous, copyInto, resizeInPlace } from './elementwise.js';
import { cppTypeName, tensorFrom, unsqueezeView } from './linalg-views.js';
import { def } from './registry.js';

interface ConvParams {
  stride: number[];
  padding: number[];
  dilation: number[];
  transposed: boolean;
  outputPadding: number[];
  groups: number;
  /** Padding added on the far side only, per spatial dim ('same' with an odd total). */
  extraEnd: number[];
}

/** One value for every spatial dim, or one per dim. */
function expandParam(values: readonly number[], name: string, dims: number): number[] {
  if (values.length === 1) return new Array<number>(dims).fill(values[0]);
  check(
    values.length === dims,
    () =>
      `expected ${name} to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got ${name}=${formatShape(values)}`,
  );
  return values.slice();
}

function checkShapeForward(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  params: ConvParams,
): void {
  const { padding, outputPadding, stride, dilation, groups, transposed } = params;
  check(
    padding.every((p) => p >= 0),
    () => 'negative padding is not supported',
  );
  check(
    outputPadding.every((p) => p >= 0),
    () => 'negative output_padding is not supported',
  );
  check(
    stride.every((s) => s > 0),
    () => 'non-positive stride is not supported',
  );
  const k = input.ndim;
  const w = weight.shape;
  check(
    weight.ndim === k,
    () =>
      `Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight ${formatShape(w)}, but got ${k}-dimensional input of size ${formatShape(input.shape)} instead`,
  );
  check(
    w[0] >= groups,
    () =>
      `Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${formatShape(w)} instead`,
  );
  check(
    w[0] % groups === 0,
    () =>
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${formatShape(w)}] instead`,
  );
  if (transposed) {
    check(
      input.shape[1] === w[0],
      () =>
        `Given transposed=1, weight of size ${formatShape(w)}, expected input${formatShape(input.shape)} to have ${w[0]} channels, but got ${input.shape[1]} channels instead`,
    );
    check(
      bias === null || (bias.ndim === 1 && bias.shape[0] === w[1] * groups),
      () =>
        `Given transposed=1, weight of size ${formatShape(w)}, expected bias to be 1-dimensional with ${w[1] * groups} elements, but got bias of size ${formatShape(bias!.shape)} instead`,
    );
    return;
  }
  check(
    input.shape[1] === w[1] * groups,
    () =>
      `Given groups=${groups}, weight of size ${formatShape(w)}, expected input${formatShape(input.shape)} to have ${w[1] * groups} channels, but got ${input.shape[1]} channels instead`,
  );
  check(
    bias === null || (bias.ndim === 1 && bias.shape[0] === w[0]),
    () =>
      `Given weight of size ${formatShape(w)}, expected bias to be 1-dimensional with ${w[0]} elements, but got bias of size ${formatShape(bias!.shape)} instead`,
  );
  const padded = input.shape.slice(2).map((s, i) => s + params.extraEnd[i] + 2 * padding[i]);
  const kernel = w.slice(2).map((s, i) => dilation[i] * (s - 1) + 1);
  check(
    padded.every((s, i) => s >= kernel[i]),
    () =>
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${kernel.join(' x ')}). Kernel size can't be greater than actual input size`,
  );
}

/** PyTorch runs 1-D convolutions as 2-D ones, and its later messages say so. */
function as2d(values: readonly number[], fill: number): number[] {
  return values.length === 1 ? [fill, values[0]] : values.slice();
}

const axisNames = ['depth', 'height', 'width'];

function named(label: string, values: readonly number[], separator = ' '): string {
  const names = axisNames.slice(3 - values.length);
  return values.map((v, i) => `${label}_${names[i]}: ${v}`).join(separator);
}

function checkTransposed(input: Tensor, params: ConvParams, outSize: readonly number[]): void {
  const spatial = input.ndim - 2;
  const outputPadding = as2d(params.outputPadding, 0);
  const stride = as2d(params.stride, 1);
  const dilation = as2d(params.dilation, 1);
  check(
    outputPadding.every((p, i) => p < stride[i] || p < dilation[i]),
    () =>
      `output padding must be smaller than either stride or dilation, but got ${named('output_padding', outputPadding)} ${named('stride', stride)} ${named('dilation', dilation)}`,
  );
  const inSize = as2d(input.shape.slice(2), 1);
  const out = as2d(outSize, 1);
  check(
    out.every((s) => s >= 1) || spatial === 0,
    () =>
      `Given input size per channel: (${inSize.join(' x ')}). Calculated output size per channel: (${out.join(' x ')}). Output size is too small`,
  );
}

/**
 * The CPU backend PyTorch 1.13 picks (select_conv_backend): its checks and messages differ.
 * mkldnn takes float32 direct convolutions unless they are tiny; the fixtures (and so these
 * rules) run PyTorch on one thread, where 1x1 unstrided kernels stay on the slow path.
 */
type Backend = 'empty' | 'mkldnn' | 'slow' | 'slowDilated' | 'slowTranspose';

function selectBackend(input: Tensor, weight: Tensor, params: ConvParams): Backend {
  const [batch, channels] = input.shape;
  if (batch === 0 || channels === 0) return 'empty';
  if (params.transposed) return 'slowTranspose';
  const dilated = params.dilation.some((d) => d !== 1);
  const strided = params.stride.some((s) => s !== 1);
  const kw = weight.shape[weight.ndim - 1];
  const kh = weight.ndim > 3 ? weight.shape[weight.ndim - 2] : 1;
  const height = input.ndim > 3 ? input.shape[2] : 1;
  const width = input.shape[input.ndim > 3 ? 3 : 2];
  const worthIt = strided || dilated || batch >= 16 || kw !== 1 || kh !== 1;
  const bigEnough =
    params.groups > 1 ||
    (kw > 3 && kh > 3) ||
    batch > 1 ||
    batch * channels * height * width > 20480;
  if (input.dtype === 'float32' && worthIt && bigEnough) return 'mkldnn';
  return dilated ? 'slowDilated' : 'slow';
}

/** The kernel each slow backend names in its "not implemented for 'Bool'". */
function slowKernelName(backend: Backend, spatial: number): string {
  if (backend === 'slowTranspose') return `slow_conv_transpose${Math.max(spatial, 2)}d_out_cpu`;
  if (backend === 'slowDilated') return 'slow_conv_dilated<>';
  return spatial === 3 ? 'compute_columns3d' : 'slow_conv2d_cpu';
}

function legacyName(dtype: DType): string {
  return `torch.${dtypeInfo(dtype).legacyName}`;
}

/** The checks the chosen backend makes before it computes. */
function checkBackend(
  backend: Backend,
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  params: ConvParams,
  outSize: readonly number[],
): void {
  const spatial = input.ndim - 2;
  const dilation = as2d(params.dilation, 1);
  if (backend === 'mkldnn') {
    for (const [what, t] of [
      ['weight', weight],
      ['bias', bias],
    ] as const) {
      check(
        t === null || t.dtype === input.dtype,
        () =>
          `Input type (${legacyName(input.dtype)}) and ${what} type (${legacyName(t!.dtype)}) should be the same or input should be a MKLDNN tensor and ${what} is a dense tensor`,
      );
    }
    check(
      params.dilation.every((d) => d > 0),
      () => 'non-positive dilation is not supported',
    );
    return;
  }
  if (backend === 'slowTranspose') {
    check(
      dilation.every((d) => d > 0),
      () => `dilation should be greater than zero, but got ${named('dilation', dilation, ', ')}`,
    );
    checkTransposed(input, params, outSize);
  } else if (backend === 'slowDilated') {
    check(
      dilation.every((d) => d > 0),
      () => `dilation should be greater than zero, but got ${formatShape(dilation)}`,
    );
  }
  const operands = backend === 'slowTranspose' && bias !== null ? [weight, bias] : [weight];
  for (const t of operands) {
    if (t.dtype !== input.dtype) {
      throw runtimeError(
        `expected scalar type ${scalarTypeName(input.dtype)} but found ${scalarTypeName(t.dtype)}`,
      );
    }
  }
  if (input.dtype === 'bool') {
    throw runtimeError(`"${slowKernelName(backend, spatial)}" not implemented for 'Bool'`);
  }
}

function outputSize(input: Tensor, weight: Tensor, params: ConvParams): number[] {
  return input.shape.slice(2).map((size, i) => {
    const extent = params.dilation[i] * (weight.shape[i + 2] - 1);
    if (params.transposed) {
      return (
        (size - 1) * params.stride[i] - 2 * params.padding[i] + extent + params.outputPadding[i] + 1
      );
    }
    const padded = size + params.extraEnd[i] + 2 * params.padding[i];
    return Math.floor((padded - extent - 1) / params.stride[i]) + 1;
  });
}

/** A spatial list as the kernel's [depth, height, width]. */
function triple(values: readonly number[], fill: number): Triple {
  const padded = [...new Array<number>(3 - values.length).fill(fill), ...values];
  return [padded[0], padded[1], padded[2]];
}

export function convolution(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  stride: readonly number[],
  padding: readonly number[],
  dilation: readonly number[],
  transposed: boolean,
  outputPadding: readonly number[],
  groups: number,
  extraEnd: readonly number[] | null = null,
): Tensor {
  const dims = weight.ndim - 2;
  check(dims > 0, () => 'weight should have at least three dimensions');
  check(groups > 0, () => 'non-positive groups is not supported');
  const params: ConvParams = {
    stride: expandParam(stride, 'stride', dims),
    padding: expandParam(padding, 'padding', dims),
    dilation: expandParam(dilation, 'dilation', dims),
    transposed,
    outputPadding: expandParam(outputPadding, 'output_padding', dims),
    groups,
    extraEnd: extraEnd?.slice() ?? new Array<number>(dims).fill(0),
  };
  checkShapeForward(input, weight, bias, params);
  const outSize = outputSize(input, weight, params);
  const backend = selectBackend(input, weight, params);
  if (backend === 'empty') return emptyResult(input, weight, params, outSize);
  checkBackend(backend, input, weight, bias, params, outSize);
  return runConv(input, weight, bias, params, outSize);
}

/**
 * PyTorch skips the backends for an empty batch (the result is empty) and for inputs with no
 * channels, whose result (its Empty backend's quirk) has no channels either.
 */
function emptyResult(
  input: Tensor,
  weight: Tensor,
  params: ConvParams,
  outSize: readonly number[],
): Tensor {
  const [batch, channels] = input.shape;
  const outChannels = params.transposed ? weight.shape[1] * params.groups : weight.shape[0];
  return Tensor.empty(
    [batch, channels === 0 ? 0 : outChannels, ...outSize],
    input.dtype,
    input.device,
  );
}

/** A contiguous tensor's elements, from its offset (a view may start past its storage's start). */
function denseElements(t: Tensor) {
  return t.data.subarray(t.offset, t.offset + t.numel());
}

function runConv(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  params: ConvParams,
  outSize: readonly number[],
): Tensor {
  const dtype: DType = input.dtype;
  const spatial = input.ndim - 2;
  const [batch, channels] = input.shape;
  const outChannels = params.transposed ? weight.shape[1] * params.groups : weight.shape[0];
  const spatialIn = triple(input.shape.slice(2), 1);
  const problem: ConvProblem = {
    dtype,
    input: denseElements(contiguous(input)),
    inputShape: [batch, channels, ...spatialIn],
    weight: denseElements(contiguous(weight, dtype)),
    kernel: triple(weight.shape.slice(2), 1),
    bias: bias === null ? null : denseElements(contiguous(bias, dtype)),
    outChannels,
    groups: params.groups,
    stride: triple(params.stride, 1),
    padding: triple(params.padding, 0),
    padEnd: triple(
      params.padding.map((p, i) => p + params.extraEnd[i]),
      0,
    ),
    dilation: triple(params.dilation, 1),
    outSize: triple(outSize, 1),
    transposed: params.transposed,
    spatialDims: spatial as 1 | 2 | 3,
  };
  const data = runKernel(convKernel, problem);
  return tensorFrom(data, [batch, outChannels, ...outSize], dtype);
}

// ---- conv1d/2d/3d and their transposes ----

/** Adds the batch dim to an unbatched input, in PyTorch's words when the rank is wrong. */
function batchify(
  input: Tensor,
  spatial: number,
  name: string,
): { input: Tensor; batched: boolean } {
  const unbatched = spatial + 1;
  check(
    input.ndim === unbatched || input.ndim === unbatched + 1,
    () =>
      `Expected ${unbatched}D (unbatched) or ${unbatched + 1}D (batched) input to ${name}, but got input of size: ${formatShape(input.shape)}`,
  );
  const batched = input.ndim === unbatched + 1;
  return { input: batched ? input : unsqueezeView(input, 0), batched };
}

function unbatch(t: Tensor, batched: boolean): Tensor {
  return batched ? t : t.view(t.shape.slice(1), t.strides.slice(1), t.offset);
}

function checkBiasDtype(input: Tensor, bias: Tensor | null): void {
  check(
    bias === null || bias.dtype === input.dtype,
    () =>
      `Input type (${cppTypeName(input.dtype)}) and bias type (${cppTypeName(bias!.dtype)}) should be the same`,
  );
}

function convNd(spatial: number) {
  const name = `conv${spatial}d`;
  return (
    input: Tensor,
    weight: Tensor,
    bias: Tensor | null,
    stride: number[],
    padding: number[] | string,
    dilation: number[],
    groups: number,
  ): Tensor => {
    checkBiasDtype(input, bias);
    const b = batchify(input, spatial, name);
    const output =
      typeof padding === 'string'
        ? convolutionMode(b.input, weight, bias, stride, padding, dilation, groups)
        : convolution(b.input, weight, bias, stride, padding, dilation, false, [0], groups);
    return unbatch(output, b.batched);
  };
}

function convTransposeNd(spatial: number) {
  const name = `conv_transpose${spatial}d`;
  return (
    input: Tensor,
    weight: Tensor,
    bias: Tensor | null,
    stride: number[],
    padding: number[],
    outputPadding: number[],
    groups: number,
    dilation: number[],
  ): Tensor => {
    const b = batchify(input, spatial, name);
    const output = convolution(
      b.input,
      weight,
      bias,
      stride,
      padding,
      dilation,
      true,
      outputPadding,
      groups,
    );
    return unbatch(output, b.batched);
  };
}

export const conv1d = convNd(1);
export const conv2d = convNd(2);
export const conv3d = convNd(3);
export const convTranspose1d = convTransposeNd(1);
export const convTranspose2d = convTransposeNd(2);
export const convTranspose3d = convTransposeNd(3);

/** padding='same' or 'valid'. 'same' pads dilation*(k-1) in all, the odd one on the right. */
export function convolutionMode(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  stride: readonly number[],
  padding: string,
  dilation: readonly number[],
  groups: number,
): Tensor {
  if (padding === 'valid') {
    return convolution(input, weight, bias, stride, [0], dilation, false, [0], groups);
  }
  check(padding === 'same', () => `Invalid padding string: '${padding}'`);
  check(
    stride.every((s) => s === 1),
    () => "padding='same' is not supported for strided convolutions",
  );
  const dims = weight.ndim - 2;
  const dil = expandParam(dilation, 'dilation', Math.max(dims, 1));
  const total = range(dims).map((i) => dil[i] * (weight.shape[i + 2] - 1));
  const left = total.map((t) => Math.floor(t / 2));
  const extra = total.map((t, i) => t - 2 * left[i]);
  return convolution(input, weight, bias, stride, left, dilation, false, [0], groups, extra);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function underscoreConvolution(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  stride: number[],
  padding: number[],
  dilation: number[],
  transposed: boolean,
  outputPadding: number[],
  groups: number,
): Tensor {
  return convolution(
    input,
    weight,
    bias,
    stride,
    padding,
    dilation,
    transposed,
    outputPadding,
    groups,
  );
}

// ---- registration ----

def(
  'aten::conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=[1], int[1] padding=[0], int[1] dilation=[1], int groups=1) -> Tensor',
  conv1d,
);
def(
  'aten::conv1d.padding(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=[1], str padding="valid", int[1] dilation=[1], int groups=1) -> Tensor',
  conv1d,
);
def(
  'aten::conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, int[2] dilation=1, int groups=1) -> Tensor',
  conv2d,
);
def(
  'aten::conv2d.padding(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, str padding="valid", int[2] dilation=1, int groups=1) -> Tensor',
  conv2d,
);
def(
  'aten::conv3d(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, int[3] padding=0, int[3] dilation=1, int groups=1) -> Tensor',
  conv3d,
);
def(
  'aten::conv3d.padding(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, str padding="valid", int[3] dilation=1, int groups=1) -> Tensor',
  conv3d,
);
def(
  'aten::conv_transpose1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=[1], int[1] padding=[0], int[1] output_padding=[0], int groups=1, int[1] dilation=[1]) -> Tensor',
  convTranspose1d,
);
def(
  'aten::conv_transpose2d.input(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, int[2] output_padding=0, int groups=1, int[2] dilation=1) -> Tensor',
  convTranspose2d,
);
def(
  'aten::conv_transpose3d.input(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, int[3] padding=0, int[3] output_padding=0, int groups=1, int[3] dilation=1) -> Tensor',
  convTranspose3d,
);
def(
  'aten::convolution(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, bool transposed, int[] output_padding, int groups) -> Tensor',
  underscoreConvolution,
);
def(
  'aten::convolution.out(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, bool transposed, int[] output_padding, int groups, *, Tensor(a!) out) -> Tensor(a!)',
  (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    const result = (underscoreConvolution as (...a: unknown[]) => Tensor)(...args);
    // This out= copies with a cast, whatever the dtypes.
    if (!sameShape(out.shape, result.shape)) resizeInPlace(out, result.shape);
    return copyInto(out, result);
  },
);
// benchmark, deterministic, cudnn_enabled and allow_tf32 only steer CUDA.
def(
  'aten::_convolution.deprecated(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, bool transposed, int[] output_padding, int groups, bool benchmark, bool deterministic, bool cudnn_enabled) -> Tensor',
  underscoreConvolution,
);
def(
  'aten::_convolution(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, bool transposed, int[] output_padding, int groups, bool benchmark, bool deterministic, bool cudnn_enabled, bool allow_tf32) -> Tensor',
  underscoreConvolution,
);
def(
  'aten::_convolution_mode(Tensor input, Tensor weight, Tensor? bias, int[] stride, str padding, int[] dilation, int groups) -> Tensor',
  convolutionMode,
);
