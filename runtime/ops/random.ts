// Random sampling operators: rand, randn, randint, randperm and their _like / out= forms, the
// in-place samplers (uniform_, normal_, bernoulli_, random_, exponential_, cauchy_, log_normal_,
// geometric_) with their functional and out= variants, normal's tensor overloads and multinomial. The sampling itself lives in
// runtime/random/, where it reproduces PyTorch's CPU generator bit for bit.

import { notSupported, runtimeError } from '../errors.js';
import {
  bernoulliScalar,
  bernoulliTensor,
  cauchy,
  exponential,
  geometric,
  logNormal,
  normal,
  uniform,
} from '../random/distributions.js';
import type { Generator } from '../random/generator.js';
import { random, randomFromTo, randpermInto } from '../random/integers.js';
import { cppDouble } from '../random/messages.js';
import { multinomialInto } from '../random/multinomial.js';
import { emptyLike } from '../random/order.js';
import { requireDevice, type Device } from '../tensor/device.js';
import { dtypeFromScalarType, getDefaultDType, type DType } from '../tensor/dtype.js';
import { sameShape, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add_, mul_ } from './arithmetic.js';
import { empty } from './creation.js';
import { copyInto } from './elementwise.js';
import { def, type Impl } from './registry.js';

type Gen = Generator | null;
/** A ScalarType argument: a DType name, or the ScalarType code a schema default holds (4). */
type DTypeArg = DType | number | null;

// ---- arguments every factory takes ----

function dtypeOr(dtype: DTypeArg, fallback: DType): DType {
  if (dtype === null) return fallback;
  return typeof dtype === 'number' ? dtypeFromScalarType(dtype) : dtype;
}

/** Layout and pin_memory are accepted at their CPU defaults (torch.strided is layout 0). */
function checkOptions(layout: unknown, pinMemory: boolean | null): void {
  if (layout !== null && layout !== 0) notSupportedOption(`layout ${String(layout)}`);
  if (pinMemory === true) notSupportedOption('pin_memory=True');
}

function notSupportedOption(what: string): never {
  throw notSupported(`${what} for random tensors`);
}

/** Named tensors are not supported; names=None is the plain overload. */
function checkNames(names: readonly string[] | null): void {
  if (names !== null) throw notSupported('named tensors (names=)');
}

/** A new tensor for a factory: checks the size, the device and the options. */
function factory(
  size: Shape,
  dtype: DTypeArg,
  fallback: DType,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
): Tensor {
  checkOptions(layout, pinMemory);
  return empty(size, dtypeOr(dtype, fallback), device);
}

/** A tensor laid out like `self` (memory_format None or preserve) or row-major (contiguous). */
function likeTensor(
  self: Tensor,
  dtype: DTypeArg,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
  memoryFormat: number | null,
): Tensor {
  checkOptions(layout, pinMemory);
  if (device !== null) requireDevice(device);
  const resolved = dtypeOr(dtype, self.dtype);
  if (memoryFormat === null || memoryFormat === 1) return emptyLike(self, resolved);
  if (memoryFormat === 0) return Tensor.empty(self.shape, resolved, self.device);
  throw notSupported(`memory_format ${memoryFormat} for random tensors`);
}

/** resize_ for an out= tensor: kept as it is when the shape already matches, else made anew. */
function resizeOut(out: Tensor, shape: Shape): Tensor {
  if (!sameShape(out.shape, shape)) {
    const fresh = Tensor.empty(shape, out.dtype, out.device);
    out.setView(fresh.shape, fresh.strides, 0, fresh.storage);
  }
  return out;
}

/** The out= form PyTorch generates from a functional operator: resize, then copy (any cast). */
function copyOut(out: Tensor, result: Tensor): Tensor {
  return copyInto(resizeOut(out, result.shape), result);
}

/** Declares `schema`, whose last argument is `out`, as `functional` copied into out. */
function defCopyOut(schema: string, functional: Impl): void {
  def(schema, (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    return copyOut(out, functional(...args) as Tensor);
  });
}

