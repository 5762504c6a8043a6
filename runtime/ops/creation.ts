// Tensor factories: tensor, zeros, ones, full, empty, arange, linspace, logspace, eye, the
// *_like and new_* families.

import { runtimeError, typeError, valueError } from '../errors.js';
import { castExpr } from '../kernels/pointwise.js';
import { requireDevice, cpu, type Device } from '../tensor/device.js';
import { getDefaultDType, isFloating, type DType } from '../tensor/dtype.js';
import { scalarKind, scalarToNumber, type Scalar } from '../tensor/scalar.js';
import { numelOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { writeOut } from './elementwise.js';
import { parseAnnotation, type Annotation } from './annotation.js';
import { def, defTyped, type ArgTypes, type Impl } from './registry.js';

/** A factory's out= variant makes the values in `out`'s dtype (its last parameter), then writes. */
function defFactoryOut(schema: string, make: Impl): void {
  def(schema, (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    return writeOut(out, make(...args, out.dtype) as Tensor);
  });
}

/** A value converted to `dtype` as a store into that dtype's storage would convert it. */
const converters = new Map<DType, (v: number) => number>();
export function convertTo(dtype: DType): (v: number) => number {
  let f = converters.get(dtype);
  if (f === undefined) {
    f = new Function('v', `return ${castExpr('v', 'float64', dtype)};`) as (v: number) => number;
    converters.set(dtype, f);
  }
  return f;
}

const integerRange: Partial<Record<DType, [number, number]>> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63],
};

/** The C++ names PyTorch's scalar conversions use in their overflow message. */
const cTypeNames: Record<DType, string> = {
  bool: 'bool',
  uint8: 'uint8_t',
  int8: 'int8_t',
  int16: 'int16_t',
  int32: 'int',
  int64: 'int64_t',
  float32: 'float',
  float64: 'double',
};

/**
 * A Python scalar converted to `dtype`, refused where PyTorch's checked conversion refuses it:
 * NaN, infinities and out-of-range floats into integers, ints beyond an integer dtype's range
 * (negative ints may wrap into unsigned ones), finite floats beyond float32's range.
 * `typeName` is how the message names the dtype: torch.tensor says `uint8`, fills say `uint8_t`.
 */
export function checkedScalar(value: Scalar, dtype: DType, typeName: 'short' | 'c'): number {
  const v = scalarToNumber(value);
  const range = integerRange[dtype];
  let overflows = false;
  if (range !== undefined) {
    const [lo, hi] = range;
    if (!Number.isFinite(v)) overflows = true;
    else if (typeof value === 'number' || lo < 0) overflows = v < lo || v > hi;
    else overflows = v > hi || (v < 0 && -v > hi);
  } else if (dtype === 'float32' && typeName === 'c') {
    overflows = Number.isFinite(v) && Math.abs(v) > 3.4028234663852886e38;
  }
  if (overflows) {
    const name = typeName === 'c' ? cTypeNames[dtype] : dtype;
    throw runtimeError(`value cannot be converted to type ${name} without overflow`);
  }
  return convertTo(dtype)(v);
}

export function empty(
  shape: Shape,
  dtype: DType | null = null,
  device: Device | null = null,
): Tensor {
  for (const s of shape) {
    if (s < 0)
      throw runtimeError(
        `Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`,
      );
  }
  return Tensor.empty(shape, dtype ?? getDefaultDType(), requireDevice(device ?? cpu));
}

export function full(
  shape: Shape,
  value: Scalar,
  dtype: DType | null = null,
  device: Device | null = null,
): Tensor {
  const kind = scalarKind(value);
  const inferred = kind === 'bool' ? 'bool' : kind === 'int' ? 'int64' : getDefaultDType();
  const t = empty(shape, dtype ?? inferred, device);
  const v = checkedScalar(value, t.dtype, 'c');
  if (v !== 0) t.data.fill(v);
  return t;
}

export function zeros(
  shape: Shape,
  dtype: DType | null = null,
  device: Device | null = null,
): Tensor {
  return empty(shape, dtype, device);
}

export function ones(
  shape: Shape,
  dtype: DType | null = null,
  device: Device | null = null,
): Tensor {
  return full(shape, 1n, dtype ?? getDefaultDType(), device);
}

/** A nested list of Python scalars (or one-element tensors), as torch.tensor takes it. */
export type NestedData = Scalar | Tensor | readonly NestedData[];

/** torch.tensor(data): shape from the nesting, dtype inferred as PyTorch infers it. */
/**
 * TorchScript holds `int`s as JS numbers; tensor data reads Python's kinds (runtime/ivalue.ts), so
 * a `List[int]` becomes bigints. Other element types (float, bool, Tensor, `number`) stay.
 */
