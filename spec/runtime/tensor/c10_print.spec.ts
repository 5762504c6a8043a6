// c10's tensor stream format, newlines made spaces as graphs print tensor constants; the
// expected texts are PyTorch 1.13.1's (they also appear in spec/fixtures/freeze.jsonl).

import assert from 'node:assert/strict';
import { c10TensorText } from '../../../runtime/tensor/c10_print.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import type { DType } from '../../../runtime/tensor/dtype.js';

function printed(values: number[], shape: number[], dtype: DType = 'float32'): string {
  return c10TensorText(fromArray(values, shape, dtype)).replace(/\n/g, ' ');
}

describe("c10's tensor format", () => {
  it('prints integers in a column as wide as the widest', () => {
    assert.equal(printed([1, 22, -333], [3], 'int64'), '  1  22 -333 [ CPULongType{3} ]');
    assert.equal(printed([1, 0], [2], 'bool'), ' 1  0 [ CPUBoolType{2} ]');
  });

  it('prints four decimals, factoring out a common power of ten', () => {
    assert.equal(
      printed([0.1977, 0.3, -0.339], [3]),
      ' 0.1977  0.3000 -0.3390 [ CPUFloatType{3} ]',
    );
    assert.equal(printed([1000.5, 2.25], [2]), ' 1000.5000     2.2500 [ CPUFloatType{2} ]');
    assert.equal(printed([1e-5, 2.5e-5], [2]), '1e-05 *  1.0000  2.5000 [ CPUFloatType{2} ]');
  });

  it('switches to scientific notation when magnitudes differ too much', () => {
    assert.equal(
      printed([1e-8, 5, -7], [3]),
      ' 1.0000e-08  5.0000e+00 -7.0000e+00 [ CPUFloatType{3} ]',
    );
    assert.equal(printed([123456, 1.5], [2]), ' 1.2346e+05  1.5000e+00 [ CPUFloatType{2} ]');
  });

  it('prints matrices by rows and more dimensions as headed matrices', () => {
    assert.equal(
      printed([1.5, -2, 3.25, 4], [2, 2]),
      ' 1.5000 -2.0000  3.2500  4.0000 [ CPUFloatType{2,2} ]',
    );
    assert.equal(
      printed(
        [0, 1, 2, 3, 4, 5, 6, 7].map((v) => Math.fround(v / 3)),
        [2, 2, 2],
      ),
      '(1,.,.) =    0.0000  0.3333   0.6667  1.0000  (2,.,.) =    1.3333  1.6667   2.0000  2.3333 [ CPUFloatType{2,2,2} ]',
    );
  });
});