/** The out= form of a *_like factory: made in out's dtype (its last argument), then copied. */
function defLikeOut(schema: string, functional: Impl): void {
  def(schema, (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    return copyOut(out, functional(...args, out.dtype) as Tensor);
  });
}

// ---- rand, randn ----

function rand(
  size: Shape,
  gen: Gen,
  dtype: DTypeArg,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
): Tensor {
  const t = factory(size, dtype, getDefaultDType(), layout, device, pinMemory);
  return uniform(t, 0, 1, gen);
}

function randn(
  size: Shape,
  gen: Gen,
  dtype: DTypeArg,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
): Tensor {
  const t = factory(size, dtype, getDefaultDType(), layout, device, pinMemory);
  return normal(t, 0, 1, gen);
}

type Factory = typeof rand;

/** The four overloads of rand / randn: with or without generator and names. */
function defSizeFactory(name: 'rand' | 'randn', make: Factory): void {
  const opts =
    'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor';
  def(
    `aten::${name}(int[] size, *, ${opts}`,
    (size: Shape, ...rest: [DTypeArg, unknown, Device | null, boolean | null]) =>
      make(size, null, ...rest),
  );
  def(`aten::${name}.generator(int[] size, *, Generator? generator, ${opts}`, make);
  def(
    `aten::${name}.names(int[] size, *, str[]? names, ${opts}`,
    (
      size: Shape,
      names: string[] | null,
      ...rest: [DTypeArg, unknown, Device | null, boolean | null]
    ) => {
      checkNames(names);
      return make(size, null, ...rest);
    },
  );
  def(
    `aten::${name}.generator_with_names(int[] size, *, Generator? generator, str[]? names, ${opts}`,
    (
      size: Shape,
      gen: Gen,
      names: string[] | null,
      ...rest: [DTypeArg, unknown, Device | null, boolean | null]
    ) => {
      checkNames(names);
      return make(size, gen, ...rest);
    },
  );
  const fill = name === 'rand' ? uniform : normal;
  const into = (size: Shape, gen: Gen, out: Tensor) => fill(resizeOut(out, size), 0, 1, gen);
  def(
    `aten::${name}.out(int[] size, *, Tensor(a!) out) -> Tensor(a!)`,
    (size: Shape, out: Tensor) => into(size, null, out),
  );
  def(
    `aten::${name}.generator_out(int[] size, *, Generator? generator, Tensor(a!) out) -> Tensor(a!)`,
    into,
  );
  def(
    `aten::${name}.names_out(int[] size, *, str[]? names, Tensor(a!) out) -> Tensor(a!)`,
    (size: Shape, names: string[] | null, out: Tensor) => {
      checkNames(names);
      return into(size, null, out);
    },
  );
  def(
    `aten::${name}.generator_with_names_out(int[] size, *, Generator? generator, str[]? names, Tensor(a!) out) -> Tensor(a!)`,
    (size: Shape, gen: Gen, names: string[] | null, out: Tensor) => {
      checkNames(names);
      return into(size, gen, out);
    },
  );
}

defSizeFactory('rand', rand);
defSizeFactory('randn', randn);

// ---- rand_like, randn_like, randint_like ----

const likeOpts =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor';

function randLike(
  self: Tensor,
  dtype: DTypeArg,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
  memoryFormat: number | null,
): Tensor {
  return uniform(likeTensor(self, dtype, layout, device, pinMemory, memoryFormat), 0, 1);
}

function randnLike(
  self: Tensor,
  dtype: DTypeArg,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
  memoryFormat: number | null,
): Tensor {
  return normal(likeTensor(self, dtype, layout, device, pinMemory, memoryFormat), 0, 1);
}

function randintLike(
  self: Tensor,
  low: number,
  high: number,
  dtype: DTypeArg,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
  memoryFormat: number | null,
): Tensor {
  const t = likeTensor(self, dtype, layout, device, pinMemory, memoryFormat);
  return randomFromTo(t, low, high);
}

