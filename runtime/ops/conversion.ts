// dtype and device conversion, copies and fills, and the tensor properties TorchScript reads as
// operators (size, dim, numel, item, Int, Float, Bool, ...).

import { runtimeError } from '../errors.js';
import { cpu, requireDevice, type Device } from '../tensor/device.js';
import { dtypeFromScalarType, dtypeInfo, isFloating, type DType } from '../tensor/dtype.js';
import { fromArray, wrapScalar } from '../tensor/factory.js';
import type { Scalar } from '../tensor/scalar.js';
import { contiguousStrides, normalizeDim, numelOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous, copyInto, resizeInPlace } from './elementwise.js';
import { def } from './registry.js';
import { checkedScalar } from './creation.js';

/** Tensor.to: returns `self` itself when nothing changes and no copy is asked for. */
export function to(self: Tensor, dtype: DType | null, device: Device | null, copy = false): Tensor {
  const targetDtype = dtype ?? self.dtype;
  const targetDevice = requireDevice(device ?? self.device);
  if (!copy && targetDtype === self.dtype && targetDevice.equals(self.device)) return self;
  const out = Tensor.empty(self.shape, targetDtype, targetDevice);
  return copyInto(out, self);
}

function scalarOf(self: Tensor): Scalar {
  const n = self.numel();
  if (n !== 1) throw runtimeError(`a Tensor with ${n} elements cannot be converted to Scalar`);
  return self.item();
}

export const item = scalarOf;

export function toInt(self: Tensor): number {
  const v = Number(scalarOf(self));
  if (!Number.isFinite(v) || Math.abs(v) >= 2 ** 63) {
    throw runtimeError('value cannot be converted to type int64_t without overflow');
  }
  return Math.trunc(v);
}

export function toFloat(self: Tensor): number {
  return Number(scalarOf(self));
}

/** bool(tensor): Python's truth value of a one-element tensor. */
export function toBool(self: Tensor): boolean {
  if (self.numel() !== 1) {
    throw runtimeError('Boolean value of Tensor with more than one value is ambiguous');
  }
  const v = self.data[self.storageIndex(0)];
  return v !== 0;
}

export function fill_(self: Tensor, value: Scalar | Tensor): Tensor {
  if (value instanceof Tensor && value.ndim !== 0) {
    throw runtimeError(
      `fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`,
    );
  }
  if (value instanceof Tensor) return copyInto(self, value);
  const converted = checkedScalar(value, self.dtype, 'c');
  return copyInto(self, wrapScalar(isFloating(self.dtype) ? converted : BigInt(converted)));
}

export function size(self: Tensor, dim?: number): number | number[] {
  return dim === undefined ? self.shape.slice() : self.shape[normalizeDim(dim, self.ndim)];
}

export function stride(self: Tensor, dim?: number): number | number[] {
  return dim === undefined ? self.strides.slice() : self.strides[normalizeDim(dim, self.ndim)];
}

export function resize_(self: Tensor, shape: readonly number[]): Tensor {
  if (shape.some((s) => s < 0)) throw runtimeError('numel: integer multiplication overflow');
  const needed = numelOf(shape);
  if (self.offset + needed <= self.data.length) {
    self.setView(shape.slice(), contiguousStrides(shape), self.offset);
  } else {
    const old = contiguous(self);
    resizeInPlace(self, shape);
    self.data.set(old.data.subarray(0, Math.min(old.data.length, needed)));
  }
  return self;
}

def(
  'aten::to.device(Tensor(a) self, Device device, ScalarType dtype, bool non_blocking=False, bool copy=False, MemoryFormat? memory_format=None) -> Tensor(a)',
  (self: Tensor, device: Device, dtype: DType, _nb: boolean, copy: boolean) =>
    to(self, dtype, device, copy),
);
def(
  'aten::to.dtype(Tensor(a) self, ScalarType dtype, bool non_blocking=False, bool copy=False, MemoryFormat? memory_format=None) -> Tensor(a)',
  (self: Tensor, dtype: DType, _nb: boolean, copy: boolean) => to(self, dtype, null, copy),
);
def(
  'aten::to.other(Tensor(a) self, Tensor other, bool non_blocking=False, bool copy=False, MemoryFormat? memory_format=None) -> Tensor(a)',
  (self: Tensor, other: Tensor, _nb: boolean, copy: boolean) =>
    to(self, other.dtype, other.device, copy),
);
def(
  'aten::to.dtype_layout(Tensor(a) self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, bool non_blocking=False, bool copy=False, MemoryFormat? memory_format=None) -> Tensor(a)',
  (
    self: Tensor,
    dtype: DType | null,
    _l: unknown,
    device: Device | null,
    _p: unknown,
    _nb: boolean,
    copy: boolean,
  ) => to(self, dtype, device, copy),
);
// TorchScript's own overloads carry the dtype as its ScalarType number.
const dtypeOfCode = (code: number | null) => (code === null ? null : dtypeFromScalarType(code));
def(
  'aten::to.prim_Device(Tensor(a) self, Device? device, int? dtype=None, bool non_blocking=False, bool copy=False) -> Tensor(b|a)',
  (self: Tensor, device: Device | null, dtype: number | null, _nb: boolean, copy: boolean) =>
    to(self, dtypeOfCode(dtype), device, copy),
);
def(
  'aten::to.prim_dtype(Tensor(a) self, int? dtype=None, bool non_blocking=False, bool copy=False) -> Tensor(b|a)',
  (self: Tensor, dtype: number | null, _nb: boolean, copy: boolean) =>
    to(self, dtypeOfCode(dtype), null, copy),
);
def(
  'aten::to.prim_other(Tensor(a) self, bool non_blocking=False, bool copy=False) -> Tensor(b|a)',
  (self: Tensor, _nb: boolean, copy: boolean) => to(self, null, null, copy),
);
def(
  'aten::_to_copy(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, bool non_blocking=False, MemoryFormat? memory_format=None) -> Tensor',
  (self: Tensor, dtype: DType | null, _l: unknown, device: Device | null) =>
    to(self, dtype, device, true),
);
def('aten::type_as(Tensor self, Tensor other) -> Tensor', (self: Tensor, other: Tensor) =>
  to(self, other.dtype, null),
);
def('aten::cpu(Tensor(a) self) -> Tensor(b|a)', (self: Tensor) => to(self, null, cpu));

