// Pooling: max_pool1d/2d (with_indices variants return [values, indices]), avg_pool1d/2d,
// adaptive_avg_pool1d/2d, adaptive_max_pool1d/2d, with PyTorch's argument and output-size checks
// in its order and words. 1-D pooling runs as 2-D over an unsqueezed height of 1, as PyTorch
// does, so its messages speak of 2-D sizes where PyTorch's do. The loops are
// runtime/kernels/pool.ts.

import { check, indexError, runtimeError } from '../errors.js';
import { runKernel } from '../backend/kernel-table.js';
import { adaptivePoolKernel, poolKernel, type Pair } from '../kernels/pool.js';
import { isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { formatShape, numelOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous } from './elementwise.js';
import { cppTypeName, tensorFrom, unsqueezeView, writeOutExact } from './linalg-views.js';
import { def } from './registry.js';

// ---- shared checks ----

/** One int or two, as the 2-D operators accept them. */
function pair(values: readonly number[], message: string, allowEmpty = false): Pair | null {
  if (allowEmpty && values.length === 0) return null;
  check(values.length === 1 || values.length === 2, () => message);
  return values.length === 1 ? [values[0], values[0]] : [values[0], values[1]];
}

/** C++ division rounding toward negative infinity. */
function divRtn(x: number, y: number): number {
  return Math.floor(x / y);
}

/** pooling_output_shape: the window count along one dim, checking stride and padding. */
function poolingOutputShape(
  size: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): number {
  check(stride !== 0, () => 'stride should not be zero');
  check(pad >= 0, () => `pad must be non-negative, but got pad: ${pad}`);
  check(
    pad <= Math.trunc(kernel / 2),
    () => `pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${kernel}`,
  );
  let out =
    divRtn(size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0), stride) + 1;
  // In ceil mode the last window must still start inside the input (or its left padding).
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

interface Geometry {
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  outSize: Pair;
}

/** pool2d_shape_check, for the 3-D or 4-D input of a 2-D pooling. */
function pool2dShapeCheck(input: Tensor, g: Geometry): void {
  const [kh, kw] = g.kernel;
  const [dh, dw] = g.stride;
  const [ph, pw] = g.padding;
  const [lh, lw] = g.dilation;
  check(
    kw > 0 && kh > 0,
    () => `kernel size should be greater than zero, but got kH: ${kh} kW: ${kw}`,
  );
  check(dw > 0 && dh > 0, () => `stride should be greater than zero, but got dH: ${dh} dW: ${dw}`);
  check(
    lh > 0 && lw > 0,
    () => `dilation should be greater than zero, but got dilationH: ${lh} dilationW: ${lw}`,
  );
  const ndim = input.ndim;
  const s = input.shape;
  const validDims = s[1] !== 0 && s[2] !== 0;
  check(
    (ndim === 3 && s[0] !== 0 && validDims) || (ndim === 4 && validDims && s[3] !== 0),
    () =>
      `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(s)}`,
  );
  check(
    Math.trunc(kw / 2) >= pw && Math.trunc(kh / 2) >= ph,
    () =>
      `pad should be smaller than or equal to half of kernel size, but got padW = ${pw}, padH = ${ph}, kW = ${kw}, kH = ${kh}`,
  );
  const planes = s[ndim - 3];
  const [oh, ow] = g.outSize;
  check(
    ow >= 1 && oh >= 1,
    () =>
      `Given input size: (${planes}x${s[ndim - 2]}x${s[ndim - 1]}). Calculated output size: (${planes}x${oh}x${ow}). Output size is too small`,
  );
}

/** The dtypes a CPU kernel is compiled for, and its "not implemented" message otherwise. */
function checkDtype(dtype: DType, kernel: string, allowed: (d: DType) => boolean): void {
  if (!allowed(dtype))
    throw runtimeError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
}

const floatsOnly = (d: DType) => isFloating(d);
const floatsAndLong = (d: DType) => isFloating(d) || d === 'int64';

/** size(dim) with a negative dim, raising PyTorch's IndexError when the tensor is too small. */
function sizeFromEnd(t: Tensor, dim: number): number {
  const bound = Math.max(t.ndim, 1);
  if (-dim > bound) {
    throw indexError(
      `Dimension out of range (expected to be in range of [${-bound}, ${bound - 1}], but got ${dim})`,
    );
  }
  return t.shape[t.ndim + dim];
}

/** Runs a 2-D pooling over [..., H, W] and shapes the result as [..., oh, ow]. */
function runPool(
  input: Tensor,
  mode: 'max' | 'avg',
  g: Geometry,
  options: { countIncludePad: boolean; divisor: number | null; withIndices: boolean },
): [Tensor, Tensor | null] {
  const lead = input.shape.slice(0, -2);
  const [height, width] = input.shape.slice(-2);
  const planes = numelOf(lead);
  const source = contiguous(input);
  const result = runKernel(poolKernel, {
    dtype: input.dtype,
    input: source.data.subarray(source.offset, source.offset + source.numel()),
    planes,
    height,
    width,
    mode,
    ...g,
    ...options,
  });
  const shape = [...lead, ...g.outSize];
  const values = tensorFrom(result.values, shape, input.dtype);
  return [values, result.indices === null ? null : tensorFrom(result.indices, shape, 'int64')];
}

// ---- max_pool2d ----

function maxPool2dGeometry(
  input: Tensor,
  kernelSize: readonly number[],
  stride: readonly number[],
  padding: readonly number[],
  dilation: readonly number[],
  ceilMode: boolean,
): Geometry {
  const kernel = pair(
    kernelSize,
    'max_pool2d: kernel_size must either be a single int, or a tuple of two ints',
  )!;
  const strides =
    pair(
      stride,
      'max_pool2d: stride must either be omitted, a single int, or a tuple of two ints',
      true,
    ) ?? kernel;
  const pads = pair(
    padding,
    'max_pool2d: padding must be either be a single int, or a tuple of two ints',
  )!;
  const dilations = pair(
    dilation,
    'max_pool2d: dilation must be either a single int, or a tuple of two ints',
  )!;
  check(
    input.ndim === 3 || input.ndim === 4,
    () => 'non-empty 3D or 4D (batch mode) tensor expected for input',
  );
  const [h, w] = input.shape.slice(-2);
  const outSize: Pair = [
    poolingOutputShape(h, kernel[0], pads[0], strides[0], dilations[0], ceilMode),
    poolingOutputShape(w, kernel[1], pads[1], strides[1], dilations[1], ceilMode),
  ];
  const g: Geometry = { kernel, stride: strides, padding: pads, dilation: dilations, outSize };
  pool2dShapeCheck(input, g);
  return g;
}

export function maxPool2dWithIndices(
  input: Tensor,
  kernelSize: readonly number[],
  stride: readonly number[] = [],
  padding: readonly number[] = [0],
  dilation: readonly number[] = [1],
  ceilMode = false,
): [Tensor, Tensor] {
  const g = maxPool2dGeometry(input, kernelSize, stride, padding, dilation, ceilMode);
  checkDtype(input.dtype, 'max_pool2d', floatsOnly);
  const [values, indices] = runPool(input, 'max', g, {
    countIncludePad: false,
    divisor: null,
    withIndices: true,
  });
  return [values, indices!];
}

export function maxPool2d(
  input: Tensor,
  kernelSize: readonly number[],
  stride: readonly number[] = [],
  padding: readonly number[] = [0],
  dilation: readonly number[] = [1],
  ceilMode = false,
): Tensor {
  const g = maxPool2dGeometry(input, kernelSize, stride, padding, dilation, ceilMode);
  checkDtype(input.dtype, 'max_pool2d', floatsOnly);
  return runPool(input, 'max', g, { countIncludePad: false, divisor: null, withIndices: false })[0];
}

// ---- max_pool1d ----

function checkDimRange(t: Tensor, low: number, high: number, op: string): void {
  check(
    t.ndim >= low && t.ndim < high,
    () =>
      `Expected ${low} to ${high - 1} dimensions, but got ${t.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for ${op})`,
  );
}

function check1d(op: string, name: string, values: readonly number[]): void {
  check(
    values.length === 1,
    () => `${op}() argument '${name}' should contain one int (got ${values.length})`,
  );
}

export function maxPool1d(
  input: Tensor,
  kernelSize: readonly number[],
  stride: readonly number[] = [],
  padding: readonly number[] = [0],
  dilation: readonly number[] = [1],
  ceilMode = false,
): Tensor {
  const [c, w] = input.shape.slice(-2);
  check(
    (input.ndim === 2 || input.ndim === 3) && c !== 0 && w !== 0,
    () =>
      `max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(input.shape)}`,
  );
  const sizeMessage = (name: string, what: string) =>
    `max_pool1d() ${name} must be ${what} of size 1 but got size `;
  check(
    kernelSize.length === 1,
    () => sizeMessage('kernel_size', 'an int, list of ints or tuple of ints') + kernelSize.length,
  );
  check(
    stride.length <= 1,
    () => sizeMessage('stride', 'None, an int, list of ints, or tuple of ints') + stride.length,
  );
  check(
    padding.length === 1,
    () => sizeMessage('padding', 'an int, list of ints, or tuple of ints') + padding.length,
  );
  check(
    dilation.length === 1,
    () => sizeMessage('dilation', 'an int, list of ints or tuple of ints') + dilation.length,
  );
  const k = kernelSize[0];
  const s = stride.length === 0 ? k : stride[0];
  const p = padding[0];
  const d = dilation[0];
  check(k > 0, () => `max_pool1d() kernel_size must be greater than zero, but got ${k}`);
  check(s > 0, () => `max_pool1d() stride must be greater than zero, but got ${s}`);
  check(p >= 0, () => `max_pool1d() padding must be non-negative, but got ${p}`);
  check(
    p <= Math.trunc(k / 2),
    () =>
      `max_pool1d() padding should be at most half of kernel size, but got padding=${p} and kernel_size=${k}`,
  );
  check(d > 0, () => `max_pool1d() dilation must be greater than zero, but got ${d}`);
  const width = input.shape[input.ndim - 1];
  const ow = poolingOutputShape(width, k, p, s, d, ceilMode);
  check(ow >= 0, () => `max_pool1d() Invalid computed output size: ${ow}`);
  checkDtype(input.dtype, 'max_pool1d_impl', floatsOnly);
  const g: Geometry = {
    kernel: [1, k],
    stride: [1, s],
    padding: [0, p],
    dilation: [1, d],
    outSize: [1, ow],
  };
  const [values] = runPool(unsqueezeView(input, input.ndim - 1), 'max', g, {
    countIncludePad: false,
    divisor: null,
    withIndices: false,
  });
  return squeezeHeight(values);
}

function squeezeHeight(t: Tensor): Tensor {
  const d = t.ndim - 2;
  return t.view(
    t.shape.filter((_, i) => i !== d),
    t.strides.filter((_, i) => i !== d),
  );
}

export function maxPool1dWithIndices(
  input: Tensor,
  kernelSize: readonly number[],
  stride: readonly number[] = [],
  padding: readonly number[] = [0],
  dilation: readonly number[] = [1],
  ceilMode = false,
): [Tensor, Tensor] {
  checkDimRange(input, 2, 4, 'max_pool1d');
  check1d('max_pool1d', 'kernel_size', kernelSize);
  check1d('max_pool1d', 'stride', stride.length === 0 ? kernelSize : stride);
  check1d('max_pool1d', 'padding', padding);
  check1d('max_pool1d', 'dilation', dilation);
  const s = stride.length === 0 ? [] : [1, stride[0]];
  const [values, indices] = maxPool2dWithIndices(
    unsqueezeView(input, input.ndim - 1),
    [1, kernelSize[0]],
    s,
    [0, padding[0]],
    [1, dilation[0]],
    ceilMode,
  );
  return [squeezeHeight(values), squeezeHeight(indices)];
}

// ---- avg_pool2d, avg_pool1d ----

export function avgPool2d(
  input: Tensor,
  kernelSize: readonly number[],
  stride: readonly number[] = [],
  padding: readonly number[] = [0],
  ceilMode = false,
  countIncludePad = true,
  divisorOverride: number | null = null,
): Tensor {
  const kernel = pair(
    kernelSize,
    'avg_pool2d: kernel_size must either be a single int, or a tuple of two ints',
  )!;
  const strides =
    pair(
      stride,
      'avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints',
      true,
    ) ?? kernel;
  const pads = pair(
    padding,
    'avg_pool2d: padding must either be a single int, or a tuple of two ints',
  )!;
  check(divisorOverride === null || divisorOverride !== 0, () => 'divisor must be not zero');
  sizeFromEnd(input, -3);
  const [h, w] = input.shape.slice(-2);
  const outSize: Pair = [
    poolingOutputShape(h, kernel[0], pads[0], strides[0], 1, ceilMode),
    poolingOutputShape(w, kernel[1], pads[1], strides[1], 1, ceilMode),
  ];
  const g: Geometry = { kernel, stride: strides, padding: pads, dilation: [1, 1], outSize };
  pool2dShapeCheck(input, g);
  checkDtype(input.dtype, 'avg_pool2d', floatsAndLong);
  return runPool(input, 'avg', g, {
    countIncludePad,
    divisor: divisorOverride,
    withIndices: false,
  })[0];
}

export function avgPool1d(
  input: Tensor,
  kernelSize: readonly number[],
  stride: readonly number[] = [],
  padding: readonly number[] = [0],
  ceilMode = false,
  countIncludePad = true,
): Tensor {
  checkDimRange(input, 2, 4, 'avg_pool1d');
  check1d('avg_pool1d', 'kernel_size', kernelSize);
  if (stride.length > 0) check1d('avg_pool1d', 'stride', stride);
  check1d('avg_pool1d', 'padding', padding);
  const s = stride.length === 0 ? kernelSize[0] : stride[0];
  const output = avgPool2d(
    unsqueezeView(input, input.ndim - 1),
    [1, kernelSize[0]],
    [1, s],
    [0, padding[0]],
    ceilMode,
    countIncludePad,
  );
  return squeezeHeight(output);
}

// ---- adaptive pooling ----

function runAdaptive(input: Tensor, mode: 'max' | 'avg', outSize: Pair): [Tensor, Tensor] {
  const lead = input.shape.slice(0, -2);
  const [height, width] = input.shape.slice(-2);
  const source = contiguous(input);
  const result = runKernel(adaptivePoolKernel, {
    dtype: input.dtype,
    input: source.data.subarray(source.offset, source.offset + source.numel()),
    planes: numelOf(lead),
    height,
    width,
    mode,
    outSize,
    withIndices: mode === 'max',
  });
  const shape = [...lead, ...outSize];
  const indices = result.indices ?? new Float64Array(0);
  return [
    tensorFrom(result.values, shape, input.dtype),
    tensorFrom(indices, mode === 'max' ? shape : [0], 'int64'),
  ];
}

function checkNonEmptyDims(input: Tensor, op: string): void {
  for (let i = 1; i < input.ndim; i++) {
    check(
      input.shape[i] > 0,
      () =>
        `${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(input.shape)} with dimension ${i} being empty`,
    );
  }
}

/** _adaptive_avg_pool2d: the pooling itself, without adaptive_avg_pool2d's [1, 1] shortcut. */
export function adaptiveAvgPool2dKernel(input: Tensor, outputSize: readonly number[]): Tensor {
  checkNonEmptyDims(input, 'adaptive_avg_pool2d');
  check(
    input.ndim === 3 || input.ndim === 4,
    () => `adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${formatShape(input.shape)}`,
  );
  checkDtype(input.dtype, 'adaptive_avg_pool2d', floatsOnly);
  return runAdaptive(input, 'avg', [outputSize[0], outputSize[1]])[0];
}

export function adaptiveAvgPool2d(input: Tensor, outputSize: readonly number[]): Tensor {
  check(outputSize.length === 2, () => 'adaptive_avg_pool2d: output_size must be 2');
  check(
    outputSize[0] >= 0 && outputSize[1] >= 0,
    () =>
      `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${outputSize[0]}, ${outputSize[1]}}`,
  );
  if (outputSize[0] === 1 && outputSize[1] === 1) return meanOfPlanes(input);
  return adaptiveAvgPool2dKernel(input, outputSize);
}

/** input.mean((-1, -2), keepdim=True): PyTorch's shortcut for a 1x1 adaptive average. */
function meanOfPlanes(input: Tensor): Tensor {
  check(
    isFloating(input.dtype),
    () =>
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(input.dtype)}`,
  );
  sizeFromEnd(input, -2);
  const [height, width] = input.shape.slice(-2);
  const lead = input.shape.slice(0, -2);
  const source = contiguous(input);
  const planes = numelOf(lead);
  const out = Tensor.empty([...lead, 1, 1], input.dtype, input.device);
  const n = height * width;
  for (let p = 0; p < planes; p++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += source.data[source.offset + p * n + i];
    out.data[p] = sum / n;
  }
  return out;
}

export function adaptiveAvgPool1d(input: Tensor, outputSize: readonly number[]): Tensor {
  checkDimRange(input, 2, 4, 'adaptive_avg_pool1d');
  check1d('adaptive_avg_pool1d', 'output_size', outputSize);
  return squeezeHeight(adaptiveAvgPool2d(unsqueezeView(input, input.ndim - 1), [1, outputSize[0]]));
}

export function adaptiveMaxPool2d(input: Tensor, outputSize: readonly number[]): [Tensor, Tensor] {
  check(
    input.ndim === 3 || input.ndim === 4,
    () => `adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ${formatShape(input.shape)}`,
  );
  checkNonEmptyDims(input, 'adaptive_max_pool2d');
  check(
    outputSize.length === 2,
    () => 'adaptive_max_pool2d(): internal error: output_size.size() must be 2',
  );
  checkDtype(input.dtype, 'adaptive_max_pool2d', floatsOnly);
  return runAdaptive(input, 'max', [outputSize[0], outputSize[1]]);
}

export function adaptiveMaxPool1d(input: Tensor, outputSize: readonly number[]): [Tensor, Tensor] {
  checkDimRange(input, 2, 4, 'adaptive_max_pool1d');
  check1d('adaptive_max_pool1d', 'output_size', outputSize);
  const [values, indices] = adaptiveMaxPool2d(unsqueezeView(input, input.ndim - 1), [
    1,
    outputSize[0],
  ]);
  return [squeezeHeight(values), squeezeHeight(indices)];
}

// ---- out= ----

/** Structured out= for a (values, indices) pair: both dtypes must be exact. */
function writePairOut(result: [Tensor, Tensor], out: Tensor, indices: Tensor): [Tensor, Tensor] {
  writeOutExact(out, result[0]);
  writeOutExact(indices, result[1]);
  return [out, indices];
}

function adaptiveAvgOut(input: Tensor, outputSize: number[], out: Tensor): Tensor {
  const result = adaptiveAvgPool2dKernel(input, outputSize);
  check(
    out.dtype === input.dtype,
    () =>
      `expected dtype ${cppTypeName(input.dtype)} for \`output\` but got dtype ${cppTypeName(out.dtype)}`,
  );
  return writeOutExact(out, result);
}

