// Tensor attributes TorchScript reads through operators (`x.dtype` is prim::dtype(x)), and the
// matrix-transpose properties `.T`, `.H`, `.mT`, `.mH`.

import { runtimeError } from '../errors.js';
import { Device } from '../tensor/device.js';
import { dtypeInfo } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { warnOnce } from '../warnings.js';
import { def } from './registry.js';
import { permute, transpose } from './view.js';

def('prim::dtype(Tensor a) -> int', (a: Tensor) => dtypeInfo(a.dtype).scalarType);
def('prim::device(Tensor a) -> Device', (a: Tensor) => a.device);
// torch.strided is Layout 0, the only layout there is here.
def('prim::layout(Tensor a) -> Layout', () => 0);
def('aten::get_device(Tensor self) -> int', (self: Tensor) =>
  self.device.type === 'cpu' ? -1 : (self.device.index ?? 0),
);
def('aten::device(str a) -> Device', (a: string) => Device.parse(a));
def('prim::is_cpu(Tensor a) -> bool', (a: Tensor) => a.device.type === 'cpu');
def('prim::is_cuda(Tensor a) -> bool', (a: Tensor) => a.device.type === 'cuda');
// Backends and layouts this runtime does not have: never true.
for (const backend of [
  'ipu',
  'meta',
  'mkldnn',
  'mps',
  'nested',
  'ort',
  'quantized',
  'sparse',
  'sparse_csr',
  'vulkan',
  'xpu',
]) {
  def(`prim::is_${backend}(Tensor a) -> bool`, () => false);
}
def('prim::name(Tensor a) -> str?', () => null);

// Autograd state: the rest (grad, is_leaf, retains_grad) is runtime/autograd/tensor_ops.ts's.
def('prim::requires_grad(Tensor a) -> bool', (a: Tensor) => a.requiresGrad);
def('prim::data(Tensor(a) a) -> Tensor(a)', (a: Tensor) => a);

def('aten::is_nonzero(Tensor self) -> bool', (self: Tensor) => {
  const n = self.numel();
  if (n === 0) throw runtimeError('Boolean value of Tensor with no values is ambiguous');
  if (n > 1) throw runtimeError('Boolean value of Tensor with more than one value is ambiguous');
  return Number(self.item()) !== 0;
});

function reversedDims(self: Tensor): Tensor {
  return permute(
    self,
    self.shape.map((_, i) => self.ndim - 1 - i),
  );
}

function numpyT(self: Tensor): Tensor {
  if (self.ndim !== 2 && self.ndim !== 0) {
    warnOnce(
      'The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.',
    );
  }
  return reversedDims(self);
}

function matrixH(self: Tensor): Tensor {
  if (self.ndim === 0) return self;
  if (self.ndim !== 2) {
    throw runtimeError(
      `tensor.H is only supported on matrices (2-D tensors). Got ${self.ndim}-D tensor.${self.ndim > 2 ? ' For batches of matrices, consider using tensor.mH' : ''}`,
    );
  }
  return transpose(self, 0, 1);
}

function mT(self: Tensor): Tensor {
  if (self.ndim === 0) return self;
  if (self.ndim < 2) {
    throw runtimeError(
      `tensor.mT is only supported on matrices or batches of matrices. Got ${self.ndim}-D tensor.`,
    );
  }
  return transpose(self, -2, -1);
}

function mH(self: Tensor): Tensor {
  if (self.ndim === 0) return self;
  if (self.ndim < 2) {
    throw runtimeError(
      `tensor.mH is only supported on matrices or batches of matrices. Got ${self.ndim}-D tensor.`,
    );
  }
  return transpose(self, -2, -1);
}

for (const [name, impl] of [
  ['numpy_T', numpyT],
  ['matrix_H', matrixH],
  ['mT', mT],
  ['mH', mH],
] as const) {
  def(`aten::${name}(Tensor(a) self) -> Tensor(a)`, impl);
  def(`aten::${name}.a(Tensor(a) self) -> Tensor(a)`, impl);
}

// `cpu` and `cpu:0` differ here: the index must match, absent or not.
const sameDevice = (a: Device, b: Device) => a.type === b.type && a.index === b.index;
def('aten::eq.device(Device a, Device b) -> bool', sameDevice);
def('aten::ne.device(Device a, Device b) -> bool', (a: Device, b: Device) => !sameDevice(a, b));
