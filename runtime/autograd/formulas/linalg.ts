// Derivatives of the matrix products (derivatives.yaml's mm, addmm, bmm, mv, dot), and matmul and
// linear recorded as the products PyTorch's implementations of them call, so that their results
// show the same nodes (MmBackward0 for matrices, AddmmBackward0 for linear with a bias...).

import { runtimeError } from '../../errors.js';
import type { Scalar } from '../../tensor/scalar.js';
import type { Tensor } from '../../tensor/tensor.js';
import { decomposition, derivatives } from '../derivatives.js';
import * as f from '../functions.js';
import { reshapeRecorded } from './views.js';

function scaled(g: Tensor, s: Scalar): Tensor {
  return Number(s) === 1 ? g : f.mulScalar(g, s);
}

derivatives({
  'aten::mm': {
    node: 'MmBackward0',
    saves: ['self', 'mat2'],
    grads: {
      self: (c) => f.mm(c.grad, f.t(c.saved('mat2'))),
      mat2: (c) => f.mm(f.t(c.saved('self')), c.grad),
    },
  },
  'aten::addmm': {
    node: 'AddmmBackward0',
    saves: ['mat1', 'mat2'],
    grads: {
      self: (c) => scaled(c.grad, c.scalar('beta')),
      mat1: (c) => scaled(f.mm(c.grad, f.t(c.saved('mat2'))), c.scalar('alpha')),
      mat2: (c) => scaled(f.mm(f.t(c.saved('mat1')), c.grad), c.scalar('alpha')),
    },
  },
  'aten::bmm': {
    node: 'BmmBackward0',
    saves: ['self', 'mat2'],
    grads: {
      self: (c) => f.bmm(c.grad, f.transpose(c.saved('mat2'), 1, 2)),
      mat2: (c) => f.bmm(f.transpose(c.saved('self'), 1, 2), c.grad),
    },
  },
  'aten::mv': {
    node: 'MvBackward0',
    saves: ['self', 'vec'],
    grads: {
      self: (c) => f.mm(f.unsqueeze(c.grad, 1), f.unsqueeze(c.saved('vec'), 0)),
      vec: (c) => f.tensor('aten::mv', f.t(c.saved('self')), c.grad),
    },
  },
  'aten::dot': {
    node: 'DotBackward0',
    saves: ['self', 'tensor'],
    grads: {
      self: (c) => f.mul(c.grad, c.saved('tensor')),
      tensor: (c) => f.mul(c.grad, c.saved('self')),
    },
  },
});

// ---- matmul ----

/** A tensor of several dimensions times a vector or matrix: one product of its rows, reshaped. */
function foldedProduct(self: Tensor, other: Tensor): Tensor {
  const k = self.shape[self.ndim - 1];
  const rows = reshapeRecorded(self, [-1, k]);
  const product = other.ndim === 1 ? f.tensor('aten::mv', rows, other) : f.mm(rows, other);
  const outShape = [...self.shape.slice(0, -1), ...(other.ndim === 2 ? [other.shape[1]] : [])];
  return f.tensor('aten::_unsafe_view', product, outShape);
}

