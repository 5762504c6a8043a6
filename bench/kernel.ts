// Our Jupyter kernel against ipykernel (Debian's python3-ipykernel, when installed), as a front end
// sees them through jupyter_client: start-up and the round trip of executing `1+1`
// (bench/kernel_cases.py measures both kernels in one run).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installKernelspec } from '../kernel/cli/kernelspec.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Timings = Record<string, Record<string, number>>;

/** Seconds per case for our kernel ("torchscript") and ipykernel ("python3"), or null. */
export async function measureKernels(): Promise<Timings | null> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'tsk-bench-'));
  try {
    await installKernelspec({ kind: 'prefix', prefix });
    const env = { ...process.env, JUPYTER_PATH: path.join(prefix, 'share/jupyter') };
    const script = path.join(root, 'bench/kernel_cases.py');
    const out = execFileSync('/usr/bin/python3', [script, 'torchscript', 'python3'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out) as Timings;
  } catch (e) {
    console.error(`kernel cases: ${(e as Error).message.split('\n')[0]}`);
    return null;
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}
