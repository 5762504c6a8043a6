// Derivatives of pointwise arithmetic and unary math (derivatives.yaml's add, mul, div, pow, exp,
// ...). Gradients that broadcast beyond an argument's shape are summed back by the engine, and
// converted to the argument's dtype, so the formulas here work on whole broadcast shapes.

import type { Scalar } from '../../tensor/scalar.js';
import { broadcastShapes } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { BackwardContext } from '../context.js';
import { derivatives, type Derivative } from '../derivatives.js';
import * as f from '../functions.js';
import { withInPlace } from './in_place.js';

/** A unary operator's derivative: `grad * local(c)`, where local reads what `saves` keeps. */
function unary(node: string, saves: string[], local: (c: BackwardContext) => Tensor): Derivative {
  return { node, saves, grads: { self: (c) => f.mul(c.grad, local(c)) } };
}

/** An operator whose gradient is zero wherever it is defined (floor, sign, round...). */
function zeroGradient(node: string): Derivative {
  return { node, grads: { self: (c) => f.zerosLike(c.grad) } };
}

const num = (s: Scalar): number => Number(s);
const isOne = (s: Scalar): boolean => num(s) === 1;

/** g * s, without a multiplication where s is 1. */
function scaled(g: Tensor, s: Scalar): Tensor {
  return isOne(s) ? g : f.mulScalar(g, s);
}

const add: Derivative = {
  node: 'AddBackward0',
  grads: { self: (c) => c.grad, other: (c) => scaled(c.grad, c.scalar('alpha')) },
};
const sub: Derivative = {
  node: 'SubBackward0',
  grads: { self: (c) => c.grad, other: (c) => scaled(f.neg(c.grad), c.scalar('alpha')) },
};
const mul: Derivative = {
  node: 'MulBackward0',
  saves: ['self', 'other'],
  grads: {
    self: (c) => f.mul(c.grad, c.saved('other')),
    other: (c) => f.mul(c.grad, c.saved('self')),
  },
};
const div: Derivative = {
  node: 'DivBackward0',
  saves: ['self', 'other'],
  grads: {
    self: (c) => f.div(c.grad, c.saved('other')),
    other: (c) => {
      const other = c.saved('other');
      return f.neg(f.div(f.mul(c.grad, c.saved('self')), f.mul(other, other)));
    },
  },
};

/** d/dx x^e = e x^(e-1); zero where e is 0 (PyTorch's pow_backward). */
function powScalarGrad(g: Tensor, self: Tensor, exponent: Scalar): Tensor {
  const e = num(exponent);
  if (e === 0) return f.zerosLike(g);
  return f.mul(g, f.mulScalar(f.powScalar(self, e - 1), e));
}

const pow: Derivative = {
  node: 'PowBackward0',
  saves: ['self'],
  grads: { self: (c) => powScalarGrad(c.grad, c.saved('self'), c.scalar('exponent')) },
};

derivatives(
  withInPlace({
    'aten::add.Tensor': add,
    'aten::add.Scalar': { node: 'AddBackward1', grads: { self: (c) => c.grad } },
    'aten::sub.Tensor': sub,
    'aten::sub.Scalar': { node: 'SubBackward1', grads: { self: (c) => c.grad } },
    'aten::mul.Tensor': mul,
    'aten::mul.Scalar': {
      node: 'MulBackward1',
      grads: { self: (c) => f.mulScalar(c.grad, c.scalar('other')) },
    },
    'aten::div.Tensor': div,
    'aten::div.Scalar': {
      node: 'DivBackward1',
      grads: { self: (c) => f.divScalar(c.grad, c.scalar('other')) },
    },
    'aten::neg': { node: 'NegBackward0', grads: { self: (c) => f.neg(c.grad) } },
    'aten::pow.Tensor_Scalar': pow,
    'aten::pow.Tensor_Tensor': {
      node: 'PowBackward1',
      saves: ['self', 'exponent', 'result'],
      grads: {
        self: (c) => {
          const e = c.saved('exponent');
          const g = f.mul(c.grad, f.mul(e, f.pow(c.saved('self'), f.addScalar(e, -1))));
          return f.maskedFill(g, f.eqScalar(e, 0), 0);
        },
        exponent: (c) => {
          const self = c.saved('self');
          const g = f.mul(c.grad, f.mul(c.saved('result'), f.log(self)));
          // 0^e is 0 for e > 0 whatever e is near: its gradient there is 0, not NaN.
          return f.maskedFill(
            g,
            f.logicalAnd(f.eqScalar(self, 0), f.geScalar(c.saved('exponent'), 0)),
            0,
          );
        },
      },
    },
  }),
);

