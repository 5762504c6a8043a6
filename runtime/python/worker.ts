// The worker thread of a PythonWorker: a PythonHost that runs the cells it is sent, streaming
// their output and displays back as they happen. See protocol.ts for the messages.

import { parentPort, workerData } from 'node:worker_threads';
import { PythonHost } from './host.js';
import { useInterruptFlag } from '../interrupt.js';
import type { FromWorker, ToWorker, WorkerStart } from './protocol.js';

const port = parentPort!;
const start = workerData as WorkerStart;

function post(message: FromWorker): void {
  port.postMessage(message);
}

async function main(): Promise<void> {
  useInterruptFlag(start.interrupt);
  let host: PythonHost;
  try {
    host = await PythonHost.create({ ...start.options, interruptFlag: start.interrupt });
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    return;
  }
  port.on('message', (message: ToWorker) => {
    const { id, source, filename } = message;
    const result = host.run(
      source,
      filename ?? undefined,
      (stream, text) => post({ kind: 'output', id, stream, text }),
      (event) => post({ kind: 'display', id, event }),
    );
    post({ kind: 'result', id, result });
  });
  post({ kind: 'ready', info: host.info });
}

void main();
