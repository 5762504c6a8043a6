// Logical and bitwise operators (logical_and/or/xor, bitwise_and/or/xor, shifts and their
// Python dunder spellings) and selection by a mask (where, masked_fill).

import { runtimeError } from '../errors.js';
import { runPointwise, type PointwiseKernel } from '../kernels/pointwise.js';
import { isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { wrapScalar } from '../tensor/factory.js';
import { broadcastShapes, formatShape, sameShape, type Shape } from '../tensor/shape.js';
import type { Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import {
  elementwise,
  elementwiseInPlace,
  identity,
  resultType,
  toBool,
  writeInto,
  writeOut,
  type Typing,
} from './elementwise.js';
import { def, type Impl } from './registry.js';
import { copyOut, scalarTo } from './unary.js';

// ---- logical_and, logical_or, logical_xor ----

const logicalKernels: [string, string][] = [
  ['logical_and', 'a !== 0 && b !== 0'],
  ['logical_or', 'a !== 0 || b !== 0'],
  ['logical_xor', '(a !== 0) !== (b !== 0)'],
];

for (const [name, expr] of logicalKernels) {
  const kernel: PointwiseKernel = { name, expr, returnsBool: true };
  const functional = (self: Tensor, other: Tensor) => elementwise(kernel, [self, other], toBool);
  def(`aten::${name}(Tensor self, Tensor other) -> Tensor`, functional);
  def(
    `aten::${name}.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)`,
    (self: Tensor, other: Tensor, out: Tensor) => writeOut(out, functional(self, other)),
  );
  def(
    `aten::${name}_(Tensor(a!) self, Tensor other) -> Tensor(a!)`,
    (self: Tensor, other: Tensor) => elementwiseInPlace(kernel, self, [self, other], toBool),
  );
}

// ---- bitwise and, or, xor and shifts ----

/** A 64-bit two's-complement operation on integers held in doubles, exact up to 2^53. */
function int64Op(op: (a: bigint, b: bigint) => bigint) {
  return (a: number, b: number) => Number(BigInt.asIntN(64, op(BigInt(a), BigInt(b))));
}
const and64 = int64Op((a, b) => a & b);
const or64 = int64Op((a, b) => a | b);
const xor64 = int64Op((a, b) => a ^ b);
const shiftLeft64 = int64Op((a, b) => a << b);

const bitwise = (name: string, op: string, wide: (a: number, b: number) => number) => ({
  name,
  expr: (c: DType) =>
    c === 'int64' ? `(a | 0) === a && (b | 0) === b ? (a ${op} b) : wide(a, b)` : `a ${op} b`,
  helpers: { wide },
});

const andKernel: PointwiseKernel = bitwise('bitwise_and', '&', and64);
const orKernel: PointwiseKernel = bitwise('bitwise_or', '|', or64);
const xorKernel: PointwiseKernel = bitwise('bitwise_xor', '^', xor64);

/**
 * Shifts as x86 does them for PyTorch's C++ `a << b`: the count is taken modulo the width of
 * the promoted operand (32 bits up to int32, 64 for int64), so a shift by 33 shifts by 1.
 */
const lshiftKernel: PointwiseKernel = {
  name: 'lshift',
  expr: (c) => (c === 'int64' ? 'shiftLeft(a, b & 63)' : 'a << (b & 31)'),
  helpers: {
    shiftLeft: (a: number, s: number) => {
      const r = a * 2 ** s;
      return Math.abs(r) < 2 ** 53 ? r : shiftLeft64(a, s);
    },
  },
};
const rshiftKernel: PointwiseKernel = {
  name: 'rshift',
  // Division by a power of two and floor is the arithmetic shift, exactly, for any double.
  expr: (c) => (c === 'int64' ? 'Math.floor(a / 2 ** (b & 63))' : 'a >> (b & 31)'),
};

/** Bitwise kernels exist for bool and integers; shifts for integers only. */
function integerTyping(kernelName: string, allowBool: boolean): Typing {
  return {
    compute: (d) => {
      if (isFloating(d) || (d === 'bool' && !allowBool)) {
        throw runtimeError(`"${kernelName}" not implemented for '${scalarTypeName(d)}'`);
      }
      return d;
    },
  };
}

interface Binary {
  kernel: PointwiseKernel;
  typing: Typing;
}

const binaries: Record<string, Binary> = {
  and: { kernel: andKernel, typing: integerTyping('bitwise_and_cpu', true) },
  or: { kernel: orKernel, typing: integerTyping('bitwise_or_cpu', true) },
  xor: { kernel: xorKernel, typing: integerTyping('bitwise_xor_cpu', true) },
  lshift: { kernel: lshiftKernel, typing: integerTyping('lshift_cpu', false) },
  rshift: { kernel: rshiftKernel, typing: integerTyping('rshift_cpu', false) },
};

type TensorFn = (self: Tensor, other: Tensor) => Tensor;

function functional(b: Binary): TensorFn {
  return (self, other) => elementwise(b.kernel, [self, other], b.typing);
}

/** In place, the result type must fit self before the kernel's own dtype rules are asked. */
function inPlace(b: Binary): TensorFn {
  return (self, other) => {
    writeInto(self, resultType(self, other), [self, other], 'result type');
    return elementwiseInPlace(b.kernel, self, [self, other], b.typing);
  };
}

const withScalar =
  (fn: TensorFn) =>
  (self: Tensor, other: Scalar, ...rest: unknown[]) =>
    (fn as Impl)(self, wrapScalar(other), ...rest);
const scalarFirst =
  (fn: TensorFn) =>
  (self: Scalar, other: Tensor, ...rest: unknown[]) =>
    (fn as Impl)(wrapScalar(self), other, ...rest);
const out =
  (fn: Impl) =>
  (...args: unknown[]) => {
    const o = args.pop() as Tensor;
    return writeOut(o, fn(...args) as Tensor);
  };

/** The overloads of one binary operator: Tensor or Scalar operands, out= and in-place. */
function forms(b: Binary) {
  const tensor = functional(b);
  return {
    tensor,
    scalar: withScalar(tensor),
    scalarSelf: scalarFirst(tensor),
    tensorOut: out(tensor),
    scalarOut: out(withScalar(tensor)),
    scalarSelfOut: out(scalarFirst(tensor)),
    inPlace: inPlace(b),
    inPlaceScalar: withScalar(inPlace(b)),
  };
}

const bitAnd = forms(binaries.and);
const bitOr = forms(binaries.or);
const bitXor = forms(binaries.xor);
const shiftLeft = forms(binaries.lshift);
const shiftRight = forms(binaries.rshift);

def('aten::bitwise_and.Tensor(Tensor self, Tensor other) -> Tensor', bitAnd.tensor);
def('aten::bitwise_and.Scalar(Tensor self, Scalar other) -> Tensor', bitAnd.scalar);
def(
  'aten::bitwise_and.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  bitAnd.tensorOut,
);
def(
  'aten::bitwise_and.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  bitAnd.scalarOut,
);
def('aten::bitwise_and.Scalar_Tensor(Scalar self, Tensor other) -> Tensor', bitAnd.scalarSelf);
def(
  'aten::bitwise_and.Scalar_Tensor_out(Scalar self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  bitAnd.scalarSelfOut,
);
def('aten::bitwise_and_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', bitAnd.inPlace);
def('aten::bitwise_and_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)', bitAnd.inPlaceScalar);
def('aten::bitwise_or.Tensor(Tensor self, Tensor other) -> Tensor', bitOr.tensor);
def('aten::bitwise_or.Scalar(Tensor self, Scalar other) -> Tensor', bitOr.scalar);
def(
  'aten::bitwise_or.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  bitOr.tensorOut,
);
def(
  'aten::bitwise_or.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  bitOr.scalarOut,
);
def('aten::bitwise_or.Scalar_Tensor(Scalar self, Tensor other) -> Tensor', bitOr.scalarSelf);
def(
  'aten::bitwise_or.Scalar_Tensor_out(Scalar self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  bitOr.scalarSelfOut,
);
def('aten::bitwise_or_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', bitOr.inPlace);
def('aten::bitwise_or_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)', bitOr.inPlaceScalar);
def('aten::bitwise_xor.Tensor(Tensor self, Tensor other) -> Tensor', bitXor.tensor);
def('aten::bitwise_xor.Scalar(Tensor self, Scalar other) -> Tensor', bitXor.scalar);
def(
  'aten::bitwise_xor.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  bitXor.tensorOut,
);
def(
  'aten::bitwise_xor.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  bitXor.scalarOut,
);
def('aten::bitwise_xor.Scalar_Tensor(Scalar self, Tensor other) -> Tensor', bitXor.scalarSelf);
def(
  'aten::bitwise_xor.Scalar_Tensor_out(Scalar self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  bitXor.scalarSelfOut,
);
def('aten::bitwise_xor_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', bitXor.inPlace);
def('aten::bitwise_xor_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)', bitXor.inPlaceScalar);
def('aten::__and__.Scalar(Tensor self, Scalar other) -> Tensor', bitAnd.scalar);
def('aten::__and__.Tensor(Tensor self, Tensor other) -> Tensor', bitAnd.tensor);
def('aten::__or__.Tensor(Tensor self, Tensor other) -> Tensor', bitOr.tensor);
def('aten::__or__.Scalar(Tensor self, Scalar other) -> Tensor', bitOr.scalar);
def('aten::__xor__.Tensor(Tensor self, Tensor other) -> Tensor', bitXor.tensor);
def('aten::__xor__.Scalar(Tensor self, Scalar other) -> Tensor', bitXor.scalar);
def('aten::__lshift__.Tensor(Tensor self, Tensor other) -> Tensor', shiftLeft.tensor);
def('aten::__lshift__.Scalar(Tensor self, Scalar other) -> Tensor', shiftLeft.scalar);
def(
  'aten::__lshift__.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftLeft.scalarOut,
);
def(
  'aten::__lshift__.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftLeft.tensorOut,
);
def('aten::__rshift__.Tensor(Tensor self, Tensor other) -> Tensor', shiftRight.tensor);
def('aten::__rshift__.Scalar(Tensor self, Scalar other) -> Tensor', shiftRight.scalar);
def(
  'aten::__rshift__.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftRight.scalarOut,
);
def(
  'aten::__rshift__.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftRight.tensorOut,
);
def('aten::__iand__.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', bitAnd.inPlace);
def('aten::__iand__.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)', bitAnd.inPlaceScalar);
def('aten::__ior__.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', bitOr.inPlace);
def('aten::__ior__.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)', bitOr.inPlaceScalar);
def('aten::__ixor__.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', bitXor.inPlace);
def('aten::__ixor__.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)', bitXor.inPlaceScalar);
def('aten::__ilshift__.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', shiftLeft.inPlace);
def(
  'aten::__ilshift__.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)',
  shiftLeft.inPlaceScalar,
);
def('aten::__irshift__.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', shiftRight.inPlace);
def(
  'aten::__irshift__.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)',
  shiftRight.inPlaceScalar,
);
def('aten::bitwise_left_shift.Tensor(Tensor self, Tensor other) -> Tensor', shiftLeft.tensor);
def(
  'aten::bitwise_left_shift.Tensor_Scalar(Tensor self, Scalar other) -> Tensor',
  shiftLeft.scalar,
);
def(
  'aten::bitwise_left_shift.Scalar_Tensor(Scalar self, Tensor other) -> Tensor',
  shiftLeft.scalarSelf,
);
def(
  'aten::bitwise_left_shift.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftLeft.tensorOut,
);
def(
  'aten::bitwise_left_shift.Tensor_Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftLeft.scalarOut,
);
def(
  'aten::bitwise_left_shift.Scalar_Tensor_out(Scalar self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftLeft.scalarSelfOut,
);
def(
  'aten::bitwise_left_shift_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)',
  shiftLeft.inPlace,
);
def(
  'aten::bitwise_left_shift_.Tensor_Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)',
  shiftLeft.inPlaceScalar,
);
def('aten::bitwise_right_shift.Tensor(Tensor self, Tensor other) -> Tensor', shiftRight.tensor);
def(
  'aten::bitwise_right_shift.Tensor_Scalar(Tensor self, Scalar other) -> Tensor',
  shiftRight.scalar,
);
def(
  'aten::bitwise_right_shift.Scalar_Tensor(Scalar self, Tensor other) -> Tensor',
  shiftRight.scalarSelf,
);
def(
  'aten::bitwise_right_shift.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftRight.tensorOut,
);
def(
  'aten::bitwise_right_shift.Tensor_Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftRight.scalarOut,
);
def(
  'aten::bitwise_right_shift.Scalar_Tensor_out(Scalar self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  shiftRight.scalarSelfOut,
);
def(
  'aten::bitwise_right_shift_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)',
  shiftRight.inPlace,
);
def(
  'aten::bitwise_right_shift_.Tensor_Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)',
  shiftRight.inPlaceScalar,
);

// ---- where ----

const selectKernel: PointwiseKernel = { name: 'where', expr: 'a !== 0 ? b : c' };

function checkCondition(condition: Tensor): void {
  if (condition.dtype !== 'bool' && condition.dtype !== 'uint8') {
    throw runtimeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(condition.dtype)}`,
    );
  }
}

function where(condition: Tensor, self: Tensor, other: Tensor): Tensor {
  checkCondition(condition);
  const dtype = resultType(self, other);
  return elementwise(selectKernel, [condition, self, other], { compute: () => dtype });
}

/** A scalar operand of where becomes a 0-dim tensor of the result dtype, checked for overflow. */
function scalarOperand(value: Scalar, dtype: DType): Tensor {
  const t = Tensor.empty([], dtype);
  t.data[0] = scalarTo(value, dtype);
  return t;
}

function whereScalarOther(condition: Tensor, self: Tensor, other: Scalar): Tensor {
  const dtype = resultType(self, wrapScalar(other));
  return where(condition, self, scalarOperand(other, dtype));
}

function whereScalarSelf(condition: Tensor, self: Scalar, other: Tensor): Tensor {
  const dtype = resultType(other, wrapScalar(self));
  return where(condition, scalarOperand(self, dtype), other);
}

function whereScalars(condition: Tensor, self: Scalar, other: Scalar): Tensor {
  const dtype = resultType(wrapScalar(self), wrapScalar(other));
  return where(condition, scalarOperand(self, dtype), scalarOperand(other, dtype));
}

/** where.self_out: PyTorch 1.13.1's CPU kernel asserts that out already has the result dtype. */
function whereOut(condition: Tensor, self: Tensor, other: Tensor, out: Tensor): Tensor {
  const result = where(condition, self, other);
  if (out.dtype !== result.dtype) {
    throw runtimeError(
      '!needs_dynamic_casting<func_t>::check(iter) INTERNAL ASSERT FAILED at "./aten/src/ATen/native/cpu/Loops.h":308, please report a bug to PyTorch. ',
    );
  }
  return writeOut(out, result);
}

/** where(condition): the indices of the nonzero elements, one int64 tensor per dimension. */
function nonzeroTuple(condition: Tensor): Tensor[] {
  const shape = condition.ndim === 0 ? [1] : condition.shape;
  const strides = condition.ndim === 0 ? [0] : condition.strides;
  const hits: number[][] = shape.map(() => []);
  const index = shape.map(() => 0);
  const numel = condition.numel();
  const data = condition.data;
  let at = condition.offset;
  for (let n = 0; n < numel; n++) {
    if (data[at] !== 0) index.forEach((i, d) => hits[d].push(i));
    // Advance the odometer: bump the last dimension, carrying into earlier ones.
    for (let d = shape.length - 1; d >= 0; d--) {
      at += strides[d];
      if (++index[d] < shape[d]) break;
      at -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return hits.map((h) => {
    const t = Tensor.empty([h.length], 'int64');
    t.data.set(h);
    return t;
  });
}

def('aten::where.self(Tensor condition, Tensor self, Tensor other) -> Tensor', where);
def(
  'aten::where.ScalarOther(Tensor condition, Tensor self, Scalar other) -> Tensor',
  whereScalarOther,
);
def(
  'aten::where.ScalarSelf(Tensor condition, Scalar self, Tensor other) -> Tensor',
  whereScalarSelf,
);
def('aten::where(Tensor condition) -> Tensor[]', nonzeroTuple);
def(
  'aten::where.self_out(Tensor condition, Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  whereOut,
);
def('aten::where.Scalar(Tensor condition, Scalar self, Scalar other) -> Tensor', whereScalars);

// ---- masked_fill ----

const fillWhereKernel: PointwiseKernel = { name: 'masked_fill', expr: 'b !== 0 ? p0 : a' };

// PyTorch reads a mask that is neither bool nor uint8 one byte per element: the lowest byte of
// each element's little-endian representation.
const float32Bytes = new Float32Array(1);
const float64Bytes = new Float64Array(1);
const lowByte32 = new Uint8Array(float32Bytes.buffer);
const lowByte64 = new Uint8Array(float64Bytes.buffer);
const maskByteKernel: PointwiseKernel = {
  name: 'mask_byte',
  expr: (c) => (c === 'float32' ? 'low32(a)' : c === 'float64' ? 'low64(a)' : 'a & 255'),
  helpers: {
    low32: (x: number) => ((float32Bytes[0] = x), lowByte32[0]),
    low64: (x: number) => ((float64Bytes[0] = x), lowByte64[0]),
  },
};

/** The mask as PyTorch's kernel sees it: bool as is; any other dtype as bytes that must be 0 or 1. */
function maskBytes(mask: Tensor): Tensor {
  if (mask.dtype === 'bool') return mask;
  let bytes = mask;
  if (mask.dtype !== 'uint8') {
    bytes = Tensor.empty(mask.shape, 'uint8', mask.device);
    runPointwise(maskByteKernel, bytes, [mask], mask.dtype);
  }
  if (bytes.toArray().some((v) => v > 1)) {
    throw runtimeError('Mask tensor can take 0 and 1 values only');
  }
  return bytes;
}

function maskedFillInPlace(self: Tensor, mask: Tensor, value: Scalar): Tensor {
  const shape = broadcastShapes(self.shape, mask.shape);
  if (!sameShape(shape, self.shape)) {
    throw runtimeError(
      `output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  const fill = scalarTo(value, self.dtype);
  runPointwise(fillWhereKernel, self, [self, maskBytes(mask)], self.dtype, [fill]);
  return self;
}

function checkValueTensor(value: Tensor): Scalar {
  if (value.ndim !== 0) {
    throw runtimeError(
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
    );
  }
  return value.item();
}

/** The out-of-place form fills a contiguous copy of self broadcast against the mask. */
function broadcastCopy(self: Tensor, mask: Tensor): Tensor {
  const shape: Shape = broadcastShapes(mask.shape, self.shape);
  const copy = Tensor.empty(shape, self.dtype, self.device);
  runPointwise(identity, copy, [self], self.dtype);
  return copy;
}

function maskedFill(self: Tensor, mask: Tensor, value: Scalar): Tensor {
  return maskedFillInPlace(broadcastCopy(self, mask), mask, value);
}

function maskedFillTensor(self: Tensor, mask: Tensor, value: Tensor): Tensor {
  const copy = broadcastCopy(self, mask);
  return maskedFillInPlace(copy, mask, checkValueTensor(value));
}

const maskedFillTensor_ = (self: Tensor, mask: Tensor, value: Tensor) =>
  maskedFillInPlace(self, mask, checkValueTensor(value));

def('aten::masked_fill.Scalar(Tensor self, Tensor mask, Scalar value) -> Tensor', maskedFill);
def('aten::masked_fill.Tensor(Tensor self, Tensor mask, Tensor value) -> Tensor', maskedFillTensor);
def(
  'aten::masked_fill.Scalar_out(Tensor self, Tensor mask, Scalar value, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, mask: Tensor, value: Scalar, o: Tensor) =>
    copyOut(o, maskedFill(self, mask, value)),
);
def(
  'aten::masked_fill.Tensor_out(Tensor self, Tensor mask, Tensor value, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, mask: Tensor, value: Tensor, o: Tensor) =>
    copyOut(o, maskedFillTensor(self, mask, value)),
);
def(
  'aten::masked_fill_.Scalar(Tensor(a!) self, Tensor mask, Scalar value) -> Tensor(a!)',
  maskedFillInPlace,
);
def(
  'aten::masked_fill_.Tensor(Tensor(a!) self, Tensor mask, Tensor value) -> Tensor(a!)',
  maskedFillTensor_,
);

export { where, maskedFill };
