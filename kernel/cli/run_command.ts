// torchscript-kernel run NOTEBOOK.ipynb [-o OUT.ipynb] [--html OUT.html] [--allow-errors]
//
// Starts our kernel as a child process, drives it with our own zeromq client, and writes the
// executed notebook and/or its HTML page. Exit status 1 when a cell failed.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { waitForReady } from '../client/execution.js';
import { KernelClient } from '../client/kernel_client.js';
import { KernelProcess } from '../client/kernel_process.js';
import { stderrLogger } from '../log.js';
import { notebookToHtml } from '../notebook/html.js';
import { readNotebook, writeNotebook, type Notebook } from '../notebook/nbformat.js';
import { runNotebook, type RunReport } from '../notebook/run_notebook.js';
import { isJsonObject } from '../protocol/json.js';
import type { JupyterMessage } from '../protocol/message.js';
import { cliEntryPoint, displayName, kernelName } from './kernelspec.js';
import { printCell } from './print_cell.js';
import { UsageError } from './usage_error.js';

/** Pyodide starts in about 1.4 s; a cold machine or a first snapshot can take much longer. */
const kernelStartTimeoutMs = 120_000;
const shutdownGraceMs = 5_000;

interface RunArguments {
  readonly input: string;
  readonly output?: string;
  readonly html?: string;
  readonly allowErrors: boolean;
}

export async function runCommand(args: string[]): Promise<number> {
  const options = readArguments(args);
  const notebook = await readNotebook(options.input);
  const print = options.output === undefined && options.html === undefined;
  // As nbconvert does, the kernel runs in the notebook's directory.
  const report = await withKernel(
    path.dirname(path.resolve(options.input)),
    async (client, info) => {
      notebook.metadata.kernelspec = {
        name: kernelName,
        display_name: displayName,
        language: 'python',
      };
      const languageInfo = info.content.language_info;
      if (isJsonObject(languageInfo)) notebook.metadata.language_info = languageInfo;
      return runNotebook(notebook, client, {
        allowErrors: options.allowErrors,
        onCell: print ? (cell) => process.stdout.write(printCell(cell)) : undefined,
      });
    },
  );
  await writeResults(notebook, options);
  reportFailures(report, options.input);
  return report.failures.length > 0 ? 1 : 0;
}

function readArguments(args: string[]): RunArguments {
  const { values, positionals } = parseArgs({
    args,
    options: {
      output: { type: 'string', short: 'o' },
      html: { type: 'string' },
      'allow-errors': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('run takes one notebook');
  return {
    input: positionals[0],
    output: values.output,
    html: values.html,
    allowErrors: values['allow-errors'] === true,
  };
}

/** A kernel process in `workingDirectory` and a connected client for `work`; both end after it. */
async function withKernel<T>(
  workingDirectory: string,
  work: (client: KernelClient, info: JupyterMessage) => Promise<T>,
): Promise<T> {
  const kernel = await KernelProcess.start(cliEntryPoint(), workingDirectory);
  const client = new KernelClient(kernel.info, stderrLogger);
  client.connect();
  const died = kernel.exited().then((code) => {
    throw new Error(`the kernel exited (status ${code}) before the notebook finished`);
  });
  // Ctrl-C stops the cell that runs (the notebook then stops at it) instead of this process,
  // which would leave the kernel behind.
  const interrupt = () => void client.request('control', 'interrupt_request', {});
  process.on('SIGINT', interrupt);
  try {
    const info = await Promise.race([waitForReady(client, kernelStartTimeoutMs), died]);
    return await Promise.race([work(client, info), died]);
  } finally {
    process.off('SIGINT', interrupt);
    died.catch(() => undefined);
    void client.request('control', 'shutdown_request', { restart: false });
    await kernel.stop(shutdownGraceMs);
    client.close();
  }
}

async function writeResults(notebook: Notebook, options: RunArguments): Promise<void> {
  if (options.output !== undefined) await writeNotebook(options.output, notebook);
  if (options.html !== undefined) {
    const title = path.basename(options.input, '.ipynb');
    await writeFile(options.html, notebookToHtml(notebook, title));
  }
}

function reportFailures(report: RunReport, input: string): void {
  for (const failure of report.failures) {
    const where = `${input}, cell ${failure.index + 1}`;
    process.stderr.write(`${where} failed: ${failure.ename}: ${failure.evalue}\n`);
  }
}
