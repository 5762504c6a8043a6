// The Python-level pieces of torch.nn.functional that runtime/ops/normalization.ts provides for
// the facade (F.normalize, F.batch_norm's and F.instance_norm's size checks). They are not aten
// operators, so the fixture runner cannot reach them; the expected values come from PyTorch
// 1.13.1 (torch.nn.functional.normalize on the same inputs).

import assert from 'node:assert/strict';
import {
  normalize,
  verifyBatchSize,
  verifySpatialSize,
} from '../../../runtime/ops/normalization.js';
import { TorchError } from '../../../runtime/errors.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import type { DType } from '../../../runtime/tensor/dtype.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';

const row = [-3.0, -1.7999999523162842, -0.5999999046325684, 0.5999999046325684];
const f32x6 = [...row, 1.7999999523162842, 3.0];

interface Case {
  name: string;
  input: Tensor;
  args: [number?, number?, number?];
  expected: number[];
}

const t = (values: number[], shape: number[], dtype: DType = 'float32') =>
  fromArray(values, shape, dtype);

const cases: Case[] = [
  {
    name: 'default p=2 along dim 1',
    input: t(f32x6, [2, 3]),
    args: [],
    expected: [
      -0.8451542854309082, -0.5070925354957581, -0.1690308302640915, 0.1690308302640915,
      0.5070925354957581, 0.8451542854309082,
    ],
  },
  {
    name: 'p=1 along dim 0',
    input: t(f32x6, [2, 3]),
    args: [1, 0],
    expected: [
      -0.8333333730697632, -0.5, -0.166666641831398, 0.166666641831398, 0.5, 0.8333333730697632,
    ],
  },
  {
    name: 'p=inf',
    input: t(f32x6, [3, 2]),
    args: [Infinity, 1],
    expected: [-1.0, -0.5999999642372131, -1.0, 1.0, 0.5999999642372131, 1.0],
  },
  {
    name: 'p=0 counts non-zeros',
    input: t([3, 4, 0, 0], [2, 2]),
    args: [0, 1],
    expected: [1.5, 2.0, 0.0, 0.0],
  },
  {
    name: 'p=-1 with a zero row (clamped at eps)',
    input: t([3, 4, 0, 0], [2, 2]),
    args: [-1, 1],
    expected: [1.7500001192092896, 2.3333334922790527, 0.0, 0.0],
  },
  {
    name: 'tiny values with p=3',
    input: t(
      [
        -3.000000106112566e-7, -2.1428570562420646e-7, -1.2857142905886576e-7,
        -4.285714183538403e-8, 4.285714183538403e-8, 1.2857142905886576e-7, 2.1428570562420646e-7,
        3.000000106112566e-7,
      ],
      [2, 2, 2],
    ),
    args: [3, 2, 1e-12],
    expected: [
      -0.901604950428009, -0.6440035104751587, -0.9879510998725891, -0.32931700348854065,
      0.32931700348854065, 0.9879510998725891, 0.6440035104751587, 0.901604950428009,
    ],
  },
  { name: '0-dim', input: t([-3], []), args: [2, 0], expected: [-1.0] },
  {
    name: 'double',
    input: t(f32x6, [2, 3], 'float64'),
    args: [2, -1],
    expected: [
      -0.8451542643237772, -0.507092545160901, -0.1690308259980249, 0.1690308259980249,
      0.507092545160901, 0.8451542643237772,
    ],
  },
  {
    name: 'a transposed input',
    input: (() => {
      const base = t(f32x6, [3, 2]);
      return base.view([2, 3], [1, 2]);
    })(),
    args: [2, 0],
    expected: [
      -0.8574929237365723, -0.7071067690849304, 0.5144957304000854, -0.5144957304000854,
      0.7071067690849304, 0.8574929237365723,
    ],
  },
];

function pythonError(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof TorchError, String(e));
    return { type: e.pythonType, message: e.message };
  }
  assert.fail('expected an error');
}

describe('torch.nn.functional helpers', () => {
  describe('normalize', () => {
    for (const c of cases) {
      it(c.name, () => {
        const out = normalize(c.input, ...c.args);
        assert.equal(out.dtype, c.input.dtype);
        assert.deepEqual(out.shape, c.input.shape);
        out.toArray().forEach((v, i) => {
          const want = c.expected[i];
          assert.ok(Math.abs(v - want) <= 1e-6 + 1.3e-6 * Math.abs(want), `element ${i}: ${v}`);
        });
      });
    }

    it('refuses integer tensors as torch.norm does', () => {
      assert.deepEqual(
        pythonError(() => normalize(fromArray([1, 2], [2], 'int64'), 2, 0)),
        {
          type: 'RuntimeError',
          message:
            'norm(): input dtype should be either floating point or complex. Got Long instead.',
        },
      );
    });

    it('checks the dimension', () => {
      assert.deepEqual(
        pythonError(() => normalize(t([3, 4], [2]))),
        {
          type: 'IndexError',
          message: 'Dimension out of range (expected to be in range of [-1, 0], but got 1)',
        },
      );
    });
  });

  describe('batch and spatial size checks', () => {
    it('refuses one value per channel in training', () => {
      assert.deepEqual(
        pythonError(() => verifyBatchSize([1, 3])),
        {
          type: 'ValueError',
          message:
            'Expected more than 1 value per channel when training, got input size torch.Size([1, 3])',
        },
      );
      assert.throws(() => verifyBatchSize([1, 3, 1, 1]));
      verifyBatchSize([2, 3]);
      verifyBatchSize([1, 3, 2]);
    });

    it('prints a TorchScript list where the caller passes one', () => {
      assert.equal(
        pythonError(() => verifyBatchSize([1, 3], '[1, 3]')).message,
        'Expected more than 1 value per channel when training, got input size [1, 3]',
      );
    });

    it('refuses a single spatial element for instance norm', () => {
      assert.deepEqual(
        pythonError(() => verifySpatialSize([2, 3, 1])),
        {
          type: 'ValueError',
          message:
            'Expected more than 1 spatial element when training, got input size torch.Size([2, 3, 1])',
        },
      );
      assert.throws(() => verifySpatialSize([2, 3]));
      verifySpatialSize([2, 3, 2]);
    });
  });
});
