// Sampling beyond the operator fixtures: views the fixtures cannot encode (slices, expansions), long
// runs measured element by element against PyTorch, and the arithmetic underneath (FMA emulation,
// C++ number formatting, libstdc++'s sort order).

import assert from 'node:assert/strict';
import '../../../runtime/ops/index.js';
import { call } from '../../../runtime/ops/dispatch.js';
import { TorchError } from '../../../runtime/errors.js';
import { orthogonal_, truncNormal_ } from '../../../runtime/nn/init.js';
import {
  bernoulliScalar,
  exponential,
  normal,
  uniform,
} from '../../../runtime/random/distributions.js';
import { fma, fmaf } from '../../../runtime/random/fused.js';
import { defaultGenerator } from '../../../runtime/random/generator.js';
import { randomFromTo, randpermInto } from '../../../runtime/random/integers.js';
import { cppDouble } from '../../../runtime/random/messages.js';
import { stdSort, topkIndices } from '../../../runtime/random/stdsort.js';
import type { DType } from '../../../runtime/tensor/dtype.js';
import { Storage } from '../../../runtime/tensor/storage.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';
import { decode, difference } from '../../support/values.js';
import { bytesOf, randomRecords } from './fixtures.js';

const exact = { rtol: 0, atol: 0 };

const inPlace: Record<string, (t: Tensor, args: unknown[]) => Tensor> = {
  uniform_: (t, a) => uniform(t, ...(a as number[])),
  normal_: (t, a) => normal(t, ...(a as number[])),
  bernoulli_: (t, a) => bernoulliScalar(t, ...(a as number[])),
  random_: (t, a) => randomFromTo(t, Number(a[0]), Number(a[1])),
  exponential_: (t, a) => exponential(t, ...(a as number[])),
};

