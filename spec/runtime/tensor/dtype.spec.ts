import assert from 'node:assert/strict';
import { promoteTypes, ResultType, dtypes, type DType } from '../../../runtime/tensor/dtype.js';

describe('dtype promotion', () => {
  it('is symmetric and idempotent', () => {
    for (const a of dtypes) {
      assert.equal(promoteTypes(a, a), a);
      for (const b of dtypes) assert.equal(promoteTypes(a, b), promoteTypes(b, a));
    }
  });

  it('follows c10::promoteTypes on the lattice corners', () => {
    const cases: [DType, DType, DType][] = [
      ['uint8', 'int8', 'int16'],
      ['bool', 'uint8', 'uint8'],
      ['int32', 'float32', 'float32'],
      ['int64', 'float32', 'float32'],
      ['float32', 'float64', 'float64'],
      ['uint8', 'int64', 'int64'],
    ];
    for (const [a, b, r] of cases) assert.equal(promoteTypes(a, b), r, `${a} + ${b}`);
  });

  it('ranks dimensioned tensors over 0-dim tensors over Python scalars, by category', () => {
    const r = () => new ResultType();
    assert.equal(r().addTensor('uint8', 1).addScalar('int').result(), 'uint8');
    assert.equal(r().addTensor('int32', 1).addScalar('float').result(), 'float32');
    assert.equal(r().addTensor('bool', 1).addScalar('int').result(), 'int64');
    assert.equal(r().addTensor('int32', 1).addTensor('int64', 0).result(), 'int32');
    assert.equal(r().addTensor('int32', 1).addTensor('float64', 0).result(), 'float64');
    assert.equal(r().addTensor('float32', 1).addTensor('float64', 0).result(), 'float32');
    assert.equal(r().addTensor('int64', 0).addScalar('float').result(), 'float32');
    assert.equal(r().addScalar('int').addScalar('float').result(), 'float32');
  });
});
