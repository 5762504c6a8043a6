// Derivatives of the losses training loops use (derivatives.yaml's mse_loss, nll_loss,
// binary_cross_entropy), and cross_entropy recorded as PyTorch computes it: log_softmax, then
// nll_loss for class indices, or a weighted sum for class probabilities.

import { notSupported } from '../../errors.js';
import { fromArray } from '../../tensor/factory.js';
import { Tensor } from '../../tensor/tensor.js';
import type { BackwardContext } from '../context.js';
import { decomposition, derivatives } from '../derivatives.js';
import * as f from '../functions.js';

/** PyTorch's reduction codes. */
const Reduction = { none: 0, mean: 1, sum: 2 } as const;

/** The gradient of an elementwise loss term `d`, through the loss's reduction. */
function reduced(c: BackwardContext, d: Tensor): Tensor {
  const reduction = c.int('reduction');
  const g = f.mul(reduction === Reduction.none ? c.grad : f.expand(c.grad, d.shape), d);
  return reduction === Reduction.mean ? f.divScalar(g, Math.max(d.numel(), 1)) : g;
}

function mseDifference(c: BackwardContext): Tensor {
  return f.mulScalar(f.sub(c.saved('self'), c.saved('target')), 2);
}

function bceGrad(c: BackwardContext): Tensor {
  const x = c.saved('self');
  const y = c.saved('target');
  const denominator = f.tensor('aten::clamp_min', f.mul(f.rsubScalar(x, 1), x), 1e-12);
  return weighted(c, f.div(f.sub(x, y), denominator));
}

/** smooth_l1 (beta) and huber (delta): linear beyond the bound, quadratic within it. */
function smoothDerivative(c: BackwardContext, kind: 'smooth_l1' | 'huber'): Tensor {
  const d = f.sub(c.saved('self'), c.saved('target'));
  const bound = c.float(kind === 'huber' ? 'delta' : 'beta');
  const outside = kind === 'huber' ? bound : 1;
  const inside = kind === 'huber' ? d : bound === 0 ? f.sign(d) : f.divScalar(d, bound);
  const high = f.where(f.gtScalar(d, bound), f.fullLike(d, outside), inside);
  return f.where(f.ltScalar(d, -bound), f.fullLike(d, -outside), high);
}

function smoothLoss(node: string, kind: 'smooth_l1' | 'huber') {
  return {
    node,
    saves: ['self', 'target'],
    grads: {
      self: (c: BackwardContext) => reduced(c, smoothDerivative(c, kind)),
      target: (c: BackwardContext) => reduced(c, f.neg(smoothDerivative(c, kind))),
    },
  };
}

/** binary_cross_entropy_with_logits: sigmoid(x) - y, with pos_weight's weighting of positives. */
function bceLogitsInputTerm(c: BackwardContext): Tensor {
  const x = c.saved('self');
  const y = c.saved('target');
  const posWeight = c.savedOptional('pos_weight');
  const s = f.sigmoid(x);
  if (posWeight === null) return f.sub(s, y);
  const t = f.mul(posWeight, y);
  return f.sub(f.mul(f.add(f.rsubScalar(y, 1), t), s), t);
}

function bceLogitsTargetTerm(c: BackwardContext): Tensor {
  const x = c.saved('self');
  const posWeight = c.savedOptional('pos_weight');
  if (posWeight === null) return f.neg(x);
  const s = f.sigmoid(x);
  return f.sub(f.log(f.rsubScalar(s, 1)), f.mul(posWeight, f.log(s)));
}

function weighted(c: BackwardContext, term: Tensor): Tensor {
  const w = c.savedOptional('weight');
  return reduced(c, w === null ? term : f.mul(term, w));
}

derivatives({
  'aten::smooth_l1_loss': smoothLoss('SmoothL1LossBackward0', 'smooth_l1'),
  'aten::huber_loss': smoothLoss('HuberLossBackward0', 'huber'),
  'aten::binary_cross_entropy_with_logits': {
    node: 'BinaryCrossEntropyWithLogitsBackward0',
    saves: ['self', 'target', 'weight', 'pos_weight'],
    grads: {
      self: (c) => weighted(c, bceLogitsInputTerm(c)),
      target: (c) => weighted(c, bceLogitsTargetTerm(c)),
    },
  },
});

/** l1_loss as PyTorch computes it: |self - target|, then the reduction. */
decomposition('aten::l1_loss', (self: Tensor, target: Tensor, reduction: number) => {
  const loss = f.abs(f.sub(self, target));
  if (reduction === Reduction.none) return loss;
  return reduction === Reduction.sum ? f.sumAll(loss) : f.tensor('aten::mean', loss, null);
});

derivatives({
  'aten::mse_loss': {
    node: 'MseLossBackward0',
    saves: ['self', 'target'],
    grads: {
      self: (c) => reduced(c, mseDifference(c)),
      target: (c) => reduced(c, f.neg(mseDifference(c))),
    },
  },
  'aten::binary_cross_entropy': {
    node: 'BinaryCrossEntropyBackward0',
    saves: ['self', 'target', 'weight'],
    grads: {
      self: bceGrad,
      target: (c) => {
        const x = c.saved('self');
        return weighted(c, f.neg(f.log(f.div(x, f.rsubScalar(x, 1)))));
      },
    },
  },
});

// ---- nll_loss ----

