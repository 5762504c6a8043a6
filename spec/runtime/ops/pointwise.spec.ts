// What the PyTorch fixtures of the pointwise families cannot show: the special functions'
// accuracy over a fine grid, NaN sign bits, aliasing of in-place results, and eager calls.

import assert from 'node:assert/strict';
import '../../../runtime/ops/index.js';
import { call } from '../../../runtime/ops/dispatch.js';
import { erf, erfc, erfinv, roundHalfEven, signbit } from '../../../runtime/kernels/special.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';

describe('special functions', () => {
  it('erf and erfc are odd and complementary, and erfinv inverts erf', () => {
    for (let x = -6; x <= 6; x += 0.01) {
      assert.ok(Math.abs(erf(-x) + erf(x)) <= 1e-15, `erf(${x}) is odd`);
      assert.ok(Math.abs(erf(x) + erfc(x) - 1) <= 2e-15, `erf + erfc at ${x}`);
      // Beyond |x| = 3, 1 - erf(x) keeps too few digits in double for the inverse to be exact.
      if (Math.abs(x) < 3) {
        const back = erfinv(erf(x));
        assert.ok(Math.abs(back - x) <= 1e-9 * Math.max(1, Math.abs(x)), `erfinv(erf(${x}))`);
      }
    }
  });

  it('matches reference values to double precision', () => {
    // Values of erf and erfc from the C library (Python's math module).
    const reference: [number, number, number][] = [
      [0.5, 0.5204998778130465, 0.4795001221869535],
      [1.5, 0.9661051464753108, 0.033894853524689274],
      [3.0, 0.9999779095030014, 2.209049699858544e-5],
      [10.0, 1.0, 2.088487583762545e-45],
    ];
    for (const [x, e, c] of reference) {
      assert.ok(Math.abs(erf(x) - e) <= 1e-15, `erf(${x})`);
      assert.ok(Math.abs(erfc(x) - c) <= 1e-13 * c, `erfc(${x})`);
    }
    assert.equal(erfinv(1), Infinity);
    assert.equal(erfinv(-1), -Infinity);
    assert.ok(Number.isNaN(erfinv(1.5)));
    assert.ok(Object.is(erfinv(-0), -0));
  });

  it('rounds halves to even, keeping the sign of zero', () => {
    const cases: [number, number][] = [
      [0.5, 0],
      [1.5, 2],
      [2.5, 2],
      [-0.5, -0],
      [-1.5, -2],
      [-2.5, -2],
      [2.4999999999999996, 2],
      [4503599627370497, 4503599627370497],
    ];
    for (const [x, want] of cases) assert.ok(Object.is(roundHalfEven(x), want), `round(${x})`);
  });

  it('reads the sign bit of zeros and NaNs', () => {
    const bits = new DataView(new ArrayBuffer(8));
    bits.setFloat64(0, NaN);
    bits.setUint8(0, bits.getUint8(0) | 0x80);
    assert.equal(signbit(bits.getFloat64(0)), true);
    assert.equal(signbit(NaN), false);
    assert.equal(signbit(-0), true);
    assert.equal(signbit(0), false);
  });
});

describe('pointwise operators in eager calls', () => {
  it('write in-place results through every alias', () => {
    const base = fromArray([-1, 2, -3, 4, -5, 6], [2, 3], 'float32');
    const column = base.view([2], [3], 1);
    const r = call('relu_', [column]) as Tensor;
    assert.equal(r, column);
    assert.deepEqual(base.toArray(), [-1, 2, -3, 4, 0, 6]);
    const mask = fromArray([1, 0, 1], [3], 'bool');
    call('masked_fill_', [base, mask, 9.5]);
    assert.deepEqual(base.toArray(), [9.5, 2, 9.5, 9.5, 0, 9.5]);
  });

  it('returns self itself from positive', () => {
    const x = fromArray([1, 2], [2], 'int64');
    assert.equal(call('positive', [x]), x);
  });

  it('picks the Scalar or Tensor overload from the arguments', () => {
    const x = fromArray([1, 5, 9], [3], 'int64');
    const clamped = call('clamp', [x], { min: 2n, max: 6n }) as Tensor;
    assert.equal(clamped.dtype, 'int64');
    assert.deepEqual(clamped.toArray(), [2, 5, 6]);
    const lt = call('lt', [x, 5n]) as Tensor;
    assert.equal(lt.dtype, 'bool');
    assert.deepEqual(lt.toArray(), [1, 0, 0]);
    const chosen = call('where', [lt, x, 0.5]) as Tensor;
    assert.equal(chosen.dtype, 'float32');
    assert.deepEqual(chosen.toArray(), [1, 0.5, 0.5]);
  });

  it('keeps int64 bit patterns beyond 32 bits', () => {
    const big = fromArray([2 ** 40 + 5, -(2 ** 45)], [2], 'int64');
    const masked = call('bitwise_and', [big, 2n ** 41n - 1n]) as Tensor;
    assert.deepEqual(masked.toArray(), [2 ** 40 + 5, 0]);
    assert.deepEqual((call('bitwise_not', [big]) as Tensor).toArray(), [
      -(2 ** 40) - 6,
      2 ** 45 - 1,
    ]);
    assert.deepEqual((call('__rshift__', [big, 3n]) as Tensor).toArray(), [2 ** 37, -(2 ** 42)]);
  });

  it('finds nonzero indices of large strided conditions', () => {
    const n = 1000;
    const values = Array.from({ length: 2 * n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const t = fromArray(values, [2, n], 'int32');
    const transposed = t.view([n, 2], [1, n]);
    const [rows, cols] = call('where', [transposed]) as Tensor[];
    const expected: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 2; j++) if ((j * n + i) % 7 === 0) expected.push([i, j]);
    }
    assert.deepEqual(
      rows.toArray(),
      expected.map(([i]) => i),
    );
    assert.deepEqual(
      cols.toArray(),
      expected.map(([, j]) => j),
    );
  });
});