/** Broadcast batches of matrices: expanded, folded to one batch dimension, bmm, unfolded. */
function batchedProduct(self: Tensor, other: Tensor): Tensor {
  const a = self.ndim === 1 ? f.unsqueeze(self, 0) : self;
  const b = other.ndim === 1 ? f.unsqueeze(other, 1) : other;
  const [n, k] = a.shape.slice(-2);
  const m = b.shape[b.ndim - 1];
  const batch = broadcastBatch(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const count = batch.reduce((x, y) => x * y, 1);
  const left = reshapeRecorded(f.expand(a, [...batch, n, k]), [count, n, k]);
  const right = reshapeRecorded(f.expand(b, [...batch, k, m]), [count, k, m]);
  const outShape = [...batch, ...(self.ndim === 1 ? [] : [n]), ...(other.ndim === 1 ? [] : [m])];
  return f.tensor('aten::_unsafe_view', f.bmm(left, right), outShape);
}

function broadcastBatch(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** matmul as PyTorch 1.13 computes it, each case by the products its implementation calls. */
export function matmulRecorded(self: Tensor, other: Tensor): Tensor {
  const d1 = self.ndim;
  const d2 = other.ndim;
  if (d1 === 0 || d2 === 0) {
    throw runtimeError(
      `both arguments to matmul need to be at least 1D, but they are ${d1}D and ${d2}D`,
    );
  }
  if (d1 === 1 && d2 === 1) return f.tensor('aten::dot', self, other);
  if (d1 === 2 && d2 === 1) return f.tensor('aten::mv', self, other);
  if (d1 === 1 && d2 === 2) {
    return f.tensor('aten::squeeze_.dim', f.mm(f.unsqueeze(self, 0), other), 0);
  }
  if (d1 === 2 && d2 === 2) return f.mm(self, other);
  if (d1 >= 3 && (d2 === 1 || d2 === 2)) return foldedProduct(self, other);
  return batchedProduct(self, other);
}

/** linear: addmm for a matrix with a bias (and 3-D contiguous input), else matmul, then + bias. */
function linearRecorded(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  if (input.ndim === 2 && bias !== null) {
    return f.tensor('aten::addmm', bias, input, f.t(weight), 1n, 1n);
  }
  if (input.ndim === 3 && bias !== null && input.isContiguous()) {
    const [a, b, k] = input.shape;
    const rows = f.tensor('aten::addmm', bias, f.view(input, [a * b, k]), f.t(weight), 1n, 1n);
    return f.view(rows, [a, b, rows.shape[1]]);
  }
  const product = matmulRecorded(input, f.t(weight));
  return bias === null ? product : f.add(product, bias);
}

decomposition('aten::matmul', matmulRecorded);
decomposition('aten::linear', linearRecorded);

// ---- products with an added term ----

/** A column times a row: the outer product, as an mm of a column and a row. */
const outerProduct = (column: Tensor, row: Tensor): Tensor =>
  f.mm(f.unsqueeze(column, 1), f.unsqueeze(row, 0));

derivatives({
  'aten::addmv': {
    node: 'AddmvBackward0',
    saves: ['mat', 'vec'],
    grads: {
      self: (c) => scaled(c.grad, c.scalar('beta')),
      mat: (c) => scaled(outerProduct(c.grad, c.saved('vec')), c.scalar('alpha')),
      vec: (c) => scaled(f.tensor('aten::mv', f.t(c.saved('mat')), c.grad), c.scalar('alpha')),
    },
  },
  'aten::addr': {
    node: 'AddrBackward0',
    saves: ['vec1', 'vec2'],
    grads: {
      self: (c) => scaled(c.grad, c.scalar('beta')),
      vec1: (c) => scaled(f.tensor('aten::mv', c.grad, c.saved('vec2')), c.scalar('alpha')),
      vec2: (c) => scaled(f.tensor('aten::mv', f.t(c.grad), c.saved('vec1')), c.scalar('alpha')),
    },
  },
  'aten::baddbmm': {
    node: 'BaddbmmBackward0',
    saves: ['batch1', 'batch2'],
    grads: {
      self: (c) => scaled(c.grad, c.scalar('beta')),
      batch1: (c) => scaled(f.bmm(c.grad, f.transpose(c.saved('batch2'), 1, 2)), c.scalar('alpha')),
      batch2: (c) => scaled(f.bmm(f.transpose(c.saved('batch1'), 1, 2), c.grad), c.scalar('alpha')),
    },
  },
  'aten::addbmm': {
    node: 'AddbmmBackward0',
    saves: ['batch1', 'batch2'],
    grads: {
      self: (c) => scaled(c.grad, c.scalar('beta')),
      batch1: (c) => {
        const b2 = c.saved('batch2');
        const g = f.expand(f.unsqueeze(c.grad, 0), [b2.shape[0], ...c.grad.shape]);
        return scaled(f.bmm(g, f.transpose(b2, 1, 2)), c.scalar('alpha'));
      },
      batch2: (c) => {
        const b1 = c.saved('batch1');
        const g = f.expand(f.unsqueeze(c.grad, 0), [b1.shape[0], ...c.grad.shape]);
        return scaled(f.bmm(f.transpose(b1, 1, 2), g), c.scalar('alpha'));
      },
    },
  },
  'aten::trace': {
    node: 'TraceBackward0',
    grads: {
      self: (c) => {
        const [n, m] = c.shape('self');
        const eye = f.tensor('aten::eye.m', n, m, c.grad.dtype, null, null, null);
        return f.mul(eye, c.grad);
      },
    },
  },
});

/** outer (and ger) as PyTorch computes them: a column of self times vec2. */
const outerRecorded = (self: Tensor, vec2: Tensor): Tensor =>
  f.mul(reshapeRecorded(self, [-1, 1]), vec2);
decomposition('aten::outer', outerRecorded);
decomposition('aten::ger', outerRecorded);
