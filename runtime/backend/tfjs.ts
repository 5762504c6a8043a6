// Finding and starting the TensorFlow.js backends. Nothing here loads on import: tfjs costs about
// 0.1 s to load, and every kernel has a plain JS reference implementation, so operators work
// before (and without) `initBackends()`. Once it has run, the kernel tables route large float32
// problems to the best backend found:
//
//   tensorflow  @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node (native libtensorflow), when
//               installed by hand and loadable (not dependencies), imported dynamically only
//   wasm        @tensorflow/tfjs-backend-wasm (XNNPACK), whose .wasm files ship in the package
//               and are read from node_modules, never fetched
//   cpu         @tensorflow/tfjs-backend-cpu, for kernels the other two lack
//
// Kernels are called directly on a backend (write, kernelFunc, readSync, disposeData), not
// through tfjs ops: that skips the engine's bookkeeping, which costs about 15 us a call here.

import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import { loadThreadedWasm, type ThreadedWasmResult } from './wasm-threads.js';

export type Tf = typeof TfCore;
export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendOptions {
  /**
   * Threads for the WebAssembly backend. 1 (the default) loads the single-threaded SIMD build;
   * more loads the threaded build through the workarounds in wasm-threads.ts.
   */
  wasmThreads?: number;
  /** Look for @tensorflow/tfjs-node-gpu and @tensorflow/tfjs-node (default true). */
  native?: boolean;
  /** Backends to leave out, e.g. ['wasm'] to measure the cpu backend alone. */
  exclude?: readonly TfjsBackendName[];
}

export interface BackendInfo {
  /** Where large float32 kernels run: a tfjs backend, or 'reference' before initBackends(). */
  readonly active: TfjsBackendName | 'reference';
  /** The tfjs backends that started, best first. */
  readonly found: readonly TfjsBackendName[];
  /** Backends looked for and not started, with the reason. */
  readonly missing: readonly { readonly name: string; readonly reason: string }[];
  /** The npm package that provided the `tensorflow` backend, when one did. */
  readonly nativePackage: string | null;
  readonly wasm: { readonly simd: boolean; readonly threads: number } | null;
}

let tf: Tf | null = null;
let info: BackendInfo = {
  active: 'reference',
  found: [],
  missing: [],
  nativePackage: null,
  wasm: null,
};
let starting: Promise<BackendInfo> | null = null;

/** Which backends are in use and which were found, for torch.backends and the kernel banner. */
export function backendInfo(): BackendInfo {
  return info;
}

/** The loaded tfjs-core, or null before initBackends() has finished. */
export function tfjs(): Tf | null {
  return tf;
}

/** Loads tfjs and starts every backend it can; later calls return the first call's result. */
export function initBackends(options: BackendOptions = {}): Promise<BackendInfo> {
  starting ??= start(options);
  return starting;
}

const preference: readonly TfjsBackendName[] = ['tensorflow', 'wasm', 'cpu'];

async function start(options: BackendOptions): Promise<BackendInfo> {
  const exclude = new Set(options.exclude ?? []);
  const core = await import('@tensorflow/tfjs-core');
  // Production mode: no per-op NaN checks, and no console advice to install tfjs-node.
  core.enableProdMode();
  const missing: { name: string; reason: string }[] = [];
  const found: TfjsBackendName[] = [];
  let nativePackage: string | null = null;
  let wasm: BackendInfo['wasm'] = null;

  if (options.native !== false && !exclude.has('tensorflow')) {
    const native = await loadNative(core);
    nativePackage = native.package;
    missing.push(...native.missing);
    if (native.package !== null) found.push('tensorflow');
  }
  if (!exclude.has('wasm')) {
    const result = await startWasm(core, options.wasmThreads ?? 1);
    if (typeof result === 'string') missing.push({ name: 'wasm', reason: result });
    else {
      found.push('wasm');
      wasm = result;
    }
  }
  if (!exclude.has('cpu')) {
    try {
      await import('@tensorflow/tfjs-backend-cpu');
      if (await core.setBackend('cpu')) found.push('cpu');
      else missing.push({ name: 'cpu', reason: 'the cpu backend did not start' });
    } catch (e) {
      missing.push({ name: 'cpu', reason: messageOf(e) });
    }
  }
  found.sort((a, b) => preference.indexOf(a) - preference.indexOf(b));
  if (found.length > 0) await core.setBackend(found[0]);
  tf = core;
  info = { active: found[0] ?? 'reference', found, missing, nativePackage, wasm };
  return info;
}

interface NativeResult {
  package: string | null;
  missing: { name: string; reason: string }[];
}

/**
 * tfjs-node registers the `tensorflow` backend when imported. The packages are optional
 * dependencies whose install downloads libtensorflow, so they are often absent: the import is
 * dynamic, by a computed name, and any failure just leaves the backend out.
 */
async function loadNative(core: Tf): Promise<NativeResult> {
  const missing: { name: string; reason: string }[] = [];
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(name);
      if (core.findBackendFactory('tensorflow') !== null && (await core.setBackend('tensorflow'))) {
        return { package: name, missing };
      }
      missing.push({ name, reason: 'loaded, but registered no tensorflow backend' });
    } catch (e) {
      missing.push({ name, reason: messageOf(e) });
    }
  }
  return { package: null, missing };
}

/** The directory holding the backend's .wasm files, inside its npm package. */
export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

async function startWasm(core: Tf, threads: number): Promise<BackendInfo['wasm'] | string> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // A plain directory path (no platform fetch): emscripten then reads the file with fs.
    wasm.setWasmPaths(wasmDirectory());
    let threaded: ThreadedWasmResult | null = null;
    if (threads > 1) threaded = await loadThreadedWasm(core, wasm, threads);
    else {
      // Node passes tfjs's thread probe, but the threaded build cannot start its workers there
      // without wasm-threads.ts; keep the single-threaded build unless asked.
      core.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (!(await core.setBackend('wasm'))) return 'the wasm backend did not start';
    }
    if (threaded !== null && !threaded.started) return threaded.reason;
    return {
      simd: (await core.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
      threads: wasm.getThreadsCount(),
    };
  } catch (e) {
    return messageOf(e);
  }
}

function messageOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0];
}