derivatives({
  // A Python number to a tensor's power: PyTorch wraps the number, so the node is pow.Tensor_Tensor's.
  'aten::pow.Scalar': {
    node: 'PowBackward1',
    saves: ['result'],
    grads: {
      exponent: (c) =>
        f.mul(c.grad, f.mulScalar(c.saved('result'), Math.log(num(c.scalar('self'))))),
    },
  },
  'aten::rsub.Tensor': {
    node: 'RsubBackward0',
    grads: { self: (c) => scaled(f.neg(c.grad), c.scalar('alpha')), other: (c) => c.grad },
  },
  'aten::rsub.Scalar': {
    node: 'RsubBackward1',
    grads: { self: (c) => scaled(f.neg(c.grad), c.scalar('alpha')) },
  },
  'aten::negative': { node: 'NegBackward0', grads: { self: (c) => f.neg(c.grad) } },
  'aten::square': {
    node: 'PowBackward0',
    saves: ['self'],
    grads: { self: (c) => powScalarGrad(c.grad, c.saved('self'), 2) },
  },
});

// ---- unary math ----

const abs = unary('AbsBackward0', ['self'], (c) => f.sign(c.saved('self')));

derivatives(
  withInPlace({
    'aten::exp': unary('ExpBackward0', ['result'], (c) => c.saved('result')),
    'aten::log': {
      node: 'LogBackward0',
      saves: ['self'],
      grads: { self: (c) => f.div(c.grad, c.saved('self')) },
    },
    'aten::sqrt': {
      node: 'SqrtBackward0',
      saves: ['result'],
      grads: { self: (c) => f.div(c.grad, f.mulScalar(c.saved('result'), 2)) },
    },
    'aten::rsqrt': unary('RsqrtBackward0', ['result'], (c) =>
      f.mulScalar(f.powScalar(c.saved('result'), 3), -0.5),
    ),
    'aten::reciprocal': unary('ReciprocalBackward0', ['result'], (c) => {
      const r = c.saved('result');
      return f.neg(f.mul(r, r));
    }),
    'aten::sin': unary('SinBackward0', ['self'], (c) => f.cos(c.saved('self'))),
    'aten::cos': unary('CosBackward0', ['self'], (c) => f.neg(f.sin(c.saved('self')))),
    'aten::tan': unary('TanBackward0', ['result'], (c) =>
      f.addScalar(f.square(c.saved('result')), 1),
    ),
    'aten::sinh': unary('SinhBackward0', ['self'], (c) => f.tensor('aten::cosh', c.saved('self'))),
    'aten::cosh': unary('CoshBackward0', ['self'], (c) => f.tensor('aten::sinh', c.saved('self'))),
    'aten::asin': unary('AsinBackward0', ['self'], (c) =>
      f.rsqrt(f.rsubScalar(f.square(c.saved('self')), 1)),
    ),
    'aten::acos': unary('AcosBackward0', ['self'], (c) =>
      f.neg(f.rsqrt(f.rsubScalar(f.square(c.saved('self')), 1))),
    ),
    'aten::atan': unary('AtanBackward0', ['self'], (c) =>
      f.reciprocal(f.addScalar(f.square(c.saved('self')), 1)),
    ),
    'aten::asinh': unary('AsinhBackward0', ['self'], (c) =>
      f.rsqrt(f.addScalar(f.square(c.saved('self')), 1)),
    ),
    'aten::acosh': unary('AcoshBackward0', ['self'], (c) =>
      f.rsqrt(f.addScalar(f.square(c.saved('self')), -1)),
    ),
    'aten::atanh': unary('AtanhBackward0', ['self'], (c) =>
      f.reciprocal(f.rsubScalar(f.square(c.saved('self')), 1)),
    ),
    'aten::expm1': unary('Expm1Backward0', ['result'], (c) => f.addScalar(c.saved('result'), 1)),
    'aten::exp2': unary('Exp2Backward0', ['result'], (c) =>
      f.mulScalar(c.saved('result'), Math.LN2),
    ),
    'aten::log1p': unary('Log1PBackward0', ['self'], (c) =>
      f.reciprocal(f.addScalar(c.saved('self'), 1)),
    ),
    'aten::log2': unary('Log2Backward0', ['self'], (c) =>
      f.reciprocal(f.mulScalar(c.saved('self'), Math.LN2)),
    ),
    'aten::log10': unary('Log10Backward0', ['self'], (c) =>
      f.reciprocal(f.mulScalar(c.saved('self'), Math.LN10)),
    ),
    'aten::erf': unary('ErfBackward0', ['self'], (c) =>
      f.mulScalar(f.exp(f.neg(f.square(c.saved('self')))), 2 / Math.sqrt(Math.PI)),
    ),
    'aten::erfc': unary('ErfcBackward0', ['self'], (c) =>
      f.mulScalar(f.exp(f.neg(f.square(c.saved('self')))), -2 / Math.sqrt(Math.PI)),
    ),
    'aten::abs': abs,
    'aten::sign': zeroGradient('SignBackward0'),
    'aten::floor': zeroGradient('FloorBackward0'),
    'aten::ceil': zeroGradient('CeilBackward0'),
    'aten::trunc': zeroGradient('TruncBackward0'),
    'aten::round': zeroGradient('RoundBackward0'),
    'aten::frac': { node: 'FracBackward0', grads: { self: (c) => c.grad } },
    'aten::deg2rad': {
      node: 'Deg2RadBackward0',
      grads: { self: (c) => f.mulScalar(c.grad, Math.PI / 180) },
    },
    'aten::rad2deg': {
      node: 'Rad2DegBackward0',
      grads: { self: (c) => f.mulScalar(c.grad, 180 / Math.PI) },
    },
  }),
);

