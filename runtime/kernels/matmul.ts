// Batched matrix products, the kernel under mm, bmm, mv, dot, matmul, addmm, linear, einsum...
// C[b] = A[b] @ B[b] for strided A: [batch, m, k] and B: [batch, k, n] (a batch stride of 0
// broadcasts), into a new contiguous [batch, m, n] array of the same dtype.
//
// reference: double accumulation, so float64 is plain double math and integers are exact below
//            2^53; a store into the result's typed array rounds (float32) or wraps (int32...).
// tfjs:      float32 only (tfjs has no float64), through BatchMatMul; worth its ~6 us call cost
//            from about 20x20x20 on (tfjsMatmulWorthIt has the cost model).

import { defineKernel, kernelName } from '../backend/kernel-table.js';
import { withTfjs, type TfjsCall } from '../backend/tfjs-call.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import { allocateArray } from '../tensor/storage.js';

/** A batch of matrices in strided memory: element [b, i, j] is data[offset + b*s0 + i*s1 + j*s2]. */
export interface StridedBatch {
  readonly data: TypedArray;
  readonly offset: number;
  readonly strides: readonly [number, number, number];
}

export interface MatmulProblem {
  readonly batch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly a: StridedBatch;
  readonly b: StridedBatch;
  /** The dtype of both operands and of the result. */
  readonly dtype: DType;
}

export const matmulKernel = kernelName<MatmulProblem, TypedArray>('matmul');

type Loop = (p: MatmulProblem, out: TypedArray, acc: Float64Array) => void;

// One compiled copy of the loop per dtype, so each copy sees one typed-array type and V8 keeps
// its element accesses monomorphic. Rows of A go four at a time, so each element of B loaded
// serves four products (about twice as fast as one row at a time).
const loopSource = `
  const { batch, m, k, n, a, b } = p;
  const ad = a.data, bd = b.data;
  const sab = a.strides[0], sam = a.strides[1], sak = a.strides[2];
  const sbb = b.strides[0], sbk = b.strides[1], sbn = b.strides[2];
  for (let bi = 0; bi < batch; bi++) {
    const aBase = a.offset + bi * sab, bBase = b.offset + bi * sbb, oBase = bi * m * n;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      acc.fill(0, 0, 4 * n);
      const r0 = aBase + i * sam, r1 = r0 + sam, r2 = r1 + sam, r3 = r2 + sam;
      for (let q = 0; q < k; q++) {
        const qa = q * sak;
        const a0 = ad[r0 + qa], a1 = ad[r1 + qa], a2 = ad[r2 + qa], a3 = ad[r3 + qa];
        for (let j = 0, bj = bBase + q * sbk; j < n; j++, bj += sbn) {
          const bv = bd[bj];
          acc[j] += a0 * bv;
          acc[n + j] += a1 * bv;
          acc[2 * n + j] += a2 * bv;
          acc[3 * n + j] += a3 * bv;
        }
      }
      for (let j = 0, o = oBase + i * n; j < 4 * n; j++) out[o + j] = acc[j];
    }
    for (; i < m; i++) {
      acc.fill(0, 0, n);
      const r = aBase + i * sam;
      for (let q = 0; q < k; q++) {
        const av = ad[r + q * sak];
        for (let j = 0, bj = bBase + q * sbk; j < n; j++, bj += sbn) acc[j] += av * bd[bj];
      }
      for (let j = 0, o = oBase + i * n; j < n; j++) out[o + j] = acc[j];
    }
  }`;
const loops = new Map<DType, Loop>();

function loopFor(dtype: DType): Loop {
  let loop = loops.get(dtype);
  if (loop === undefined) {
    loop = new Function('p', 'out', 'acc', `/* ${dtype} */ ${loopSource}`) as Loop;
    loops.set(dtype, loop);
  }
  return loop;
}

export function matmulReference(p: MatmulProblem): TypedArray {
  const out = allocateArray(p.dtype, p.batch * p.m * p.n);
  if (out.length > 0) loopFor(p.dtype)(p, out, new Float64Array(4 * p.n));
  return out;
}

