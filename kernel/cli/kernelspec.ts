// `torchscript-kernel install`: writes the kernelspec Jupyter finds the kernel by, in the same
// places `jupyter kernelspec install` would (--user, --sys-prefix, --prefix, else system-wide).

import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { JsonObject } from '../protocol/json.js';
import { packageRoot } from '../version.js';
import { logoPng } from './logo.js';

export const kernelName = 'torchscript';
export const displayName = 'TorchScript (Python)';

export type InstallTarget =
  | { readonly kind: 'system' }
  | { readonly kind: 'user' }
  | { readonly kind: 'sys-prefix' }
  | { readonly kind: 'prefix'; readonly prefix: string };

/** The script Jupyter runs: bin/torchscript-kernel.js at the package's root. */
export function cliEntryPoint(): string {
  return path.join(packageRoot, 'bin', 'torchscript-kernel.js');
}

export function kernelJson(): JsonObject {
  return {
    argv: [process.execPath, cliEntryPoint(), 'kernel', '-f', '{connection_file}'],
    display_name: displayName,
    language: 'python',
    interrupt_mode: 'message',
    metadata: { debugger: false },
  };
}

/** Writes kernel.json and the logos; returns the kernelspec's directory. */
export async function installKernelspec(target: InstallTarget): Promise<string> {
  const directory = path.join(kernelsDirectory(target), kernelName);
  await mkdir(directory, { recursive: true });
  await writeFile(
    path.join(directory, 'kernel.json'),
    JSON.stringify(kernelJson(), null, 2) + '\n',
  );
  await writeFile(path.join(directory, 'logo-32x32.png'), logoPng(32));
  await writeFile(path.join(directory, 'logo-64x64.png'), logoPng(64));
  return directory;
}

/** Jupyter's kernels directory for `target` (jupyter_core's paths). */
export function kernelsDirectory(target: InstallTarget): string {
  switch (target.kind) {
    case 'user':
      return path.join(userDataDirectory(), 'kernels');
    case 'prefix':
      return path.join(path.resolve(target.prefix), 'share', 'jupyter', 'kernels');
    case 'sys-prefix':
      return path.join(pythonPrefix(), 'share', 'jupyter', 'kernels');
    case 'system':
      return path.join(systemDataDirectory(), 'kernels');
  }
}

function userDataDirectory(): string {
  const env = process.env;
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Jupyter');
  if (process.platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'jupyter');
  }
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

function systemDataDirectory(): string {
  if (process.platform === 'win32') {
    return path.join(process.env.PROGRAMDATA ?? 'C:\\ProgramData', 'jupyter');
  }
  return '/usr/local/share/jupyter';
}

/**
 * The prefix of the Python environment Jupyter runs in: the active virtualenv or conda
 * environment, else what `python3` reports as sys.prefix.
 */
function pythonPrefix(): string {
  const active = process.env.VIRTUAL_ENV || process.env.CONDA_PREFIX;
  if (active) return active;
  try {
    const script = 'import sys; print(sys.prefix)';
    return execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('--sys-prefix needs an active Python environment or python3 on the PATH');
  }
}
