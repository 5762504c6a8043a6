// What the kernel specs share: every implementation of a kernel that can run here (the JS
// reference, and tfjs on each tfjs backend found), deterministic data, and a comparison.

import assert from 'node:assert/strict';
import {
  kernelBackends,
  kernelSupports,
  runKernelOn,
  type KernelName,
} from '../../../runtime/backend/kernel-table.js';
import { onTfjsBackend } from '../../../runtime/backend/tfjs-call.js';
import { backendInfo, initBackends } from '../../../runtime/backend/tfjs.js';
import type { TypedArray } from '../../../runtime/tensor/dtype.js';

export interface Implementation<P, R> {
  /** 'reference', 'tfjs-wasm', 'tfjs-cpu'... */
  readonly name: string;
  supports(problem: P): boolean;
  run(problem: P): R;
}

/** Starts tfjs once for the suite (a mocha hook), so the tfjs implementations can run. */
export function withBackends(): void {
  before(async function () {
    this.timeout(60000);
    await initBackends();
  });
}

/** The reference first, then tfjs on every tfjs backend that started. */
export function implementations<P, R>(kernel: KernelName<P, R>): Implementation<P, R>[] {
  const out: Implementation<P, R>[] = [];
  for (const backend of kernelBackends(kernel)) {
    if (backend === 'reference') {
      out.push({
        name: 'reference',
        supports: () => true,
        run: (p) => runKernelOn(kernel, 'reference', p),
      });
      continue;
    }
    for (const tfjsBackend of backendInfo().found) {
      out.push({
        name: `tfjs-${tfjsBackend}`,
        supports: (p) => kernelSupports(kernel, 'tfjs', p),
        run: (p) => onTfjsBackend(tfjsBackend, () => runKernelOn(kernel, 'tfjs', p)),
      });
    }
  }
  return out;
}

/** A small deterministic generator (a 32-bit LCG): the same data on every run. */
export function randomValues<T extends Float32Array | Float64Array = Float32Array>(
  n: number,
  seed: number,
  ArrayType: { new (length: number): T } = Float32Array as unknown as { new (length: number): T },
): T {
  const out = new ArrayType(n);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Elementwise closeness, NaN equal to NaN, with a message naming the first difference. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  tolerance = { rtol: 1e-5, atol: 1e-5 },
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const ok = a === e || Math.abs(a - e) <= tolerance.atol + tolerance.rtol * Math.abs(e);
    if (!ok) assert.fail(`${what}: element ${i} is ${a}, expected ${e}`);
  }
}

export type { TypedArray };