derivatives({
  'aten::absolute': abs,
  'aten::arcsin': unary('AsinBackward0', ['self'], (c) =>
    f.rsqrt(f.rsubScalar(f.square(c.saved('self')), 1)),
  ),
  'aten::arctan': unary('AtanBackward0', ['self'], (c) =>
    f.reciprocal(f.addScalar(f.square(c.saved('self')), 1)),
  ),
  'aten::fix': zeroGradient('TruncBackward0'),
  'aten::sgn': zeroGradient('SgnBackward0'),
  'aten::arccos': unary('AcosBackward0', ['self'], (c) =>
    f.neg(f.rsqrt(f.rsubScalar(f.square(c.saved('self')), 1))),
  ),
  'aten::arcsinh': unary('AsinhBackward0', ['self'], (c) =>
    f.rsqrt(f.addScalar(f.square(c.saved('self')), 1)),
  ),
  'aten::arccosh': unary('AcoshBackward0', ['self'], (c) =>
    f.rsqrt(f.addScalar(f.square(c.saved('self')), -1)),
  ),
  'aten::arctanh': unary('AtanhBackward0', ['self'], (c) =>
    f.reciprocal(f.rsubScalar(f.square(c.saved('self')), 1)),
  ),
  'aten::round.decimals': zeroGradient('RoundBackward1'),
});

// ---- clamping and selection ----

/** Where min <= self <= max (bounds that are None do not limit). */
function clampMask(self: Tensor, min: Scalar | null, max: Scalar | null): Tensor | null {
  const low = min === null ? null : f.geScalar(self, min);
  const high = max === null ? null : f.leScalar(self, max);
  if (low === null) return high;
  if (high === null) return low;
  return f.logicalAnd(low, high);
}

