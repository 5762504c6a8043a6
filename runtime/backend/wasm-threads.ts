// Starting the threaded SIMD build of the tfjs WebAssembly backend in Node. Opt-in
// (initBackends({ wasmThreads: n })): it works, and halves large matmul and conv times on two
// cores, but only through the workarounds below, which depend on how tfjs-backend-wasm 4.22
// builds its emscripten module.
//
// Out of the box the threaded build fails in Node for three reasons:
//  1. tfjs hands emscripten the pthread worker script as a `blob:` URL, and Node's Worker only
//     takes file paths. We record the text of Blobs made during start-up and answer
//     URL.createObjectURL with a temporary file holding it.
//  2. The worker imports the main script, also given as a Blob, which it reads with fs; and that
//     script, cut out of tfjs's bundle, refers to the bundle's module variables. We write it to a
//     file with those variables defined, and point the worker's `load` message at it.
//  3. tfjs caps its thread pool at half the logical cores (it assumes hyper-threading), so two
//     cores give one thread. os.cpus() reports enough cores while the backend starts.
// Every patch is undone once the backend has started. The workers are unref'd so that they do
// not keep the process alive.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';

export type ThreadedWasmResult = { started: true } | { started: false; reason: string };

/** The name the threaded build's factory is declared under in its Blob. */
const factoryDeclaration = 'var WasmBackendModuleThreadedSimd';

/** Module variables of tfjs-backend-wasm's node bundle that the factory's text refers to. */
const bundleVariables =
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$2 = require('worker_threads'), " +
  "require$$3 = require('perf_hooks'), require$$4 = require('os'), commonjsGlobal = globalThis;\n";

interface Patches {
  restore(): void;
}

function patchStartup(dir: string, threads: number): Patches {
  const mainScript = path.join(dir, 'wasm-main.cjs');
  const originalBlob = globalThis.Blob;
  const originalCreate = URL.createObjectURL;
  const originalCpus = os.cpus;
  const texts = new WeakMap<Blob, string>();
  let files = 0;

  type Parts = ConstructorParameters<typeof Blob>[0];
  class RecordingBlob extends originalBlob {
    constructor(parts: Parts = [], options?: ConstructorParameters<typeof Blob>[1]) {
      super(parts, options);
      if (!parts.every((p) => typeof p === 'string')) return;
      const text = parts.join('');
      texts.set(this, text);
      if (text.startsWith(factoryDeclaration)) fs.writeFileSync(mainScript, bundleVariables + text);
    }
  }
  const workerSuffix =
    `\n;{ const original = global.onmessage; global.onmessage = (e) => {` +
    ` if (e.data.cmd === 'load' && typeof e.data.urlOrBlob !== 'string')` +
    ` e.data.urlOrBlob = ${JSON.stringify(mainScript)}; original(e); }; }\n`;

  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (object: Blob) => {
    const text = texts.get(object);
    if (text === undefined) return originalCreate(object);
    const file = path.join(dir, `wasm-worker-${files++}.cjs`);
    fs.writeFileSync(file, text + workerSuffix);
    return file;
  };
  const cores = Math.max(originalCpus().length, 2 * threads);
  os.cpus = () => {
    const real = originalCpus();
    return Array.from({ length: cores }, (_, i) => real[i % real.length]);
  };
  return {
    restore() {
      globalThis.Blob = originalBlob;
      URL.createObjectURL = originalCreate;
      os.cpus = originalCpus;
    },
  };
}

interface EmscriptenWorkers {
  wasm?: { PThread?: { unusedWorkers: { unref(): void }[]; runningWorkers: { unref(): void }[] } };
}

function unrefWorkers(backend: unknown): void {
  const pthread = (backend as EmscriptenWorkers).wasm?.PThread;
  if (pthread === undefined) return;
  for (const worker of [...pthread.unusedWorkers, ...pthread.runningWorkers]) worker.unref();
}

/** Starts the wasm backend with `threads` threads; falls back to one thread when that fails. */
export async function loadThreadedWasm(
  core: typeof TfCore,
  wasm: typeof TfWasm,
  threads: number,
): Promise<ThreadedWasmResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-wasm-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const patches = patchStartup(dir, threads);
  let started = false;
  let reason = '';
  try {
    core.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(threads);
    started = await core.setBackend('wasm');
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  } finally {
    patches.restore();
  }
  if (started) {
    unrefWorkers(core.findBackend('wasm'));
    return { started: true };
  }
  core.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (await core.setBackend('wasm')) return { started: true };
  return { started: false, reason: `the threaded wasm build did not start: ${reason}` };
}