/** Reads element i of a contiguous copy as a number. */
function numbers(t: Tensor): number[] {
  const c = t.isContiguous() ? t : f.contiguous(t);
  const out: number[] = [];
  for (let i = 0; i < c.numel(); i++) out.push(Number(c.data[c.offset + i]));
  return out;
}

/**
 * nll_loss's gradient for input (C) or (N, C): -weight[target] at each target class, times the
 * output's gradient, divided by the total weight for the mean; zero for ignored targets.
 */
function nllGrad(c: BackwardContext): Tensor {
  const shape = c.shape('self');
  if (shape.length > 2) {
    throw notSupported('the derivative of nll_loss for inputs of more than 2 dimensions');
  }
  const classes = shape[shape.length - 1];
  const targets = numbers(c.saved('target'));
  const weightTensor = c.savedOptional('weight');
  const weights = weightTensor === null ? null : numbers(weightTensor);
  const ignore = c.int('ignore_index');
  const reduction = c.int('reduction');
  const grads = numbers(c.grad);
  const weightOf = (t: number): number => (t === ignore ? 0 : weights === null ? 1 : weights[t]);
  const total = reduction === Reduction.mean ? targets.reduce((s, t) => s + weightOf(t), 0) : 1;
  const out = new Array<number>(targets.length * classes).fill(0);
  targets.forEach((t, i) => {
    if (t === ignore) return;
    const g = reduction === Reduction.none ? grads[i] : grads[0];
    out[i * classes + t] = (-weightOf(t) * g) / total;
  });
  return fromArray(out, shape.slice(), c.grad.dtype);
}

const nll = { node: 'NllLossBackward0', saves: ['target', 'weight'], grads: { self: nllGrad } };

derivatives({
  'aten::nll_loss': nll,
  // total_weight, its second output, has no gradient.
  'aten::nll_loss_forward': { ...nll, outputs: 1 },
});

/** nll_loss_nd: nll_loss for (C) and (N, C) inputs; nll_loss2d (not differentiable yet) else. */
decomposition(
  'aten::nll_loss_nd',
  (self: Tensor, target: Tensor, weight: Tensor | null, reduction: number, ignore: number) =>
    self.ndim <= 2
      ? f.tensor('aten::nll_loss', self, target, weight, reduction, ignore)
      : f.tensor('aten::nll_loss2d', self, target, weight, reduction, ignore),
);

// ---- cross_entropy ----

function crossEntropyRecorded(
  self: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: number,
  ignoreIndex: number,
  labelSmoothing: number,
): Tensor {
  const classDim = self.ndim === 1 ? 0 : 1;
  const logProbabilities = f.tensor('aten::log_softmax.int', self, classDim, null);
  const classes = self.shape[classDim];
  if (target.dtype !== 'int64' && target.dtype !== 'int32') {
    const smoothed =
      labelSmoothing > 0
        ? f.addScalar(f.mulScalar(target, 1 - labelSmoothing), labelSmoothing / classes)
        : target;
    return probabilityLoss(logProbabilities, smoothed, weight, reduction, classDim);
  }
  const nll = f.tensor(
    'aten::nll_loss_nd',
    logProbabilities,
    target,
    weight,
    reduction,
    ignoreIndex,
  );
  if (labelSmoothing <= 0) return nll;
  const smooth = smoothingLoss(logProbabilities, target, weight, reduction, ignoreIndex, classDim);
  return f.add(f.mulScalar(nll, 1 - labelSmoothing), f.mulScalar(smooth, labelSmoothing / classes));
}

/**
 * Label smoothing's part of cross_entropy with class indices: -sum of the log probabilities
 * (weighted) per sample, ignored samples zeroed, reduced as nll_loss reduces (the mean over the
 * weights of the targets counted).
 */
function smoothingLoss(
  logProbabilities: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: number,
  ignoreIndex: number,
  classDim: number,
): Tensor {
  const ignored = f.eqScalar(target, BigInt(ignoreIndex));
  const terms =
    weight === null
      ? logProbabilities
      : f.mul(logProbabilities, f.view(weight, classShape(logProbabilities, classDim)));
  const loss = f.neg(f.sumDims(terms, [classDim], false));
  f.tensor('aten::masked_fill_.Scalar', loss, ignored, 0);
  if (reduction === Reduction.none) return loss;
  const total = f.sumAll(loss);
  if (reduction === Reduction.sum) return total;
  const kept = f.logicalNot(ignored);
  if (weight === null) return f.div(total, f.sumAll(kept));
  const counted = f.tensor('aten::masked_select', target, kept);
  return f.div(total, f.sumAll(f.gather(weight, 0, f.reshape(counted, [-1]))));
}

/** The shape that puts a per-class vector along the class dimension. */
function classShape(t: Tensor, classDim: number): number[] {
  return t.shape.map((s, d) => (d === classDim ? s : 1));
}

/** Class probabilities as targets: -sum(log_softmax * target * weight) over classes, reduced. */
function probabilityLoss(
  logProbabilities: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: number,
  classDim: number,
): Tensor {
  let terms = f.mul(logProbabilities, target);
  if (weight !== null) terms = f.mul(terms, f.view(weight, classShape(logProbabilities, classDim)));
  if (reduction === Reduction.none) return f.neg(f.sumDims(terms, [classDim], false));
  const total = f.neg(f.sumAll(terms));
  if (reduction === Reduction.sum) return total;
  const batch = logProbabilities.numel() / Math.max(logProbabilities.shape[classDim], 1);
  return f.divScalar(total, batch);
}

decomposition('aten::cross_entropy_loss', crossEntropyRecorded);
