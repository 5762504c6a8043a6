// Tensors held by constants (a loaded archive's constant table) print in graphs as PyTorch
// prints tensor attributes: a one-element tensor as its value, more than 10 elements <Tensor>.

import assert from 'node:assert/strict';
import { constantText, type ConstantValue } from '../../../compiler/ir/constants.js';
import '../../../runtime/serialization/index.js';
import { fromArray } from '../../../runtime/tensor/factory.js';

const text = (v: object) => constantText(v as ConstantValue);

describe('tensor constants in graphs', () => {
  it('prints one-element tensors as their value, as a C++ stream writes it', () => {
    assert.equal(text(fromArray([0.5], [], 'float32')), '{0.5}');
    assert.equal(text(fromArray([2], [1], 'float64')), '{2}');
    assert.equal(text(fromArray([1e-7], [], 'float64')), '{1e-07}');
    assert.equal(text(fromArray([-3], [], 'int64')), '{-3}');
  });

  it('prints tensors of more than 10 elements as <Tensor>', () => {
    assert.equal(text(fromArray(new Array(11).fill(1), [11], 'float32')), '<Tensor>');
  });

  it("prints the others in c10's tensor format, on one line", () => {
    assert.equal(
      text(fromArray([0.1977, 0.3, -0.339], [3], 'float32')),
      ' 0.1977  0.3000 -0.3390 [ CPUFloatType{3} ]',
    );
  });
});
