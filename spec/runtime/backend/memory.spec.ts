// Every tfjs tensor a kernel makes is disposed: long loops of operators leave tfjs's tensor
// count, its backends' data and the WebAssembly heap where they were.

import assert from 'node:assert/strict';
import { kernelCalls, runKernelOn } from '../../../runtime/backend/kernel-table.js';
import { backendInfo, initBackends, tfjs } from '../../../runtime/backend/tfjs.js';
import { convKernel, type ConvProblem } from '../../../runtime/kernels/conv.js';
import { matmulKernel } from '../../../runtime/kernels/matmul.js';
import { poolKernel } from '../../../runtime/kernels/pool.js';
import { conv2d } from '../../../runtime/ops/conv.js';
import { matmul } from '../../../runtime/ops/linalg.js';
import { maxPool2d } from '../../../runtime/ops/pool.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import type { Tensor } from '../../../runtime/tensor/tensor.js';

interface Footprint {
  tensors: number;
  dataIds: number[];
  heapBytes: number;
}

function footprint(): Footprint {
  const tf = tfjs()!;
  const wasm = tf.findBackend('wasm') as unknown as { wasm: { HEAPU8: Uint8Array } } | null;
  return {
    tensors: tf.memory().numTensors,
    dataIds: backendInfo().found.map((name) => tf.findBackend(name).numDataIds()),
    heapBytes: wasm?.wasm.HEAPU8.length ?? 0,
  };
}

function tensor(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromArray(
    Array.from({ length: n }, (_, i) => ((i * 31 + seed) % 17) / 8 - 1),
    shape,
    'float32',
  );
}

/** Runs `step` `times` times and checks that nothing tfjs holds grew after the first round. */
function assertFlat(times: number, step: () => void): void {
  for (let i = 0; i < 100; i++) step();
  const start = footprint();
  for (let i = 0; i < times; i++) step();
  assert.deepEqual(footprint(), start);
}

describe('tfjs memory', () => {
  before(async function () {
    this.timeout(60000);
    await initBackends();
  });

  it('stays flat over 100 000 matmuls on tfjs', function () {
    this.timeout(120000);
    const a = tensor([32, 32], 1);
    const b = tensor([32, 32], 2);
    const before = kernelCalls(matmulKernel).tfjs;
    assertFlat(100000, () => matmul(a, b));
    assert.ok(kernelCalls(matmulKernel).tfjs - before >= 100000, 'the loop did not run on tfjs');
  });

  it('stays flat over convolutions and pooling on tfjs', function () {
    this.timeout(120000);
    const x = tensor([2, 8, 16, 16], 3);
    const w = tensor([8, 8, 3, 3], 4);
    const depthwise = tensor([16, 1, 3, 3], 5);
    const bias = tensor([8], 6);
    const before = kernelCalls(convKernel).tfjs + kernelCalls(poolKernel).tfjs;
    assertFlat(2000, () => {
      conv2d(x, w, bias, [1], [1], [1], 1);
      conv2d(x, depthwise, null, [1], [1], [1], 8);
      maxPool2d(x, [2, 2]);
    });
    assert.ok(kernelCalls(convKernel).tfjs + kernelCalls(poolKernel).tfjs - before >= 6000);
  });

  it('disposes what a call made when it fails half-way', () => {
    const start = footprint();
    const [n, c, h, w] = [1, 8, 12, 12];
    // An output size tfjs disagrees with: the kernel throws after writing to the backend.
    const wrong: ConvProblem = {
      dtype: 'float32',
      input: new Float32Array(n * c * h * w),
      inputShape: [n, c, 1, h, w],
      weight: new Float32Array(8 * c * 9),
      kernel: [1, 3, 3],
      bias: null,
      outChannels: 8,
      groups: 1,
      stride: [1, 1, 1],
      padding: [0, 0, 0],
      padEnd: [0, 0, 0],
      dilation: [1, 1, 1],
      outSize: [1, 5, 5],
      transposed: false,
      spatialDims: 2,
    };
    assert.throws(() => runKernelOn(convKernel, 'tfjs', wrong), /unexpected output size/);
    assert.deepEqual(footprint(), start);
  });
});