function clampGrad(c: BackwardContext, min: Scalar | null, max: Scalar | null): Tensor {
  const mask = clampMask(c.saved('self'), min, max);
  return mask === null ? c.grad : f.maskedKeep(mask, c.grad);
}

const clamp: Derivative = {
  node: 'ClampBackward1',
  saves: ['self'],
  grads: {
    self: (c) => clampGrad(c, c.value('min') as Scalar | null, c.value('max') as Scalar | null),
  },
};

derivatives(
  withInPlace({
    'aten::clamp': clamp,
    'aten::clamp_min': {
      node: 'ClampMinBackward0',
      saves: ['self'],
      grads: { self: (c) => clampGrad(c, c.scalar('min'), null) },
    },
    'aten::clamp_max': {
      node: 'ClampMaxBackward0',
      saves: ['self'],
      grads: { self: (c) => clampGrad(c, null, c.scalar('max')) },
    },
  }),
);
derivatives({ 'aten::clip': clamp });

/**
 * maximum/minimum: the gradient goes to the larger (smaller) one, halved between ties; where a
 * NaN makes comparisons fail it goes to both, as in PyTorch.
 */
function extremum(node: string, loses: (a: Tensor, b: Tensor) => Tensor): Derivative {
  const share = (c: BackwardContext, mine: Tensor, theirs: Tensor): Tensor => {
    const halved = f.where(f.eq(mine, theirs), f.mulScalar(c.grad, 0.5), c.grad);
    return f.maskedFill(halved, loses(mine, theirs), 0);
  };
  return {
    node,
    saves: ['self', 'other'],
    grads: {
      self: (c) => share(c, c.saved('self'), c.saved('other')),
      other: (c) => share(c, c.saved('other'), c.saved('self')),
    },
  };
}

derivatives({
  'aten::maximum': extremum('MaximumBackward0', f.lt),
  'aten::minimum': extremum('MinimumBackward0', f.gt),
  'aten::max.other': extremum('MaximumBackward0', f.lt),
  'aten::min.other': extremum('MinimumBackward0', f.gt),
  'aten::fmax': extremum('FmaxBackward0', f.lt),
  'aten::fmin': extremum('FminBackward0', f.gt),
  'aten::where.self': {
    node: 'WhereBackward0',
    saves: ['condition'],
    grads: {
      self: (c) => f.maskedKeep(c.saved('condition'), c.grad),
      other: (c) => f.maskedKeep(f.logicalNot(c.saved('condition')), c.grad),
    },
  },
  'aten::lerp.Scalar': {
    node: 'LerpBackward0',
    grads: {
      self: (c) => f.mulScalar(c.grad, 1 - num(c.scalar('weight'))),
      end: (c) => f.mulScalar(c.grad, c.scalar('weight')),
    },
  },
});

/** The gradient where the mask holds (broadcast to the gradient's shape), zero elsewhere. */
const maskedOnly = (c: BackwardContext): Tensor => f.maskedKeep(c.saved('mask'), c.grad);

derivatives({
  'aten::masked_select': {
    node: 'MaskedSelectBackward0',
    saves: ['mask'],
    grads: {
      self: (c) => {
        const shape = c.saved('mask').shape;
        const full = c.shape('self').length >= shape.length ? c.shape('self') : shape;
        const zeros = f.zeros(broadcastShapes(full, shape), c.grad);
        return f.tensor('aten::masked_scatter', zeros, c.saved('mask'), c.grad);
      },
    },
  },
  'aten::where.ScalarOther': {
    node: 'WhereBackward0',
    saves: ['condition'],
    grads: { self: (c) => f.maskedKeep(c.saved('condition'), c.grad) },
  },
  'aten::where.ScalarSelf': {
    node: 'WhereBackward0',
    saves: ['condition'],
    grads: { other: (c) => f.maskedKeep(f.logicalNot(c.saved('condition')), c.grad) },
  },
});

