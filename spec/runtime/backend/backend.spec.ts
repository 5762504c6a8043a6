// Backend discovery: tfjs starts from the files in node_modules (no network), reports what it
// found, and the optional native backends are looked for without being required.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendInfo, initBackends, tfjs, wasmDirectory } from '../../../runtime/backend/tfjs.js';

const buildRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs a module body in a fresh node process (backends start once per process). */
function inFreshProcess(body: string): string {
  const script = `import { initBackends, backendInfo } from ${JSON.stringify(path.join(buildRoot, 'runtime/backend/tfjs.js'))};\n${body}`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60000,
  });
}

describe('tfjs backends', () => {
  before(async function () {
    this.timeout(60000);
    await initBackends();
  });

  it('start the wasm backend with SIMD from the package files, and the cpu one', () => {
    const info = backendInfo();
    // tfjs-node, where its install could download libtensorflow, comes first.
    const expected = info.nativePackage === null ? ['wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
    assert.deepEqual(info.found, expected);
    assert.equal(info.active, expected[0]);
    assert.equal(info.wasm?.simd, true);
    assert.equal(info.wasm?.threads, 1);
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
      assert.ok(fs.existsSync(path.join(wasmDirectory(), file)), file);
    }
    assert.equal(tfjs()?.getBackend(), expected[0]);
  });

  it('say why the native backends are missing', () => {
    const info = backendInfo();
    if (info.nativePackage !== null) return; // tfjs-node is installed here
    const names = info.missing.map((m) => m.name);
    assert.deepEqual(names, ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    // Not installed, or installed without the native library its install script downloads.
    for (const m of info.missing) {
      assert.match(
        m.reason,
        /Cannot find (package|module)|native addon module .* can not be found/,
      );
    }
  });

  it('start once: later calls return the first result', async () => {
    assert.equal(await initBackends({ wasmThreads: 4 }), backendInfo());
    assert.equal(backendInfo().wasm?.threads, 1);
  });

  it('fall back to the cpu backend alone when wasm is left out', function () {
    this.timeout(60000);
    const out = inFreshProcess(
      `const info = await initBackends({ exclude: ['wasm'], native: false });
       console.log(JSON.stringify(info));`,
    );
    const info = JSON.parse(out);
    assert.equal(info.active, 'cpu');
    assert.deepEqual(info.found, ['cpu']);
    assert.deepEqual(info.missing, []);
  });

  it('run the threaded wasm build with two threads when asked, and still exit', function () {
    this.timeout(60000);
    const out = inFreshProcess(
      `const { runKernelOn } = await import(${JSON.stringify(path.join(buildRoot, 'runtime/backend/kernel-table.js'))});
       const { matmulKernel } = await import(${JSON.stringify(path.join(buildRoot, 'runtime/kernels/matmul.js'))});
       const info = await initBackends({ wasmThreads: 2, native: false });
       const a = Float32Array.from({ length: 64 * 64 }, (_, i) => (i % 7) - 3);
       const p = { batch: 1, m: 64, k: 64, n: 64, dtype: 'float32',
         a: { data: a, offset: 0, strides: [0, 64, 1] }, b: { data: a, offset: 0, strides: [0, 1, 64] } };
       const fast = runKernelOn(matmulKernel, 'tfjs', p);
       const slow = runKernelOn(matmulKernel, 'reference', p);
       console.log(JSON.stringify({ info, same: fast.every((v, i) => v === slow[i]) }));`,
    );
    const { info, same } = JSON.parse(out);
    assert.equal(info.active, 'wasm');
    assert.equal(info.wasm.threads, 2);
    assert.equal(same, true);
  });
});