function asPythonScalars(data: NestedData, ann: Annotation): NestedData {
  if (ann.name === 'List' && Array.isArray(data)) {
    return (data as readonly NestedData[]).map((d) => asPythonScalars(d, ann.args[0]));
  }
  return ann.name === 'int' && typeof data === 'number' ? BigInt(data) : data;
}

export function tensorFromData(
  data: NestedData,
  dtype: DType | null = null,
  device: Device | null = null,
  requiresGrad = false,
): Tensor {
  const shape: number[] = [];
  for (
    let level: NestedData = data;
    Array.isArray(level);
    level = (level as readonly NestedData[])[0]
  ) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const values: Scalar[] = [];
  let inferred: DType | null = null;
  const visit = (v: NestedData, dim: number): void => {
    if (dim < shape.length) {
      if (!Array.isArray(v)) throw typeError('not a sequence');
      if (v.length !== shape[dim]) {
        throw valueError(
          `expected sequence of length ${shape[dim]} at dim ${dim} (got ${v.length})`,
        );
      }
      for (const x of v) visit(x, dim + 1);
      return;
    }
    if (Array.isArray(v))
      throw valueError(`expected sequence of length 0 at dim ${dim} (got ${v.length})`);
    const [value, elementType] = elementOf(v as Scalar | Tensor);
    inferred = inferred === null ? elementType : widen(inferred, elementType);
    values.push(value);
  };
  visit(data, 0);
  const t = empty(shape, dtype ?? inferred ?? getDefaultDType(), device);
  for (let i = 0; i < values.length; i++) t.data[i] = checkedScalar(values[i], t.dtype, 'short');
  t.requiresGrad = requiresGrad;
  return t;
}

function typeName(v: unknown): string {
  if (typeof v === 'string') return 'str';
  return typeof v === 'bigint' ? 'int' : typeof v === 'number' ? 'float' : typeof v;
}

function elementOf(v: Scalar | Tensor): [Scalar, DType] {
  if (v instanceof Tensor) {
    if (v.numel() !== 1)
      throw valueError('only one element tensors can be converted to Python scalars');
    return [v.item(), v.dtype];
  }
  if (typeof v === 'boolean') return [v, 'bool'];
  if (typeof v === 'bigint') {
    if (v >= 2n ** 63n || v < -(2n ** 63n)) throw runtimeError('Overflow when unpacking long');
    return [v, 'int64'];
  }
  if (typeof v === 'number') return [v, getDefaultDType()];
  throw valueError(`too many dimensions '${typeName(v)}'`);
}

// Python scalars in one list: any float makes it float, else any int makes it int64.
function widen(a: DType, b: DType): DType {
  if (isFloating(a) || isFloating(b)) return isFloating(a) ? a : b;
  if (a === 'bool') return b;
  return a;
}

function arangeSize(start: number, end: number, step: number): number {
  if (step === 0) throw runtimeError('step must be nonzero');
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw runtimeError(`unsupported range: ${start} -> ${end}`);
  }
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw runtimeError('upper bound and larger bound inconsistent with step sign');
  }
  return Math.ceil((end - start) / step);
}

export function arange(
  start: Scalar,
  end: Scalar,
  step: Scalar = 1n,
  dtype: DType | null = null,
  device: Device | null = null,
): Tensor {
  const anyFloat = [start, end, step].some((s) => scalarKind(s) === 'float');
  const outDtype = dtype ?? (anyFloat ? getDefaultDType() : 'int64');
  // Integer results take integer bounds: arange(3.5, dtype=torch.int64) has 3 elements.
  const bound = isFloating(outDtype)
    ? scalarToNumber
    : (x: Scalar) => Math.trunc(scalarToNumber(x));
  const [s, e, st] = [start, end, step].map(bound);
  const t = empty([arangeSize(s, e, st)], outDtype, device);
  const convert = convertTo(t.dtype);
  for (let i = 0; i < t.data.length; i++) t.data[i] = convert(s + st * i);
  return t;
}

/** Fills evenly spaced values from both ends towards the middle, as PyTorch's kernel does. */
export function linspace(
  start: Scalar,
  end: Scalar,
  steps: number,
  dtype: DType | null = null,
  device: Device | null = null,
): Tensor {
  if (steps < 0) throw runtimeError('number of steps must be non-negative');
  const t = empty([steps], dtype ?? getDefaultDType(), device);
  const [s, e] = [start, end].map(scalarToNumber);
  const convert = convertTo(t.dtype);
  // Float dtypes compute in their own precision; integer ones in double.
  const round = t.dtype === 'float32' ? Math.fround : (x: number) => x;
  const [rs, re] = [round(s), round(e)];
  const step = round((re - rs) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    const v = i < halfway ? round(rs + round(step * i)) : round(re - round(step * (steps - i - 1)));
    t.data[i] = convert(steps === 1 ? s : v);
  }
  return t;
}