derivatives(
  withInPlace({
    'aten::masked_fill.Tensor': {
      node: 'MaskedFillBackward1',
      saves: ['mask'],
      grads: {
        self: (c) => f.maskedFill(c.grad, c.saved('mask'), 0),
        value: (c) => f.sumAll(maskedOnly(c)),
      },
    },
    'aten::masked_fill.Scalar': {
      node: 'MaskedFillBackward0',
      saves: ['mask'],
      grads: { self: (c) => f.maskedFill(c.grad, c.saved('mask'), 0) },
    },
  }),
);

// ---- binary math ----

const sumOfSquares = (a: Tensor, b: Tensor): Tensor => f.add(f.mul(a, a), f.mul(b, b));

derivatives({
  'aten::atan2': {
    node: 'Atan2Backward0',
    saves: ['self', 'other'],
    grads: {
      self: (c) =>
        f.div(f.mul(c.grad, c.saved('other')), sumOfSquares(c.saved('self'), c.saved('other'))),
      other: (c) =>
        f.neg(
          f.div(f.mul(c.grad, c.saved('self')), sumOfSquares(c.saved('self'), c.saved('other'))),
        ),
    },
  },
  'aten::hypot': {
    node: 'HypotBackward0',
    saves: ['self', 'other', 'result'],
    grads: {
      self: (c) => f.div(f.mul(c.grad, c.saved('self')), c.saved('result')),
      other: (c) => f.div(f.mul(c.grad, c.saved('other')), c.saved('result')),
    },
  },
  // self - other * floor(self / other): other's gradient is -floor(self / other).
  'aten::remainder.Tensor': {
    node: 'RemainderBackward1',
    saves: ['self', 'other'],
    grads: {
      self: (c) => c.grad,
      other: (c) =>
        f.neg(f.mul(c.grad, f.tensor('aten::floor', f.div(c.saved('self'), c.saved('other'))))),
    },
  },
  'aten::remainder.Scalar': { node: 'RemainderBackward0', grads: { self: (c) => c.grad } },
  // self - other * trunc(self / other).
  'aten::fmod.Tensor': {
    node: 'FmodBackward1',
    saves: ['self', 'other'],
    grads: {
      self: (c) => c.grad,
      other: (c) =>
        f.neg(f.mul(c.grad, f.tensor('aten::trunc', f.div(c.saved('self'), c.saved('other'))))),
    },
  },
  'aten::fmod.Scalar': { node: 'FmodBackward0', grads: { self: (c) => c.grad } },
  'aten::copysign.Tensor': {
    node: 'CopysignBackward0',
    saves: ['self', 'result'],
    grads: {
      self: (c) => {
        const self = c.saved('self');
        const ratio = f.maskedFill(f.div(c.saved('result'), self), f.eqScalar(self, 0), 0);
        return f.mul(c.grad, ratio);
      },
      other: (c) => f.zerosLike(c.grad),
    },
  },
  'aten::xlogy.Tensor': {
    node: 'XlogyBackward0',
    saves: ['self', 'other'],
    grads: {
      self: (c) => {
        const self = c.saved('self');
        const logs = f.mul(
          f.toDType(f.tensor('aten::ne.Scalar', self, 0), c.grad.dtype),
          f.log(c.saved('other')),
        );
        return f.mul(c.grad, f.maskedFill(logs, f.eqScalar(self, 0), 0));
      },
      other: (c) => f.div(f.mul(c.grad, c.saved('self')), c.saved('other')),
    },
  },
  'aten::lerp.Tensor': {
    node: 'LerpBackward1',
    saves: ['self', 'end', 'weight'],
    grads: {
      self: (c) => f.mul(c.grad, f.rsubScalar(c.saved('weight'), 1)),
      end: (c) => f.mul(c.grad, c.saved('weight')),
      weight: (c) => f.mul(c.grad, f.sub(c.saved('end'), c.saved('self'))),
    },
  },
  'aten::erfinv': unary('ErfinvBackward0', ['result'], (c) =>
    f.mulScalar(f.exp(f.square(c.saved('result'))), Math.sqrt(Math.PI) / 2),
  ),
  'aten::nan_to_num': {
    node: 'NanToNumBackward0',
    saves: ['self'],
    grads: { self: (c) => f.maskedKeep(f.tensor('aten::isfinite', c.saved('self')), c.grad) },
  },
});
