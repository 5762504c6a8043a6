// Elementwise results laid out as PyTorch lays them out: every case of
// spec/fixtures/output_strides.jsonl (made by spec/fixtures/make_output_strides.py with PyTorch
// 1.13.1) rebuilds its inputs with their strides and checks the strides of `a + b` or `-a`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../../runtime/ops/index.js';
import { lookup } from '../../../runtime/ops/registry.js';
import { Storage } from '../../../runtime/tensor/storage.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';
import { fixturesDir } from '../../support/paths.js';

interface Layout {
  readonly shape: number[];
  readonly stride: number[];
}

interface Case extends Layout {
  readonly inputs: Layout[];
}

const cases = fs
  .readFileSync(path.join(fixturesDir, 'output_strides.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as Case);

function strided({ shape, stride }: Layout): Tensor {
  const extent = shape.reduce((n, size, d) => n + (size - 1) * stride[d], 1);
  return new Tensor(Storage.allocate('float32', extent), shape, stride, 0, 'float32');
}

describe('elementwise result strides against PyTorch', () => {
  it(`lays out ${cases.length} results as PyTorch does`, () => {
    const wrong = cases.filter((c) => {
      const inputs = c.inputs.map(strided);
      const result = (
        inputs.length === 1
          ? lookup('aten::neg')!.impl(inputs[0])
          : lookup('aten::add.Tensor')!.impl(inputs[0], inputs[1], 1)
      ) as Tensor;
      assert.deepEqual(result.shape, c.shape);
      return JSON.stringify(result.strides) !== JSON.stringify(c.stride);
    });
    assert.deepEqual(wrong.slice(0, 5), []);
  });
});
