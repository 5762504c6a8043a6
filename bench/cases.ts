// The tensor runtime's benchmark cases; bench/pytorch_cases.py runs the same ones in PyTorch.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModuleHost } from '../compiler/host/module_host.js';
import { call } from '../runtime/ops/dispatch.js';
import { Generator } from '../runtime/random/generator.js';
import { fromArray } from '../runtime/tensor/factory.js';
import { numelOf } from '../runtime/tensor/shape.js';
import type { Tensor } from '../runtime/tensor/tensor.js';

export interface BenchCase {
  readonly name: string;
  /** Returns the work to time, called repeatedly; setup happens outside. */
  readonly prepare: () => () => unknown;
  /** The case reports a measured quantity (bytes) instead of a time. */
  readonly measure?: () => number;
}

const gen = new Generator(0n);
function rand(...shape: number[]): Tensor {
  const values = Array.from({ length: numelOf(shape) }, () => gen.random24());
  return fromArray(values, shape, 'float32');
}

function memoryGrowth(): number {
  const x0 = rand(4);
  const y = rand(4);
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let x = x0;
  for (let i = 0; i < 100_000; i++) x = call('add', [x, y]) as Tensor;
  globalThis.gc?.();
  return process.memoryUsage().rss - before;
}

const rnnLoopSource = fs.readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/programs/rnn_loop.py'),
  'utf8',
);

export const cases: readonly BenchCase[] = [
  {
    name: 'add 4 (per-op overhead)',
    prepare: () => {
      const [a, b] = [rand(4), rand(4)];
      return () => call('add', [a, b]);
    },
  },
  {
    name: 'add 1e6 float32',
    prepare: () => {
      const [a, b] = [rand(1_000_000), rand(1_000_000)];
      return () => call('add', [a, b]);
    },
  },
  ...[64, 256, 512].map((n) => ({
    name: `matmul ${n}`,
    prepare: () => {
      const [a, b] = [rand(n, n), rand(n, n)];
      return () => call('matmul', [a, b]);
    },
  })),
  {
    name: 'conv2d 8x16x64x64 * 32x16x3x3',
    prepare: () => {
      const [x, w] = [rand(8, 16, 64, 64), rand(32, 16, 3, 3)];
      return () => call('conv2d', [x, w], { padding: [1, 1] });
    },
  },
  {
    name: 'sum 1e6',
    prepare: () => {
      const a = rand(1_000_000);
      return () => call('sum', [a]);
    },
  },
  {
    name: 'memory growth of 100000 small adds (bytes)',
    prepare: () => () => undefined,
    measure: memoryGrowth,
  },
  {
    name: 'script MyRNNLoop (as functions)',
    // A new host each time: nothing compiled before is reused, as for PyTorch's fresh module.
    prepare: () => () =>
      new ModuleHost(rnnLoopSource, 'rnn_loop.py', 'rnn_loop').compileFunction('rnn_loop'),
  },
];
