// torchscript-kernel kernel -f CONNECTION_FILE: what Jupyter starts. Binds the sockets, starts
// the Python worker, serves until shutdown_request, SIGTERM or the end of its parent process.
// SIGINT interrupts the running cell instead of ending the process, as Jupyter's "signal"
// interrupt mode expects.

import { parseArgs } from 'node:util';
import { PythonWorkerBackend } from '../backend/python_worker_backend.js';
import { JupyterKernel } from '../kernel.js';
import { describeError, stderrLogger } from '../log.js';
import { readConnectionFile } from '../transport/connection_file.js';
import { ZeromqTransport } from '../transport/zeromq_transport.js';
import { exitWhenOrphaned } from './parent_watch.js';
import { UsageError } from './usage_error.js';

/** After shutdown, how long closing may take before the process ends anyway. */
const exitGraceMs = 3000;

export async function kernelCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'connection-file': { type: 'string', short: 'f' } },
    strict: true,
    allowPositionals: true,
  });
  const file = values['connection-file'];
  if (file === undefined || positionals.length > 0)
    throw new UsageError('kernel takes -f CONNECTION_FILE');
  const log = stderrLogger;
  const transport = await ZeromqTransport.bind(await readConnectionFile(file), log);
  const backend = new PythonWorkerBackend();
  let finish: (status: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const stop = async (status: number): Promise<void> => {
    kernel.close();
    await backend.shutdown().catch((error: unknown) => log.error(describeError(error)));
    transport.close();
    setTimeout(() => process.exit(status), exitGraceMs).unref();
    finish(status);
  };
  const kernel = new JupyterKernel({
    channels: transport,
    backend,
    log,
    onShutdown: () => void stop(0),
  });
  process.on('SIGINT', () => kernel.interrupt());
  process.on('SIGTERM', () => void stop(0));
  exitWhenOrphaned(() => {
    log.warn('the parent process ended; shutting down');
    void stop(0);
  });
  try {
    await kernel.start();
  } catch (error) {
    log.error(`the kernel could not start: ${describeError(error)}`);
    await stop(1);
  }
  return finished;
}