def(`aten::rand_like(Tensor self, *, ${likeOpts}`, randLike);
defLikeOut(
  'aten::rand_like.out(Tensor self, *, MemoryFormat? memory_format=None, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, memoryFormat: number | null, dtype: DType) =>
    randLike(self, dtype, null, null, null, memoryFormat),
);
def(`aten::randn_like(Tensor self, *, ${likeOpts}`, randnLike);
defLikeOut(
  'aten::randn_like.out(Tensor self, *, MemoryFormat? memory_format=None, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, memoryFormat: number | null, dtype: DType) =>
    randnLike(self, dtype, null, null, null, memoryFormat),
);
def(
  `aten::randint_like(Tensor self, int high, *, ${likeOpts}`,
  (
    self: Tensor,
    high: number,
    ...rest: [DTypeArg, unknown, Device | null, boolean | null, number | null]
  ) => randintLike(self, 0, high, ...rest),
);
def(`aten::randint_like.low_dtype(Tensor self, int low, int high, *, ${likeOpts}`, randintLike);
defLikeOut(
  'aten::randint_like.out(Tensor self, int high, *, MemoryFormat? memory_format=None, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, high: number, memoryFormat: number | null, dtype: DType) =>
    randintLike(self, 0, high, dtype, null, null, null, memoryFormat),
);
defLikeOut(
  'aten::randint_like.low_dtype_out(Tensor self, int low, int high, *, MemoryFormat? memory_format=None, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, low: number, high: number, memoryFormat: number | null, dtype: DType) =>
    randintLike(self, low, high, dtype, null, null, null, memoryFormat),
);

// ---- randint ----

function randint(
  low: number,
  high: number,
  size: Shape,
  gen: Gen,
  dtype: DTypeArg,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
): Tensor {
  // The schema's default is int64 (ScalarType 4); an explicit None means the default float dtype.
  const t = factory(size, dtype, getDefaultDType(), layout, device, pinMemory);
  return randomFromTo(t, low, high, gen);
}

const randintOpts =
  'ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor';
type FactoryRest = [DTypeArg, unknown, Device | null, boolean | null];

def(
  `aten::randint(int high, int[] size, *, ${randintOpts}`,
  (high: number, size: Shape, ...rest: FactoryRest) => randint(0, high, size, null, ...rest),
);
def(
  `aten::randint.generator(int high, int[] size, *, Generator? generator, ${randintOpts}`,
  (high: number, size: Shape, gen: Gen, ...rest: FactoryRest) =>
    randint(0, high, size, gen, ...rest),
);
def(
  `aten::randint.low(int low, int high, int[] size, *, ${randintOpts}`,
  (low: number, high: number, size: Shape, ...rest: FactoryRest) =>
    randint(low, high, size, null, ...rest),
);
def(
  `aten::randint.low_generator(int low, int high, int[] size, *, Generator? generator, ${randintOpts}`,
  randint,
);

const randintInto = (low: number, high: number, size: Shape, gen: Gen, out: Tensor) =>
  randomFromTo(resizeOut(out, size), low, high, gen);
def(
  'aten::randint.out(int high, int[] size, *, Tensor(a!) out) -> Tensor(a!)',
  (high: number, size: Shape, out: Tensor) => randintInto(0, high, size, null, out),
);
def(
  'aten::randint.generator_out(int high, int[] size, *, Generator? generator, Tensor(a!) out) -> Tensor(a!)',
  (high: number, size: Shape, gen: Gen, out: Tensor) => randintInto(0, high, size, gen, out),
);
def(
  'aten::randint.low_out(int low, int high, int[] size, *, Tensor(a!) out) -> Tensor(a!)',
  (low: number, high: number, size: Shape, out: Tensor) => randintInto(low, high, size, null, out),
);
def(
  'aten::randint.low_generator_out(int low, int high, int[] size, *, Generator? generator, Tensor(a!) out) -> Tensor(a!)',
  randintInto,
);

// ---- randperm ----

function randperm(
  n: number,
  gen: Gen,
  dtype: DTypeArg,
  layout: unknown,
  device: Device | null,
  pinMemory: boolean | null,
): Tensor {
  return randpermInto(factory([n], dtype, 'int64', layout, device, pinMemory), n, gen);
}