export function logspace(
  start: Scalar,
  end: Scalar,
  steps: number,
  base: number,
  dtype: DType | null = null,
  device: Device | null = null,
): Tensor {
  const exponents = linspace(start, end, steps, 'float64');
  const t = empty([steps], dtype ?? getDefaultDType(), device);
  const convert = convertTo(t.dtype);
  for (let i = 0; i < steps; i++) t.data[i] = convert(Math.pow(base, exponents.data[i]));
  return t;
}

export function eye(
  n: number,
  m: number | null = null,
  dtype: DType | null = null,
  device: Device | null = null,
): Tensor {
  const cols = m ?? n;
  if (n < 0) throw runtimeError(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw runtimeError(`m must be greater or equal to 0, got ${cols}`);
  const t = empty([n, cols], dtype, device);
  for (let i = 0; i < Math.min(n, cols); i++) t.data[i * cols + i] = 1;
  return t;
}

/** empty_strided: a storage just large enough for the requested strides. */
export function emptyStrided(
  shape: Shape,
  strides: readonly number[],
  dtype: DType | null,
  device: Device | null,
): Tensor {
  const extent =
    numelOf(shape) === 0 ? 0 : 1 + shape.reduce((acc, s, i) => acc + (s - 1) * strides[i], 0);
  const base = empty([extent], dtype, device);
  return new Tensor(base.storage, shape.slice(), strides.slice(), 0, base.dtype);
}

export function scalarTensor(s: Scalar, dtype: DType | null, device: Device | null): Tensor {
  return full([], s, dtype ?? getDefaultDType(), device);
}

const like =
  (make: (shape: Shape, dtype: DType, device: Device) => Tensor) =>
  (self: Tensor, dtype: DType | null, device: Device | null): Tensor =>
    make(self.shape, dtype ?? self.dtype, device ?? self.device);

export const zerosLike = like((s, d, dev) => zeros(s, d, dev));
export const onesLike = like((s, d, dev) => ones(s, d, dev));
export const emptyLike = like((s, d, dev) => empty(s, d, dev));
export const fullLike = (
  self: Tensor,
  value: Scalar,
  dtype: DType | null,
  device: Device | null,
): Tensor => full(self.shape, value, dtype ?? self.dtype, device ?? self.device);

/** A factory taking (size, dtype, device) under a schema that puts `layout` before `device`. */
function withoutLayout(
  make: (size: Shape, dtype: DType | null, device: Device | null) => Tensor,
): Impl {
  return (size: Shape, dtype: DType | null, _layout: unknown, device: Device | null) =>
    make(size, dtype, device);
}

// Layout and pin_memory are accepted at PyTorch's defaults only; memory_format is a no-op, since
// every tensor we make is row-major contiguous.

def(
  'aten::tensor.float(float t, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False) -> Tensor',
  tensorFromData,
);
def(
  'aten::tensor.int(int t, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False) -> Tensor',
  (t: number, ...rest: [DType | null, Device | null, boolean]) =>
    tensorFromData(BigInt(t), ...rest),
);
def(
  'aten::tensor.bool(bool t, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False) -> Tensor',
  tensorFromData,
);
defTyped(
  'aten::tensor(t[] data, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False) -> Tensor',
  (types: ArgTypes, data: NestedData, ...rest: [DType | null, Device | null, boolean]) =>
    tensorFromData(asPythonScalars(data, parseAnnotation(types.inputs[0])), ...rest),
);
def(
  'aten::as_tensor.float(float t, *, ScalarType? dtype=None, Device? device=None) -> Tensor',
  tensorFromData,
);
def(
  'aten::as_tensor.bool(bool t, *, ScalarType? dtype=None, Device? device=None) -> Tensor',
  tensorFromData,
);
defTyped(
  'aten::as_tensor.list(t[] data, *, ScalarType? dtype=None, Device? device=None) -> Tensor',
  (types: ArgTypes, data: NestedData, dtype: DType | null, device: Device | null) =>
    tensorFromData(asPythonScalars(data, parseAnnotation(types.inputs[0])), dtype, device),
);

def(
  'aten::zeros(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  withoutLayout(zeros),
);
defFactoryOut('aten::zeros.out(SymInt[] size, *, Tensor(a!) out) -> Tensor(a!)', zeros);
def(
  'aten::ones(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  withoutLayout(ones),
);
defFactoryOut('aten::ones.out(SymInt[] size, *, Tensor(a!) out) -> Tensor(a!)', ones);
def(
  'aten::empty.memory_format(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor',
  withoutLayout(empty),
);
def(
  'aten::empty_strided(SymInt[] size, SymInt[] stride, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (
    size: number[],
    stride: number[],
    dtype: DType | null,
    _layout: unknown,
    device: Device | null,
  ) => emptyStrided(size, stride, dtype, device),
);
def(
  'aten::full(SymInt[] size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (size: number[], value: Scalar, dtype: DType | null, _layout: unknown, device: Device | null) =>
    full(size, value, dtype, device),
);
defFactoryOut(
  'aten::full.out(SymInt[] size, Scalar fill_value, *, Tensor(a!) out) -> Tensor(a!)',
  full,
);
def(
  'aten::scalar_tensor(Scalar s, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (s: Scalar, dtype: DType | null, _layout: unknown, device: Device | null) =>
    scalarTensor(s, dtype, device),
);

