// resolve_conj and resolve_neg: PyTorch's tensors can carry lazy conjugate and negative bits
// that these materialise. Ours never carry them (there are no complex tensors), so both return
// the tensor itself, as PyTorch's do for a tensor without the bit. Traces record them where
// PyTorch reads a tensor out (tolist).

import { Tensor } from '../tensor/tensor.js';
import { def } from './registry.js';

const itself = (self: Tensor): Tensor => self;

def('aten::resolve_conj(Tensor(a) self) -> Tensor(a)', itself);
def('aten::resolve_neg(Tensor(a) self) -> Tensor(a)', itself);