const randpermOpts =
  'ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor';
def(`aten::randperm(int n, *, ${randpermOpts}`, (n: number, ...rest: FactoryRest) =>
  randperm(n, null, ...rest),
);
def(`aten::randperm.generator(int n, *, Generator? generator, ${randpermOpts}`, randperm);
const randpermOut = (n: number, gen: Gen, out: Tensor) => {
  if (n < 0) throw runtimeError(`n must be non-negative, got${n}`);
  return randpermInto(resizeOut(out, [n]), n, gen);
};
def('aten::randperm.out(int n, *, Tensor(a!) out) -> Tensor(a!)', (n: number, out: Tensor) =>
  randpermOut(n, null, out),
);
def(
  'aten::randperm.generator_out(int n, *, Generator? generator, Tensor(a!) out) -> Tensor(a!)',
  randpermOut,
);

// ---- uniform, normal_, exponential, random: in place, functional (on a copy), out= ----

/** The functional form PyTorch generates from an in-place sampler: the same on a fresh copy. */
const onCopy =
  <A extends unknown[]>(sample: (t: Tensor, ...a: A) => Tensor) =>
  (self: Tensor, ...a: A): Tensor =>
    sample(emptyLike(self), ...a);

const uniformOf = onCopy(uniform);
def(
  'aten::uniform(Tensor self, float from=0., float to=1., *, Generator? generator=None) -> Tensor',
  uniformOf,
);
defCopyOut(
  'aten::uniform.out(Tensor self, float from=0., float to=1., *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  uniformOf,
);
def(
  'aten::uniform_(Tensor(a!) self, float from=0., float to=1., *, Generator? generator=None) -> Tensor(a!)',
  uniform,
);

const normalOf = onCopy(normal);
def(
  'aten::normal_(Tensor(a!) self, float mean=0., float std=1., *, Generator? generator=None) -> Tensor(a!)',
  normal,
);
def(
  'aten::normal_functional(Tensor self, float mean=0., float std=1., *, Generator? generator=None) -> Tensor',
  normalOf,
);
defCopyOut(
  'aten::normal.out(Tensor self, float mean=0., float std=1., *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  normalOf,
);

const exponentialOf = onCopy(exponential);
def(
  'aten::exponential(Tensor self, float lambd=1., *, Generator? generator=None) -> Tensor',
  exponentialOf,
);
defCopyOut(
  'aten::exponential.out(Tensor self, float lambd=1., *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  exponentialOf,
);
def(
  'aten::exponential_(Tensor(a!) self, float lambd=1., *, Generator? generator=None) -> Tensor(a!)',
  exponential,
);

const cauchyOf = onCopy(cauchy);
def(
  'aten::cauchy(Tensor self, float median=0., float sigma=1., *, Generator? generator=None) -> Tensor',
  cauchyOf,
);
defCopyOut(
  'aten::cauchy.out(Tensor self, float median=0., float sigma=1., *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  cauchyOf,
);
def(
  'aten::cauchy_(Tensor(a!) self, float median=0., float sigma=1., *, Generator? generator=None) -> Tensor(a!)',
  cauchy,
);

const logNormalOf = onCopy(logNormal);
def(
  'aten::log_normal(Tensor self, float mean=1., float std=2., *, Generator? generator=None) -> Tensor',
  logNormalOf,
);
defCopyOut(
  'aten::log_normal.out(Tensor self, float mean=1., float std=2., *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  logNormalOf,
);
def(
  'aten::log_normal_(Tensor(a!) self, float mean=1., float std=2., *, Generator? generator=None) -> Tensor(a!)',
  logNormal,
);

const geometricOf = onCopy(geometric);
def('aten::geometric(Tensor self, float p, *, Generator? generator=None) -> Tensor', geometricOf);
defCopyOut(
  'aten::geometric.out(Tensor self, float p, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  geometricOf,
);
def(
  'aten::geometric_(Tensor(a!) self, float p, *, Generator? generator=None) -> Tensor(a!)',
  geometric,
);

