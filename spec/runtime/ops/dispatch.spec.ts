import assert from 'node:assert/strict';
import '../../../runtime/ops/index.js';
import { call } from '../../../runtime/ops/dispatch.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';

describe('eager dispatch', () => {
  const x = fromArray([1, 2, 3], [3], 'int64');

  it('picks the first overload that accepts the arguments', () => {
    const r = call('add', [x, 2n], { alpha: 3n }) as Tensor;
    assert.equal(r.dtype, 'int64');
    assert.deepEqual(r.toArray(), [7, 8, 9]);
    const f = call('add', [x, 0.5]) as Tensor;
    assert.equal(f.dtype, 'float32');
    assert.deepEqual(f.toArray(), [1.5, 2.5, 3.5]);
  });

  it('fills defaults and converts dtype names and ints', () => {
    const z = call('zeros', [[2, 2]], { dtype: 'torch.int32' }) as Tensor;
    assert.equal(z.dtype, 'int32');
    assert.deepEqual(z.shape, [2, 2]);
    assert.equal(call('size', [z, 1n]), 2);
  });

  it('refuses a Python number as self and reports what it got', () => {
    assert.throws(
      () => call('mul', [2n, x]),
      /^TypeError: mul\(\) received an invalid combination of arguments - got \(int, Tensor\), but expected one of:\n \* \(Tensor self, Tensor other\)/,
    );
  });
});