describe('random: sampling', () => {
  describe('into views PyTorch visits in memory order', () => {
    for (const rec of randomRecords('view')) {
      const shape = (rec.shape as bigint[]).map(Number);
      const strides = (rec.strides as bigint[]).map(Number);
      it(`${rec.op} on shape [${shape}] strides [${strides}] offset ${rec.offset}`, () => {
        const base = Tensor.empty([Number(rec.base)], 'float32');
        const view = new Tensor(base.storage, shape, strides, Number(rec.offset), 'float32');
        defaultGenerator.manualSeed(rec.seed as bigint);
        const args = decode(rec.args) as unknown[];
        const run = () => inPlace[rec.op as string](view, args);
        const error = rec.error as { type: string; message: string } | undefined;
        if (error !== undefined) {
          assert.throws(
            run,
            (e: unknown) =>
              e instanceof TorchError && e.pythonType === error.type && e.message === error.message,
          );
          return;
        }
        run();
        assert.equal(difference(base, rec.expected_base, exact), null);
      });
    }
  });

  describe('long runs, element by element', () => {
    const runs: Record<string, (n: number, dtype: DType, shape: number[]) => Tensor> = {
      orthogonal: (_n, dtype, shape) => orthogonal_(Tensor.empty(shape, dtype)),
      randn: (n, dtype) => normal(Tensor.empty([n], dtype)),
      exponential: (n, dtype) => exponential(Tensor.empty([n], dtype)),
      randperm: (n, dtype) => randpermInto(Tensor.empty([n], dtype), n),
      trunc_normal: (n, dtype) => truncNormal_(Tensor.empty([n], dtype)),
    };
    // float32 normals and permutations match exactly. Doubles go through glibc's log, sin and
    // cos, which miss the correctly rounded result (ours) a few times in a thousand; trunc_normal
    // through glibc's logf, which does so more rarely still.
    const required: Record<string, number> = { float32: 1, int32: 1, float64: 0.995 };
    for (const rec of randomRecords('rate')) {
      const dtype = decode(rec.dtype) as DType;
      const n = Number(rec.n);
      const need = rec.op === 'trunc_normal' ? 0.9995 : required[dtype];
      it(`${rec.op}: ${n} ${dtype} samples, at least ${need * 100}% bit for bit`, () => {
        defaultGenerator.manualSeed(rec.seed as bigint);
        const shape = ((rec.shape as bigint[] | undefined) ?? [BigInt(n)]).map(Number);
        const ours = runs[rec.op as string](n, dtype, shape).toArray();
        const bytes = bytesOf(rec.values as string);
        const theirs =
          dtype === 'float32'
            ? new Float32Array(bytes.buffer)
            : dtype === 'int32'
              ? new Int32Array(bytes.buffer)
              : new Float64Array(bytes.buffer);
        let same = 0;
        for (let i = 0; i < n; i++) if (ours[i] === theirs[i]) same++;
        const rate = same / n;
        if (rate < 1)
          console.log(`      ${rec.op} ${dtype}: ${same}/${n} (${(rate * 100).toFixed(3)}%)`);
        assert.ok(rate >= need, `${same} of ${n} equal`);
      });
    }
  });

  describe('arithmetic underneath', () => {
    it('fma rounds once', () => {
      // (1 + 2^-30)^2 - 1 = 2^-29 + 2^-60: a plain multiply loses the 2^-60.
      const x = 1 + 2 ** -30;
      assert.equal(fma(x, x, -1), 2 ** -29 + 2 ** -60);
      assert.equal(x * x - 1, 2 ** -29);
      assert.equal(fma(0.1, 10, -1), 5.551115123125783e-17);
      assert.equal(fma(2, 3, 4), 10);
      assert.equal(fma(1e300, 1e10, 1), Infinity);
    });

    it('fmaf rounds once to float32', () => {
      const x = Math.fround(1 + 2 ** -12);
      assert.equal(fmaf(x, x, -1), Math.fround(2 ** -11 + 2 ** -24));
      assert.equal(Math.fround(Math.fround(x * x) - 1), 2 ** -11);
    });

    it("formats doubles as C++'s ostream does", () => {
      const cases: [number, string][] = [
        [-1, '-1'],
        [-0.5, '-0.5'],
        [1.5, '1.5'],
        [-1.2345678e-7, '-1.23457e-07'],
        [3e38, '3e+38'],
        [1e39, '1e+39'],
        [123456.7, '123457'],
        [1234567, '1.23457e+06'],
        [0.0001234567, '0.000123457'],
        [NaN, 'nan'],
        [-Infinity, '-inf'],
        [0, '0'],
      ];
      for (const [x, text] of cases) assert.equal(cppDouble(x), text);
    });

    it("sorts as libstdc++'s introsort does, ties included", () => {
      const keys = [3, 1, 3, 2, 1, 3, 0, 2, 2, 1, 3, 0, 1, 2, 3, 0, 1, 1, 2, 3];
      const ids = keys.map((_, i) => i);
      stdSort(ids, (x, y) => keys[x] > keys[y]);
      assert.deepEqual(
        ids.map((i) => keys[i]),
        [...keys].sort((a, b) => b - a),
      );
      assert.deepEqual(
        Array.from(topkIndices(new Float32Array(10), 10)),
        [5, 9, 8, 7, 6, 3, 1, 2, 0, 4],
      );
    });
  });

  describe('factories', () => {
    it('refuses a CUDA device while none is available', () => {
      assert.throws(
        () => call('rand', [[2]], { device: 'cuda' }),
        /Torch not compiled with CUDA enabled/,
      );
      assert.throws(
        () => call('randn', [[2]], { device: 'cuda:0' }),
        /Torch not compiled with CUDA enabled/,
      );
      assert.throws(
        () => call('randint', [5, [2]], { device: 'cuda' }),
        /Torch not compiled with CUDA enabled/,
      );
    });

    it('refuses named tensors and unusual layouts clearly', () => {
      assert.throws(
        () => call('rand', [[2]], { names: ['a'] }),
        (e: unknown) => e instanceof TorchError && e.pythonType === 'NotImplementedError',
      );
      assert.throws(
        () => call('rand', [[2]], { layout: 1 }),
        (e: unknown) => e instanceof TorchError && e.pythonType === 'NotImplementedError',
      );
    });

    it('fills a tensor with its own storage offset in place', () => {
      const storage = new Storage(new Float32Array(10));
      const t = new Tensor(storage, [4], [1], 3, 'float32');
      defaultGenerator.manualSeed(0n);
      uniform(t);
      const values = Array.from(storage.data as Float32Array);
      assert.deepEqual(values.slice(0, 3), [0, 0, 0]);
      assert.deepEqual(values.slice(7), [0, 0, 0]);
      defaultGenerator.manualSeed(0n);
      assert.deepEqual(values.slice(3, 7), uniform(Tensor.empty([4], 'float32')).toArray());
    });
  });
});