defineKernel(matmulKernel, 'reference', { supports: () => true, run: matmulReference });

// ---- tfjs ----

/** An operand as tfjs takes it: contiguous [batch, rows, cols], possibly transposed. */
interface TfjsOperand {
  values: Float32Array;
  shape: [number, number, number];
  transposed: boolean;
}

/**
 * Row-major matrices pass as they are; column-major ones (a transposed weight, as in linear)
 * pass with tfjs's transpose flag; anything else is copied to row-major first.
 */
function tfjsOperand(s: StridedBatch, batch: number, rows: number, cols: number): TfjsOperand {
  const [sb, sr, sc] = s.strides;
  const batches = sb === 0 || batch === 1 ? 1 : batch;
  const size = rows * cols;
  const packed = batches === 1 || sb === size;
  const data = s.data as Float32Array;
  if (packed && (sc === 1 || cols === 1) && (sr === cols || rows === 1)) {
    const values = data.subarray(s.offset, s.offset + batches * size);
    return { values, shape: [batches, rows, cols], transposed: false };
  }
  if (packed && (sr === 1 || rows === 1) && (sc === rows || cols === 1)) {
    const values = data.subarray(s.offset, s.offset + batches * size);
    return { values, shape: [batches, cols, rows], transposed: true };
  }
  const values = new Float32Array(batches * size);
  let o = 0;
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < rows; i++) {
      const row = s.offset + b * sb + i * sr;
      for (let j = 0; j < cols; j++) values[o++] = data[row + j * sc];
    }
  }
  return { values, shape: [batches, rows, cols], transposed: false };
}

export function matmulTfjs(p: MatmulProblem): TypedArray {
  const a = tfjsOperand(p.a, p.batch, p.m, p.k);
  const b = tfjsOperand(p.b, p.batch, p.k, p.n);
  return withTfjs(['BatchMatMul'], (call: TfjsCall) => {
    const out = call.run(
      'BatchMatMul',
      { a: call.input(a.values, a.shape), b: call.input(b.values, b.shape) },
      { transposeA: a.transposed, transposeB: b.transposed },
    );
    const values = call.read(out);
    // Both operands broadcast over the batch: tfjs made one product, the result repeats it.
    if (values.length === p.batch * p.m * p.n) return values;
    const repeated = new Float32Array(p.batch * p.m * p.n);
    for (let i = 0; i < p.batch; i++) repeated.set(values, i * values.length);
    return repeated;
  });
}

/**
 * Estimated costs in ns, fitted to measurements on the 2-core machine (bench numbers in the
 * backend README). tfjs pays a fixed cost per call, copies both operands in and the result out,
 * and XNNPACK packs B afresh each call, which makes row-vector products (1 x k @ k x n) slower
 * there than in the JS loop; the JS loop does about one multiply-add per ns, twice as fast when
 * it can take rows four at a time.
 */
const cost = {
  tfjsCall: 6000,
  tfjsPackB: 3.4,
  tfjsCopy: 0.3,
  tfjsMultiplyAdd: 0.1,
  jsMultiplyAdd: 1.5,
  jsMultiplyAddBlocked: 0.75,
  jsOutput: 1.2,
};

export function tfjsMatmulWorthIt(p: MatmulProblem): boolean {
  const work = p.batch * p.m * p.n * p.k;
  const packedB = (p.b.strides[0] === 0 ? 1 : p.batch) * p.k * p.n;
  const copies = p.batch * (p.m * p.k + p.m * p.n);
  const tfjs =
    cost.tfjsCall + cost.tfjsPackB * packedB + cost.tfjsCopy * copies + cost.tfjsMultiplyAdd * work;
  const perMultiplyAdd = p.m >= 4 ? cost.jsMultiplyAddBlocked : cost.jsMultiplyAdd;
  const js = perMultiplyAdd * work + cost.jsOutput * p.batch * p.m * p.n;
  return tfjs < js;
}

defineKernel(matmulKernel, 'tfjs', {
  supports: (p) => p.dtype === 'float32' && p.batch * p.m * p.n * p.k > 0,
  worthIt: tfjsMatmulWorthIt,
  run: matmulTfjs,
});
