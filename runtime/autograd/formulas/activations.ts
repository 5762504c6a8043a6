// Derivatives of activations and softmax (derivatives.yaml's relu, tanh, sigmoid, gelu, _softmax,
// _log_softmax...). Most read the saved output where PyTorch does, since it is cheaper than the
// input (tanh' = 1 - tanh²).

import type { Scalar } from '../../tensor/scalar.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { BackwardContext } from '../context.js';
import { derivatives, type Derivative } from '../derivatives.js';
import * as f from '../functions.js';
import { withInPlace } from './in_place.js';

const num = (s: Scalar): number => Number(s);

function local(node: string, saves: string[], d: (c: BackwardContext) => Tensor): Derivative {
  return { node, saves, grads: { self: (c) => f.mul(c.grad, d(c)) } };
}

/** The gradient zeroed where `drop` holds (NaN inputs fail every comparison, so pass it on). */
function gated(node: string, saves: string[], drop: (c: BackwardContext) => Tensor): Derivative {
  return { node, saves, grads: { self: (c) => f.maskedFill(c.grad, drop(c), 0) } };
}

const relu = gated('ReluBackward0', ['result'], (c) => f.leScalar(c.saved('result'), 0));

/** hardtanh: the gradient passes strictly between the bounds. */
function hardtanh(
  min: (c: BackwardContext) => Scalar,
  max: (c: BackwardContext) => Scalar,
): Derivative {
  return gated('HardtanhBackward0', ['self'], (c) => {
    const x = c.saved('self');
    return f.tensor('aten::logical_or', f.leScalar(x, min(c)), f.geScalar(x, max(c)));
  });
}

