// The tensor backend the worker's runtime chose, in words for the kernel banner.

import type { BackendInfo as TfjsBackends } from '../../runtime/backend/tfjs.js';

export function describeTensorBackends(backends: TfjsBackends | null): string {
  if (backends === null) return 'JavaScript reference kernels (TensorFlow.js not started)';
  const others = backends.found.filter((name) => name !== backends.active);
  const also = others.length > 0 ? `, with ${others.join(', ')}` : '';
  return `${activeBackend(backends)}${also}`;
}

function activeBackend(backends: TfjsBackends): string {
  switch (backends.active) {
    case 'tensorflow':
      return `TensorFlow.js native (${backends.nativePackage ?? 'libtensorflow'})`;
    case 'wasm': {
      const wasm = backends.wasm;
      const detail =
        wasm === null
          ? ''
          : ` (${wasm.simd ? 'SIMD, ' : ''}${wasm.threads} thread${wasm.threads === 1 ? '' : 's'})`;
      return `TensorFlow.js WebAssembly${detail}`;
    }
    case 'cpu':
      return 'TensorFlow.js CPU';
    case 'reference':
      return 'JavaScript reference kernels';
  }
}