def('aten::copy_(Tensor(a!) self, Tensor src, bool non_blocking=False) -> Tensor(a!)', copyInto);
def('aten::copy_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', copyInto);
def('aten::copy_.int(Tensor(a!) self, int other) -> Tensor(a!)', (self: Tensor, v: number) =>
  copyInto(self, wrapScalar(BigInt(v))),
);
def('aten::copy_.float(Tensor(a!) self, float other) -> Tensor(a!)', (self: Tensor, v: number) =>
  copyInto(self, wrapScalar(v)),
);
def('aten::fill_.Scalar(Tensor(a!) self, Scalar value) -> Tensor(a!)', fill_);
def('aten::fill_.Tensor(Tensor(a!) self, Tensor value) -> Tensor(a!)', fill_);
def('aten::zero_(Tensor(a!) self) -> Tensor(a!)', (self: Tensor) => fill_(self, 0n));
def(
  'aten::resize_(Tensor(a!) self, SymInt[] size, *, MemoryFormat? memory_format=None) -> Tensor(a!)',
  resize_,
);
def(
  'aten::resize_as_(Tensor(a!) self, Tensor the_template, *, MemoryFormat? memory_format=None) -> Tensor(a!)',
  (self: Tensor, template: Tensor) => resize_(self, template.shape),
);

def('aten::item(Tensor self) -> Scalar', item);
def('aten::Int.Tensor(Tensor a) -> int', toInt);
def('aten::Float.Tensor(Tensor a) -> float', toFloat);
def('aten::Bool.Tensor(Tensor a) -> bool', toBool);
/** A 0-dim tensor passed where a number is expected (`range(t)`, `float_arg=t`). */
function implicitScalar(a: Tensor, integral: boolean): Scalar {
  if (a.ndim !== 0)
    throw runtimeError('Cannot input a tensor of dimension other than 0 as a scalar argument');
  if (integral && (isFloating(a.dtype) || a.dtype === 'bool')) {
    throw runtimeError(
      `Cannot input a tensor of type ${dtypeInfo(a.dtype).typeName} as an integral argument`,
    );
  }
  return a.item();
}

def('aten::ScalarImplicit(Tensor a) -> Scalar', (a: Tensor) => implicitScalar(a, false));
def('aten::IntImplicit(Tensor a) -> int', (a: Tensor) => Number(implicitScalar(a, true)));
def('aten::FloatImplicit(Tensor a) -> float', (a: Tensor) => Number(implicitScalar(a, false)));
def('aten::numel(Tensor self) -> int', (self: Tensor) => self.numel());
def('aten::dim(Tensor self) -> int', (self: Tensor) => self.ndim);
def('aten::size.int(Tensor self, int dim) -> int', size);
def('aten::size(Tensor self) -> int[]', (self: Tensor) => size(self));
def('aten::stride.int(Tensor self, int dim) -> int', stride);
def('aten::stride(Tensor self) -> int[]', (self: Tensor) => stride(self));
def('aten::storage_offset(Tensor self) -> int', (self: Tensor) => self.offset);
def('aten::element_size(Tensor self) -> int', (self: Tensor) => dtypeInfo(self.dtype).itemsize);
def('aten::is_floating_point(Tensor self) -> bool', (self: Tensor) => isFloating(self.dtype));
def('aten::is_complex(Tensor self) -> bool', () => false);
def(
  'aten::is_signed(Tensor self) -> bool',
  (self: Tensor) => self.dtype !== 'bool' && self.dtype !== 'uint8',
);
def('aten::is_contiguous(Tensor self) -> bool', (self: Tensor) => self.isContiguous());
def('aten::len.Tensor(Tensor t) -> int', (self: Tensor) => {
  if (self.ndim === 0) throw runtimeError('len() of a 0-d tensor');
  return self.shape[0];
});
def('aten::_shape_as_tensor(Tensor self) -> Tensor', (self: Tensor) =>
  fromArray(self.shape, [self.ndim], 'int64'),
);