const randomTo = (self: Tensor, to: number, gen: Gen) => randomFromTo(self, 0, to, gen);
const randomFrom = onCopy(randomFromTo);
def(
  'aten::random.from(Tensor self, int from, int? to, *, Generator? generator=None) -> Tensor',
  randomFrom,
);
defCopyOut(
  'aten::random.from_out(Tensor self, int from, int? to, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  randomFrom,
);
def(
  'aten::random.to(Tensor self, int to, *, Generator? generator=None) -> Tensor',
  onCopy(randomTo),
);
defCopyOut(
  'aten::random.to_out(Tensor self, int to, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  onCopy(randomTo),
);
def('aten::random(Tensor self, *, Generator? generator=None) -> Tensor', onCopy(random));
defCopyOut(
  'aten::random.out(Tensor self, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  onCopy(random),
);
def(
  'aten::random_.from(Tensor(a!) self, int from, int? to, *, Generator? generator=None) -> Tensor(a!)',
  randomFromTo,
);
def(
  'aten::random_.to(Tensor(a!) self, int to, *, Generator? generator=None) -> Tensor(a!)',
  randomTo,
);
def('aten::random_(Tensor(a!) self, *, Generator? generator=None) -> Tensor(a!)', random);

// ---- normal with tensor mean or std ----

/** CHECK_NORMAL_TENSOR_STD: every std must be >= 0 (NaN included in the refusal). */
function checkStdTensor(std: Tensor): void {
  if (std.numel() === 0) return;
  const values = std.toArray();
  if (!values.every((v) => v >= 0)) {
    throw runtimeError('normal expects all elements of std >= 0.0');
  }
}

function checkStd(std: number): void {
  if (!(std >= 0)) {
    throw runtimeError(`normal expects std >= 0.0, but found std ${cppDouble(std)}`);
  }
}

/** infer_size of two shapes, in the words of PyTorch's broadcasting error. */
function broadcastSizes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const da = a[i - (n - a.length)] ?? 1;
    const db = b[i - (n - b.length)] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw runtimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** normal_out(output, mean tensor, std float): N(0, std) samples, then plus mean. */
function normalTensorFloatInto(output: Tensor, mean: Tensor, std: number, gen: Gen): Tensor {
  checkStd(std);
  resizeOut(output, broadcastSizes(mean.shape, output.shape));
  normal(output, 0, std, gen);
  return add_(output, mean);
}

/** normal_out(output, mean float, std tensor): N(0, 1) samples, times std, plus mean. */
function normalFloatTensorInto(output: Tensor, mean: number, std: Tensor, gen: Gen): Tensor {
  checkStdTensor(std);
  resizeOut(output, broadcastSizes([], std.shape));
  normal(output, 0, 1, gen);
  mul_(output, std);
  const meanTensor = Tensor.empty([], output.dtype, output.device);
  meanTensor.data[0] = mean;
  return add_(output, meanTensor);
}

/** normal_out(output, mean tensor, std tensor): N(0, 1) samples, times std, plus mean. */
function normalTensorTensorInto(output: Tensor, mean: Tensor, std: Tensor, gen: Gen): Tensor {
  checkStdTensor(std);
  resizeOut(output, broadcastSizes(mean.shape, std.shape));
  normal(output, 0, 1, gen);
  mul_(output, std);
  return add_(output, mean);
}

