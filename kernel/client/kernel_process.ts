// Starts our kernel as a child process, as a Jupyter server would: free ports and a fresh key in
// a connection file, then `torchscript-kernel kernel -f FILE`.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionInfo } from '../transport/connection_file.js';

/** A port nobody listens on now (the kernel binds it right after; the race is Jupyter's too). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function newConnectionInfo(ip = '127.0.0.1'): Promise<ConnectionInfo> {
  const ports: number[] = [];
  while (ports.length < 5) {
    const port = await freePort(ip);
    if (!ports.includes(port)) ports.push(port);
  }
  const [shell, iopub, stdin, control, hb] = ports;
  return {
    transport: 'tcp',
    ip,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString('hex'),
    signature_scheme: 'hmac-sha256',
    kernel_name: 'torchscript',
  };
}

export class KernelProcess {
  private constructor(
    readonly info: ConnectionInfo,
    private readonly connectionFile: string,
    private readonly child: ChildProcess,
  ) {}

  /**
   * Starts `node <entry> kernel -f <file>` in `workingDirectory` (where the cells' relative
   * paths lead); the kernel's stderr goes to ours.
   */
  static async start(entryPoint: string, workingDirectory?: string): Promise<KernelProcess> {
    const info = await newConnectionInfo();
    const file = path.join(
      os.tmpdir(),
      `torchscript-kernel-${process.pid}-${info.shell_port}.json`,
    );
    await writeFile(file, JSON.stringify(info), { mode: 0o600 });
    const child = spawn(process.execPath, [entryPoint, 'kernel', '-f', file], {
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: workingDirectory,
    });
    return new KernelProcess(info, file, child);
  }

  /** Resolves with the exit code once the process ended (null when a signal ended it). */
  exited(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.resolve(this.child.exitCode);
    }
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Waits up to `graceMs` for the kernel to end by itself, then kills it; removes the file. */
  async stop(graceMs: number): Promise<void> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited();
    clearTimeout(timer);
    await rm(this.connectionFile, { force: true });
  }
}
