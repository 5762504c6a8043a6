// Real Jupyter clients for the kernel specs: Debian's /usr/bin/python3 with jupyter_client (and
// jupyter_kernel_test, nbclient), our kernelspec installed into a temporary prefix that only the
// spec's Python processes see.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { installKernelspec } from '../../../kernel/cli/kernelspec.js';
import { repoRoot } from '../../support/paths.js';

export const python = '/usr/bin/python3';

/** Why the spec cannot run here, or null when python3 imports every module. */
export function missingPythonModules(modules: readonly string[]): string | null {
  try {
    execFileSync(python, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'pipe' });
    return null;
  } catch {
    return `${python} cannot import ${modules.join(', ')} (apt-get install python3-jupyter-client python3-jupyter-kernel-test python3-nbclient)`;
  }
}

export interface JupyterSandbox {
  /** The environment for Python processes: JUPYTER_PATH holds our kernelspec. */
  readonly env: NodeJS.ProcessEnv;
  readonly directory: string;
  dispose(): Promise<void>;
}

/** A temporary prefix with the kernelspec installed, and Jupyter's own directories beside it. */
export async function jupyterSandbox(): Promise<JupyterSandbox> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'tsk-jupyter-'));
  await installKernelspec({ kind: 'prefix', prefix: directory });
  const env = {
    ...process.env,
    JUPYTER_PATH: path.join(directory, 'share', 'jupyter'),
    JUPYTER_DATA_DIR: path.join(directory, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(directory, 'runtime'),
    JUPYTER_CONFIG_DIR: path.join(directory, 'config'),
    JUPYTER_PLATFORM_DIRS: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  return { env, directory, dispose: () => rm(directory, { recursive: true, force: true }) };
}

export interface PythonRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a Python script from spec/kernel/ with the sandbox's environment. */
export function runPythonScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<PythonRun> {
  const file = path.join(repoRoot, 'spec', 'kernel', script);
  return new Promise((resolve) => {
    execFile(
      python,
      [file, ...args],
      { env, timeout: timeoutMs, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