def(
  'aten::normal.Tensor_float(Tensor mean, float std=1., *, Generator? generator=None) -> Tensor',
  (mean: Tensor, std: number, gen: Gen) =>
    normalTensorFloatInto(Tensor.empty(mean.shape, mean.dtype, mean.device), mean, std, gen),
);
def(
  'aten::normal.Tensor_float_out(Tensor mean, float std=1., *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  (mean: Tensor, std: number, gen: Gen, out: Tensor) => normalTensorFloatInto(out, mean, std, gen),
);
def(
  'aten::normal.float_Tensor_out(float mean, Tensor std, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  (mean: number, std: Tensor, gen: Gen, out: Tensor) => normalFloatTensorInto(out, mean, std, gen),
);
def(
  'aten::normal.float_Tensor(float mean, Tensor std, *, Generator? generator=None) -> Tensor',
  (mean: number, std: Tensor, gen: Gen) =>
    normalFloatTensorInto(Tensor.empty(std.shape, std.dtype, std.device), mean, std, gen),
);
def(
  'aten::normal.Tensor_Tensor(Tensor mean, Tensor std, *, Generator? generator=None) -> Tensor',
  (mean: Tensor, std: Tensor, gen: Gen) => {
    checkStdTensor(std);
    const output = Tensor.empty(broadcastSizes(mean.shape, std.shape), mean.dtype, mean.device);
    return normalTensorTensorInto(output, mean, std, gen);
  },
);
def(
  'aten::normal.Tensor_Tensor_out(Tensor mean, Tensor std, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  (mean: Tensor, std: Tensor, gen: Gen, out: Tensor) => normalTensorTensorInto(out, mean, std, gen),
);
def(
  'aten::normal.float_float(float mean, float std, int[] size, *, Generator? generator=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor',
  (mean: number, std: number, size: Shape, gen: Gen, ...rest: FactoryRest) => {
    const [dtype, layout, device, pinMemory] = rest;
    const t = factory(size, dtype, getDefaultDType(), layout, device, pinMemory);
    return normal(t, mean, std, gen);
  },
);
def(
  'aten::normal.float_float_out(float mean, float std, int[] size, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  (mean: number, std: number, size: Shape, gen: Gen, out: Tensor) =>
    normal(resizeOut(out, size), mean, std, gen),
);

// ---- bernoulli ----

/** bernoulli(self): self holds the probabilities; the result is a new row-major tensor. */
const bernoulliOf = (self: Tensor, gen: Gen) =>
  bernoulliTensor(Tensor.empty(self.shape, self.dtype, self.device), self, gen);
const bernoulliP = (self: Tensor, p: number, gen: Gen) =>
  bernoulliScalar(Tensor.empty(self.shape, self.dtype, self.device), p, gen);
const bernoulliWithTensor = onCopy(bernoulliTensor);

def('aten::bernoulli(Tensor self, *, Generator? generator=None) -> Tensor', bernoulliOf);
def(
  'aten::bernoulli.out(Tensor self, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, gen: Gen, out: Tensor) => bernoulliTensor(resizeOut(out, self.shape), self, gen),
);
def('aten::bernoulli.p(Tensor self, float p, *, Generator? generator=None) -> Tensor', bernoulliP);
def(
  'aten::bernoulli.Tensor(Tensor self, Tensor p, *, Generator? generator=None) -> Tensor',
  bernoulliWithTensor,
);
defCopyOut(
  'aten::bernoulli.Tensor_out(Tensor self, Tensor p, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  bernoulliWithTensor,
);
defCopyOut(
  'aten::bernoulli.float_out(Tensor self, float p=0.5, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  bernoulliP,
);
def(
  'aten::bernoulli_.Tensor(Tensor(a!) self, Tensor p, *, Generator? generator=None) -> Tensor(a!)',
  bernoulliTensor,
);
def(
  'aten::bernoulli_.float(Tensor(a!) self, float p=0.5, *, Generator? generator=None) -> Tensor(a!)',
  bernoulliScalar,
);

// ---- multinomial ----

def(
  'aten::multinomial(Tensor self, int num_samples, bool replacement=False, *, Generator? generator=None) -> Tensor',
  (self: Tensor, samples: number, replacement: boolean, gen: Gen) =>
    multinomialInto(Tensor.empty([0], 'int64', self.device), self, samples, replacement, gen),
);
def(
  'aten::multinomial.out(Tensor self, int num_samples, bool replacement=False, *, Generator? generator=None, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, samples: number, replacement: boolean, gen: Gen, out: Tensor) =>
    multinomialInto(out, self, samples, replacement, gen),
);
