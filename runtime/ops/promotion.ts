// PyTorch's type promotion asked directly: torch.promote_types, torch.result_type, torch.can_cast.

import { canCast, dtypeInfo, promoteTypes, type DType } from '../tensor/dtype.js';
import type { Scalar } from '../tensor/scalar.js';
import { wrapScalar as wrapped } from '../tensor/factory.js';
import type { Tensor } from '../tensor/tensor.js';
import { resultType } from './elementwise.js';
import { def } from './registry.js';

/** ScalarType results are c10's numbers, as TorchScript holds a dtype. */
const code = (dtype: DType) => dtypeInfo(dtype).scalarType;

def('aten::promote_types(ScalarType type1, ScalarType type2) -> ScalarType', (a: DType, b: DType) =>
  code(promoteTypes(a, b)),
);
def('aten::can_cast(ScalarType from, ScalarType to) -> bool', (from: DType, to: DType) =>
  canCast(from, to),
);
def('aten::result_type.Tensor(Tensor tensor, Tensor other) -> ScalarType', (a: Tensor, b: Tensor) =>
  code(resultType(a, b)),
);
def('aten::result_type.Scalar(Tensor tensor, Scalar other) -> ScalarType', (a: Tensor, b: Scalar) =>
  code(resultType(a, wrapped(b))),
);
def(
  'aten::result_type.Scalar_Tensor(Scalar scalar, Tensor tensor) -> ScalarType',
  (a: Scalar, b: Tensor) => code(resultType(wrapped(a), b)),
);
def(
  'aten::result_type.Scalar_Scalar(Scalar scalar1, Scalar scalar2) -> ScalarType',
  (a: Scalar, b: Scalar) => code(resultType(wrapped(a), wrapped(b))),
);