def(
  'aten::arange(Scalar end, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (end: Scalar, dtype: DType | null, _layout: unknown, device: Device | null) =>
    arange(0n, end, 1n, dtype, device),
);
def(
  'aten::arange.start(Scalar start, Scalar end, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (start: Scalar, end: Scalar, dtype: DType | null, _layout: unknown, device: Device | null) =>
    arange(start, end, 1n, dtype, device),
);
def(
  'aten::arange.start_step(Scalar start, Scalar end, Scalar step=1, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (
    start: Scalar,
    end: Scalar,
    step: Scalar,
    dtype: DType | null,
    _layout: unknown,
    device: Device | null,
  ) => arange(start, end, step, dtype, device),
);
defFactoryOut(
  'aten::arange.start_out(Scalar start, Scalar end, Scalar step=1, *, Tensor(a!) out) -> Tensor(a!)',
  arange,
);
defFactoryOut(
  'aten::arange.out(Scalar end, *, Tensor(a!) out) -> Tensor(a!)',
  (end: Scalar, dtype: DType) => arange(0n, end, 1n, dtype),
);
def(
  'aten::linspace(Scalar start, Scalar end, int steps, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (
    start: Scalar,
    end: Scalar,
    steps: number,
    dtype: DType | null,
    _layout: unknown,
    device: Device | null,
  ) => linspace(start, end, steps, dtype, device),
);
def(
  'aten::logspace(Scalar start, Scalar end, int steps, float base=10., *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (
    start: Scalar,
    end: Scalar,
    steps: number,
    base: number,
    dtype: DType | null,
    _l: unknown,
    device: Device | null,
  ) => logspace(start, end, steps, base, dtype, device),
);
def(
  'aten::eye(int n, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (n: number, dtype: DType | null, _layout: unknown, device: Device | null) =>
    eye(n, null, dtype, device),
);
def(
  'aten::eye.m(int n, int m, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (n: number, m: number, dtype: DType | null, _layout: unknown, device: Device | null) =>
    eye(n, m, dtype, device),
);

type LikeImpl = (self: Tensor, dtype: DType | null, device: Device | null) => Tensor;
const likeArgs =
  (fn: LikeImpl) =>
  (self: Tensor, dtype: DType | null, _layout: unknown, device: Device | null): Tensor =>
    fn(self, dtype, device);

def(
  'aten::zeros_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor',
  likeArgs(zerosLike),
);
def(
  'aten::ones_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor',
  likeArgs(onesLike),
);
def(
  'aten::empty_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor',
  likeArgs(emptyLike),
);
def(
  'aten::full_like(Tensor self, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor',
  (self: Tensor, value: Scalar, dtype: DType | null, _layout: unknown, device: Device | null) =>
    fullLike(self, value, dtype, device),
);

type NewImpl = (shape: Shape, dtype: DType, device: Device) => Tensor;
const newArgs =
  (fn: NewImpl) =>
  (
    self: Tensor,
    size: number[],
    dtype: DType | null,
    _layout: unknown,
    device: Device | null,
  ): Tensor =>
    fn(size, dtype ?? self.dtype, device ?? self.device);

def(
  'aten::new_zeros(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  newArgs(zeros),
);
def(
  'aten::new_ones(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  newArgs(ones),
);
def(
  'aten::new_empty(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  newArgs(empty),
);
def(
  'aten::new_full(Tensor self, SymInt[] size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (
    self: Tensor,
    size: number[],
    value: Scalar,
    dtype: DType | null,
    _layout: unknown,
    device: Device | null,
  ) => full(size, value, dtype ?? self.dtype, device ?? self.device),
);