// ---- registration ----

def(
  'aten::max_pool1d(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=[0], int[1] dilation=[1], bool ceil_mode=False) -> Tensor',
  maxPool1d,
);
def(
  'aten::max_pool1d_with_indices(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=[0], int[1] dilation=[1], bool ceil_mode=False) -> (Tensor, Tensor)',
  maxPool1dWithIndices,
);
def(
  'aten::max_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, int[2] dilation=1, bool ceil_mode=False) -> Tensor',
  maxPool2d,
);
def(
  'aten::max_pool2d_with_indices(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, int[2] dilation=1, bool ceil_mode=False) -> (Tensor, Tensor)',
  maxPool2dWithIndices,
);
def(
  'aten::max_pool2d_with_indices.out(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, int[2] dilation=1, bool ceil_mode=False, *, Tensor(a!) out, Tensor(b!) indices) -> (Tensor(a!), Tensor(b!))',
  (
    self: Tensor,
    k: number[],
    s: number[],
    p: number[],
    d: number[],
    c: boolean,
    out: Tensor,
    indices: Tensor,
  ) => writePairOut(maxPool2dWithIndices(self, k, s, p, d, c), out, indices),
);
def(
  'aten::avg_pool1d(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=[0], bool ceil_mode=False, bool count_include_pad=True) -> Tensor',
  avgPool1d,
);
def(
  'aten::avg_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None) -> Tensor',
  avgPool2d,
);
def(
  'aten::avg_pool2d.out(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None, *, Tensor(a!) out) -> Tensor(a!)',
  (
    self: Tensor,
    k: number[],
    s: number[],
    p: number[],
    c: boolean,
    include: boolean,
    divisor: number | null,
    out: Tensor,
  ) => writeOutExact(out, avgPool2d(self, k, s, p, c, include, divisor)),
);
def('aten::adaptive_avg_pool1d(Tensor self, int[1] output_size) -> Tensor', adaptiveAvgPool1d);
def('aten::adaptive_avg_pool2d(Tensor self, SymInt[2] output_size) -> Tensor', adaptiveAvgPool2d);
def(
  'aten::adaptive_avg_pool2d.out(Tensor self, SymInt[2] output_size, *, Tensor(a!) out) -> Tensor(a!)',
  adaptiveAvgOut,
);
def(
  'aten::_adaptive_avg_pool2d(Tensor self, SymInt[2] output_size) -> Tensor',
  adaptiveAvgPool2dKernel,
);
def(
  'aten::_adaptive_avg_pool2d.out(Tensor self, SymInt[2] output_size, *, Tensor(a!) out) -> Tensor(a!)',
  adaptiveAvgOut,
);
def(
  'aten::adaptive_max_pool1d(Tensor self, int[1] output_size) -> (Tensor, Tensor)',
  adaptiveMaxPool1d,
);
def(
  'aten::adaptive_max_pool2d(Tensor self, int[2] output_size) -> (Tensor, Tensor)',
  adaptiveMaxPool2d,
);
def(
  'aten::adaptive_max_pool2d.out(Tensor self, int[2] output_size, *, Tensor(a!) out, Tensor(b!) indices) -> (Tensor(a!), Tensor(b!))',
  (self: Tensor, size: number[], out: Tensor, indices: Tensor) =>
    writePairOut(adaptiveMaxPool2d(self, size), out, indices),
);
