// Calling tfjs kernels directly on a backend: write the inputs, run the kernel function, read the
// output, and dispose every piece of backend memory the call made, whatever happens. This is
// the only way our kernels touch tfjs, so a loop of a million calls leaves tfjs's memory as it
// found it (spec/runtime/backend/memory.spec.ts checks).

import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { backendInfo, tfjs, type Tf, type TfjsBackendName } from './tfjs.js';

export type { TensorInfo };

export class TfjsCall {
  private readonly owned: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    readonly backendName: TfjsBackendName,
  ) {}

  /** Copies float32 values into the backend. */
  input(values: Float32Array, shape: readonly number[]): TensorInfo {
    const info: TensorInfo = {
      dataId: this.backend.write(values, shape.slice(), 'float32'),
      shape: shape.slice(),
      dtype: 'float32',
    };
    this.owned.push(info);
    return info;
  }

  /** Runs a kernel by its tfjs name (BatchMatMul, Conv2D, ...) and returns its only output. */
  run(kernel: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
    const config = tfjs()!.getKernel(kernel, this.backendName);
    const result = config.kernelFunc({ inputs, attrs, backend: this.backend });
    const outputs = Array.isArray(result) ? result : [result];
    this.owned.push(...outputs);
    return outputs[0];
  }

  /** The values of a float32 tensor, as an array of our own (a copy, or memory tfjs let go of). */
  read(info: TensorInfo): Float32Array {
    return this.backend.readSync(info.dataId) as Float32Array;
  }

  dispose(): void {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned.length = 0;
  }
}

let forced: TfjsBackendName | null = null;
const chosen = new Map<string, TfjsBackendName | null>();

/** The backend that runs all of `kernels`: the best found that has them all. */
export function tfjsBackendFor(kernels: readonly string[]): TfjsBackendName | null {
  const tf = tfjs();
  if (tf === null) return null;
  const key = `${forced}|${kernels.join(',')}`;
  let name = chosen.get(key);
  if (name === undefined) {
    const candidates = forced === null ? backendInfo().found : [forced];
    name = candidates.find((b) => kernels.every((k) => hasKernel(tf, b, k))) ?? null;
    chosen.set(key, name);
  }
  return name;
}

function hasKernel(tf: Tf, backend: TfjsBackendName, kernel: string): boolean {
  return tf.getKernelsForBackend(backend).some((c) => c.kernelName === kernel);
}

/** Runs `body` with every tfjs kernel sent to one backend (specs compare wasm with cpu). */
export function onTfjsBackend<R>(backend: TfjsBackendName, body: () => R): R {
  const previous = forced;
  forced = backend;
  try {
    return body();
  } finally {
    forced = previous;
  }
}

/** Runs `body` with a call scope on the backend for `kernels`, disposing what it made. */
export function withTfjs<R>(kernels: readonly string[], body: (call: TfjsCall) => R): R {
  const name = tfjsBackendFor(kernels);
  if (name === null) throw new Error(`no tfjs backend has the kernels ${kernels.join(', ')}`);
  const call = new TfjsCall(tfjs()!.findBackend(name), name);
  try {
    return body(call);
  } finally {
    call.dispose();
  }
}
