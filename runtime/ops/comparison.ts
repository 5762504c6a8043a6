// Comparisons: eq, ne, lt, le, gt, ge and their aliases (greater, less_equal, not_equal, ...),
// with Tensor, Scalar, out= and in-place overloads, and equal, isclose, allclose.
// Operands compare in their promoted dtype; results are bool, except in place, where self keeps
// its dtype and receives 0 or 1.

import { runtimeError } from '../errors.js';
import type { PointwiseKernel } from '../kernels/pointwise.js';
import { getDefaultDType, isFloating, scalarTypeName } from '../tensor/dtype.js';
import { wrapScalar } from '../tensor/factory.js';
import { sameShape } from '../tensor/shape.js';
import type { Scalar } from '../tensor/scalar.js';
import type { Tensor } from '../tensor/tensor.js';
import { elementwise, elementwiseInPlace, toBool, writeOut } from './elementwise.js';
import { def } from './registry.js';
import { formatDouble } from './unary.js';

const comparisons: [string, string][] = [
  ['eq', 'a === b'],
  ['ne', 'a !== b'],
  ['lt', 'a < b'],
  ['le', 'a <= b'],
  ['gt', 'a > b'],
  ['ge', 'a >= b'],
];

/** PyTorch's spelled-out aliases and the operator each one means. */
const aliases: [string, string][] = [
  ['greater', 'gt'],
  ['greater_equal', 'ge'],
  ['less', 'lt'],
  ['less_equal', 'le'],
  ['not_equal', 'ne'],
];

const kernels = new Map<string, PointwiseKernel>(
  comparisons.map(([name, expr]) => [name, { name: `compare_${name}`, expr, returnsBool: true }]),
);

export function compare(op: string, self: Tensor, other: Tensor): Tensor {
  return elementwise(kernels.get(op)!, [self, other], toBool);
}

function compareInPlace(op: string, self: Tensor, other: Tensor): Tensor {
  return elementwiseInPlace(kernels.get(op)!, self, [self, other], toBool);
}

/** Declares the six overloads of one comparison under `name`, computing `op`. */
function defComparison(name: string, op: string): void {
  const tensor = (self: Tensor, other: Tensor) => compare(op, self, other);
  const scalar = (self: Tensor, other: Scalar) => compare(op, self, wrapScalar(other));
  def(`aten::${name}.Tensor(Tensor self, Tensor other) -> Tensor`, tensor);
  def(`aten::${name}.Scalar(Tensor self, Scalar other) -> Tensor`, scalar);
  def(
    `aten::${name}.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)`,
    (self: Tensor, other: Scalar, out: Tensor) => writeOut(out, scalar(self, other)),
  );
  def(
    `aten::${name}.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)`,
    (self: Tensor, other: Tensor, out: Tensor) => writeOut(out, tensor(self, other)),
  );
  def(
    `aten::${name}_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)`,
    (self: Tensor, other: Scalar) => compareInPlace(op, self, wrapScalar(other)),
  );
  def(
    `aten::${name}_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)`,
    (self: Tensor, other: Tensor) => compareInPlace(op, self, other),
  );
}

for (const [name] of comparisons) defComparison(name, name);
for (const [alias, op] of aliases) defComparison(alias, op);

// ---- equal ----

const allTrue = (t: Tensor) => t.toArray().every((v) => v !== 0);

/** torch.equal: the same shape and equal values once promoted; NaN equals nothing. */
function equal(self: Tensor, other: Tensor): boolean {
  return sameShape(self.shape, other.shape) && allTrue(compare('eq', self, other));
}

def('aten::equal(Tensor self, Tensor other) -> bool', equal);

// ---- isclose, allclose ----

/**
 * |a - b| <= atol + |rtol * b| as PyTorch evaluates it, one tensor operation at a time, each
 * result rounded to the compute dtype (`round`), and only where the difference is finite.
 */
function within(round: (x: number) => number) {
  return (a: number, b: number, rtol: number, atol: number): number => {
    const allowed = round(atol + Math.abs(round(rtol * b)));
    const actual = Math.abs(round(a - b));
    return actual - actual === 0 && actual <= allowed ? 1 : 0;
  };
}

const iscloseKernel: PointwiseKernel = {
  name: 'isclose',
  // p0 rtol, p1 atol, p2 equal_nan; p3 = 0 when both tolerances are 0 (only equality counts).
  expr: (c) =>
    `a === b || (p2 === 1 && a !== a && b !== b) || (p3 === 1 && ${c === 'float32' ? 'within32' : 'within64'}(a, b, p0, p1) === 1)`,
  returnsBool: true,
  helpers: { within32: within(Math.fround), within64: within((x) => x) },
};

function isclose(self: Tensor, other: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor {
  if (self.dtype !== other.dtype) {
    throw runtimeError(
      `${scalarTypeName(self.dtype)} did not match ${scalarTypeName(other.dtype)}`,
    );
  }
  if (!(rtol >= 0)) {
    throw runtimeError(`rtol must be greater than or equal to zero, but got ${formatDouble(rtol)}`);
  }
  if (!(atol >= 0)) {
    throw runtimeError(`atol must be greater than or equal to zero, but got ${formatDouble(atol)}`);
  }
  // Integers and bools measure their distance in the default float dtype.
  const compute = isFloating(self.dtype) ? self.dtype : getDefaultDType();
  const round = compute === 'float32' ? Math.fround : (x: number) => x;
  const params = [
    round(rtol),
    round(atol),
    equalNan && isFloating(self.dtype) ? 1 : 0,
    rtol === 0 && atol === 0 ? 0 : 1,
  ];
  return elementwise(
    iscloseKernel,
    [self, other],
    { compute: () => compute, output: () => 'bool' },
    params,
  );
}

def(
  'aten::isclose(Tensor self, Tensor other, float rtol=1.0000000000000001e-05, float atol=1e-08, bool equal_nan=False) -> Tensor',
  isclose,
);
def(
  'aten::allclose(Tensor self, Tensor other, float rtol=1.0000000000000001e-05, float atol=1e-08, bool equal_nan=False) -> bool',
  (self: Tensor, other: Tensor, rtol: number, atol: number, equalNan: boolean) =>
    allTrue(isclose(self, other, rtol, atol, equalNan)),
);