/** gelu's derivative, exact (erf) or with PyTorch's tanh approximation. */
function geluDerivative(x: Tensor, approximate: string): Tensor {
  if (approximate === 'tanh') {
    const beta = Math.sqrt(2 / Math.PI);
    const kappa = 0.044715;
    const x2 = f.square(x);
    const inner = f.mulScalar(f.mul(x, f.addScalar(f.mulScalar(x2, kappa), 1)), beta);
    const t = f.tanh(inner);
    const left = f.mulScalar(f.addScalar(t, 1), 0.5);
    const dInner = f.mulScalar(f.addScalar(f.mulScalar(x2, 3 * kappa), 1), beta);
    const right = f.mul(f.mul(f.mulScalar(x, 0.5), f.rsubScalar(f.square(t), 1)), dInner);
    return f.add(left, right);
  }
  const cdf = f.mulScalar(f.addScalar(f.erf(f.mulScalar(x, Math.SQRT1_2)), 1), 0.5);
  const pdf = f.mulScalar(f.exp(f.mulScalar(f.square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
  return f.add(cdf, f.mul(x, pdf));
}

/** elu(x) = scale * (x > 0 ? x : alpha * (exp(x * input_scale) - 1)). */
function eluDerivative(c: BackwardContext): Tensor {
  const x = c.saved('self');
  const alpha = num(c.scalar('alpha'));
  const scale = num(c.scalar('scale'));
  const inputScale = num(c.scalar('input_scale'));
  const negative = f.mulScalar(f.exp(f.mulScalar(x, inputScale)), alpha * scale * inputScale);
  return f.where(f.leScalar(x, 0), negative, f.fullLike(x, scale));
}

function softplusGrad(c: BackwardContext): Tensor {
  const x = c.saved('self');
  const beta = num(c.scalar('beta'));
  const scaled = f.mulScalar(x, beta);
  const z = f.exp(scaled);
  const slope = f.div(z, f.addScalar(z, 1));
  return f.mul(c.grad, f.where(f.gtScalar(scaled, c.scalar('threshold')), f.onesLike(x), slope));
}

function siluDerivative(c: BackwardContext): Tensor {
  const x = c.saved('self');
  const s = f.sigmoid(x);
  return f.mul(s, f.addScalar(f.mul(x, f.rsubScalar(s, 1)), 1));
}

function mishDerivative(c: BackwardContext): Tensor {
  const x = c.saved('self');
  const t = f.tanh(f.tensor('aten::softplus', x, 1n, 20n));
  return f.add(t, f.mul(f.mul(x, f.sigmoid(x)), f.rsubScalar(f.square(t), 1)));
}

function hardswishDerivative(c: BackwardContext): Tensor {
  const x = c.saved('self');
  const middle = f.addScalar(f.divScalar(x, 3), 0.5);
  const inner = f.where(f.leScalar(x, 3), middle, f.onesLike(x));
  return f.where(f.ltScalar(x, -3), f.zerosLike(x), inner);
}

derivatives(
  withInPlace({
    'aten::relu': relu,
    'aten::tanh': local('TanhBackward0', ['result'], (c) =>
      f.rsubScalar(f.square(c.saved('result')), 1),
    ),
    'aten::sigmoid': local('SigmoidBackward0', ['result'], (c) => {
      const r = c.saved('result');
      return f.mul(r, f.rsubScalar(r, 1));
    }),
    'aten::gelu': local('GeluBackward0', ['self'], (c) =>
      geluDerivative(c.saved('self'), c.str('approximate')),
    ),
    'aten::leaky_relu': {
      node: 'LeakyReluBackward0',
      saves: ['self'],
      grads: {
        self: (c) =>
          f.where(
            f.gtScalar(c.saved('self'), 0),
            c.grad,
            f.mulScalar(c.grad, c.scalar('negative_slope')),
          ),
      },
    },
    'aten::silu': local('SiluBackward0', ['self'], siluDerivative),
    'aten::mish': local('MishBackward0', ['self'], mishDerivative),
    'aten::hardswish': local('HardswishBackward0', ['self'], hardswishDerivative),
    'aten::hardsigmoid': local('HardsigmoidBackward0', ['self'], (c) => {
      const x = c.saved('self');
      const inside = f.logicalAnd(f.gtScalar(x, -3), f.ltScalar(x, 3));
      return f.divScalar(f.toDType(inside, x.dtype), 6);
    }),
    'aten::elu': local('EluBackward0', ['self'], eluDerivative),
    'aten::hardtanh': hardtanh(
      (c) => c.scalar('min_val'),
      (c) => c.scalar('max_val'),
    ),
    'aten::threshold': gated('ThresholdBackward0', ['self'], (c) =>
      f.leScalar(c.saved('self'), c.scalar('threshold')),
    ),
  }),
);

derivatives({
  'aten::softplus': { node: 'SoftplusBackward0', saves: ['self'], grads: { self: softplusGrad } },
  'aten::relu6': hardtanh(
    () => 0,
    () => 6,
  ),
});

// ---- softmax ----

/** softmax' applied to g: r * (g - sum(g * r)) along dim. */
function softmaxGrad(c: BackwardContext): Tensor {
  const r = c.saved('result');
  const dim = f.wrapDim(c.int('dim'), r.ndim);
  const gr = f.mul(c.grad, r);
  return f.sub(gr, f.mul(r, f.sumDims(gr, [dim], true)));
}

/** log_softmax' applied to g: g - exp(r) * sum(g) along dim. */
function logSoftmaxGrad(c: BackwardContext): Tensor {
  const r = c.saved('result');
  const dim = f.wrapDim(c.int('dim'), r.ndim);
  return f.sub(c.grad, f.mul(f.exp(r), f.sumDims(c.grad, [dim], true)));
}

const softmax: Derivative = {
  node: 'SoftmaxBackward0',
  saves: ['result'],
  grads: { self: softmaxGrad },
};
const logSoftmax: Derivative = {
  node: 'LogSoftmaxBackward0',
  saves: ['result'],
  grads: { self: logSoftmaxGrad },
};

derivatives({
  'aten::_softmax': softmax,
  'aten::softmax.int': softmax,
  'aten::_log_softmax': logSoftmax,
  'aten::log_softmax.int': logSoftmax,
});

// ---- more activations ----

/** selu's constants, as PyTorch writes them. */
const seluAlpha = 1.6732632423543772;
const seluScale = 1.0507009873554805;

/** The gradient zeroed inside [-lambd, lambd] (hardshrink and softshrink). */
const shrink = (node: string): Derivative =>
  gated(node, ['self'], (c) => {
    const x = c.saved('self');
    const lambd = c.scalar('lambd');
    return f.logicalAnd(f.geScalar(x, -num(lambd)), f.leScalar(x, lambd));
  });

/** glu: a * sigmoid(b) for the two halves a, b of dim; their gradients joined back. */
function gluGrad(c: BackwardContext): Tensor {
  const self = c.saved('self');
  const dim = f.wrapDim(c.int('dim'), self.ndim);
  const half = self.shape[dim] / 2;
  const a = f.narrow(self, dim, 0, half);
  const s = f.sigmoid(f.narrow(self, dim, half, half));
  const gradA = f.mul(c.grad, s);
  const gradB = f.mul(f.mul(f.mul(c.grad, a), s), f.rsubScalar(s, 1));
  return f.cat([gradA, gradB], dim);
}

derivatives({
  'aten::selu': local('EluBackward0', ['self'], (c) => {
    const x = c.saved('self');
    const negative = f.mulScalar(f.exp(x), seluAlpha * seluScale);
    return f.where(f.leScalar(x, 0), negative, f.fullLike(x, seluScale));
  }),
  'aten::celu': local('CeluBackward0', ['self'], (c) => {
    const x = c.saved('self');
    const alpha = num(c.scalar('alpha'));
    return f.where(f.leScalar(x, 0), f.exp(f.divScalar(x, alpha)), f.onesLike(x));
  }),
  'aten::log_sigmoid': local('LogSigmoidBackward0', ['self'], (c) =>
    f.sigmoid(f.neg(c.saved('self'))),
  ),
  'aten::log_sigmoid_forward': {
    ...local('LogSigmoidBackward0', ['self'], (c) => f.sigmoid(f.neg(c.saved('self')))),
    outputs: 1,
  },
  'aten::hardshrink': shrink('HardshrinkBackward0'),
  'aten::softshrink': shrink('SoftshrinkBackward0'),
  'aten::glu': { node: 'GluBackward0', saves: ['self'], grads: { self: gluGrad } },
});
