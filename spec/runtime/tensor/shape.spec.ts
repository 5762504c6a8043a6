import assert from 'node:assert/strict';
import {
  broadcastShapes,
  contiguousStrides,
  inferSize,
  normalizeDim,
} from '../../../runtime/tensor/shape.js';

describe('shapes', () => {
  it('broadcasts trailing dimensions and size-1 dimensions', () => {
    assert.deepEqual(broadcastShapes([2, 1, 3], [4, 1]), [2, 4, 3]);
    assert.deepEqual(broadcastShapes([], [5]), [5]);
    assert.deepEqual(broadcastShapes([0, 1], [3]), [0, 3]);
  });

  it("refuses incompatible shapes in PyTorch's words", () => {
    assert.throws(
      () => broadcastShapes([3], [2]),
      /^RuntimeError: The size of tensor a \(3\) must match the size of tensor b \(2\) at non-singleton dimension 0$/,
    );
    assert.throws(() => broadcastShapes([2, 3], [4, 3]), /at non-singleton dimension 0/);
  });

  it('wraps dimensions and reports the valid range', () => {
    assert.equal(normalizeDim(-1, 3), 2);
    assert.equal(normalizeDim(0, 0), 0);
    assert.throws(
      () => normalizeDim(3, 3),
      /Dimension out of range \(expected to be in range of \[-3, 2\], but got 3\)/,
    );
  });

  it('infers one -1 dimension', () => {
    assert.deepEqual(inferSize([2, -1], 6), [2, 3]);
    assert.throws(() => inferSize([4, -1], 6), /shape '\[4, -1\]' is invalid for input of size 6/);
    assert.throws(() => inferSize([-1, -1], 6), /only one dimension can be inferred/);
    assert.deepEqual(contiguousStrides([2, 3, 4]), [12, 4, 1]);
  });
});
