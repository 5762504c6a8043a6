// The backward engine and recording through the registry: accumulation into .grad, retain_graph
// and its error, grad mode, in-place refusals and version checks, in-place writes into views;
// numbers and messages as PyTorch 1.13.1 gives them.

import assert from 'node:assert/strict';
import '../../../runtime/ops/index.js';
import { backward, grad } from '../../../runtime/autograd/engine.js';
import { gradMode, withGradMode } from '../../../runtime/autograd/grad_mode.js';
import { gradFnOf } from '../../../runtime/autograd/node.js';
import { call } from '../../../runtime/ops/dispatch.js';
import { TorchError } from '../../../runtime/errors.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';

const options = { retainGraph: null, createGraph: false };

function leaf(values: number[], shape = [values.length]): Tensor {
  const t = fromArray(values, shape, 'float32');
  t.requiresGrad = true;
  return t;
}

function op(name: string, ...args: unknown[]): Tensor {
  const r = call(name, args);
  assert.ok(r instanceof Tensor);
  return r;
}

function values(t: Tensor | null): number[] {
  assert.ok(t !== null);
  const c = t.isContiguous() ? t : op('contiguous', t);
  return Array.from({ length: c.numel() }, (_, i) => Number(c.data[c.storageIndex(i)]));
}

function throwsTorch(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof TorchError && e.message === message);
}

describe('autograd engine', () => {
  it('records PyTorch node names and accumulates gradients into leaves', () => {
    const x = leaf([1, 2, 3]);
    const y = op('sum', op('mul', op('tanh', x), x));
    assert.equal(gradFnOf(y)?.name, 'SumBackward0');
    backward([y], [null], options);
    const t = [1, 2, 3].map(Math.tanh);
    const expected = [1, 2, 3].map((v, i) => t[i] + v * (1 - t[i] * t[i]));
    values(x.grad).forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-5));
    backward([op('sum', x)], [null], options);
    values(x.grad).forEach((g, i) => assert.ok(Math.abs(g - expected[i] - 1) < 1e-5));
  });

  it('refuses a second backward pass through a freed graph', () => {
    const x = leaf([1, 2]);
    const y = op('sum', op('mul', x, x));
    backward([y], [null], { retainGraph: true, createGraph: false });
    backward([y], [null], options);
    assert.deepEqual(values(x.grad), [4, 8]);
    throwsTorch(
      () => backward([y], [null], options),
      'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
    );
  });

  it('records nothing with grad mode off', () => {
    const x = leaf([1, 2]);
    const y = withGradMode(false, () => op('mul', x, x));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.equal(gradMode.enabled, true);
  });

  it('refuses in-place changes of leaves that require grad', () => {
    const x = leaf([1, 2]);
    throwsTorch(
      () => call('add_', [x, fromArray([1, 1], [2], 'float32')]),
      'a leaf Variable that requires grad is being used in an in-place operation.',
    );
  });

  it('refuses gradients of tensors changed in place after being saved', () => {
    const x = leaf([1, 2]);
    const y = op('mul', x, 2);
    const z = op('mul', y, y);
    call('add_', [y, 1]);
    throwsTorch(
      () => backward([op('sum', z)], [null], options),
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of AddBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).',
    );
  });

  it('sends gradients of in-place writes into views back to the base (CopySlices)', () => {
    const x = leaf([1, 2, 3]);
    const y = op('mul', x, 1);
    call('mul_', [op('select', y, 0, 1), 5]);
    assert.equal(gradFnOf(y)?.name, 'CopySlices');
    const [g] = grad([op('sum', y)], [x], null, options, false);
    assert.deepEqual(values(g), [1, 5, 1]);
  });

  it('torch.autograd.grad leaves .grad alone and reports unused inputs', () => {
    const x = leaf([3]);
    const unused = leaf([1]);
    const [g] = grad([op('sum', op('mul', x, x))], [x], null, options, false);
    assert.deepEqual(values(g), [6]);
    assert.equal(x.grad, null);
    throwsTorch(
      () => grad([op('sum', op('mul', x, x))], [x, unused], null, options, false),
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    );
  });
});
