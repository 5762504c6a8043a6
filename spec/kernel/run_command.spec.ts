// The torchscript-kernel command: install, usage errors, and `run`, which executes a notebook
// through the kernel with our own client and writes the notebook and its HTML page.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliEntryPoint } from '../../kernel/cli/kernelspec.js';

interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliEntryPoint(), ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const codeCell = (source: string) => ({
  cell_type: 'code',
  source,
  metadata: {},
  outputs: [],
  execution_count: null,
});
const notebookOf = (...cells: object[]) => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells,
});

describe('torchscript-kernel command', function () {
  this.timeout(60_000);
  let directory: string;

  before(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tsk-cli-'));
  });
  after(() => rm(directory, { recursive: true, force: true }));

  const file = (name: string) => path.join(directory, name);

  it('installs the kernelspec under --prefix', async () => {
    const result = await cli(['install', '--prefix', file('prefix')]);
    assert.equal(result.code, 0, result.stderr);
    const kernelDir = path.join(file('prefix'), 'share', 'jupyter', 'kernels', 'torchscript');
    assert.equal(result.stdout, `Installed kernelspec torchscript in ${kernelDir}\n`);
    const spec = JSON.parse(await readFile(path.join(kernelDir, 'kernel.json'), 'utf8'));
    assert.equal(spec.argv[1], cliEntryPoint());
  });

  it('answers usage mistakes with the usage and status 2', async () => {
    for (const args of [
      ['frobnicate'],
      ['run'],
      ['install', '--user', '--prefix', 'p'],
      ['kernel'],
      ['run', '--bogus', 'x'],
    ]) {
      const result = await cli(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /usage: torchscript-kernel <command>/);
    }
    assert.match((await cli(['--version'])).stdout, /^torchscript-kernel \d+\.\d+\.\d+\n$/);
  });

  it('runs a notebook, writing its outputs and an HTML page', async () => {
    const source = notebookOf(
      { cell_type: 'markdown', source: '# Small\nA *tiny* notebook.', metadata: {} },
      codeCell('import torch\nprint("hello")\nt = torch.arange(3)'),
      codeCell('t * 2'),
      codeCell(''),
    );
    await writeFile(file('small.ipynb'), JSON.stringify(source));
    const result = await cli([
      'run',
      file('small.ipynb'),
      '-o',
      file('out.ipynb'),
      '--html',
      file('out.html'),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    const executed = JSON.parse(await readFile(file('out.ipynb'), 'utf8'));
    assert.equal(executed.metadata.kernelspec.name, 'torchscript');
    assert.equal(executed.metadata.language_info.name, 'python');
    const [, first, second, empty] = executed.cells;
    assert.deepEqual(first.outputs, [{ name: 'stdout', output_type: 'stream', text: ['hello\n'] }]);
    assert.equal(first.execution_count, 1);
    assert.deepEqual(second.outputs, [
      {
        data: { 'text/plain': ['tensor([0, 2, 4])'] },
        execution_count: 2,
        metadata: {},
        output_type: 'execute_result',
      },
    ]);
    assert.deepEqual([empty.execution_count, empty.outputs], [null, []]);
    const html = await readFile(file('out.html'), 'utf8');
    assert.match(html, /<h1>Small<\/h1>/);
    assert.match(html, /<em>tiny<\/em>/);
    assert.match(html, /In \[2\]:/);
    assert.match(html, /<pre>tensor\(\[0, 2, 4\]\)<\/pre>/);
  });

  it('stops at a failing cell, prints what ran, and exits with status 1', async () => {
    await writeFile(
      file('failing.ipynb'),
      JSON.stringify(
        notebookOf(codeCell('print(1)'), codeCell('1 / 0'), codeCell('print("never")')),
      ),
    );
    const result = await cli(['run', file('failing.ipynb')]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^In \[1\]: print\(1\)\n1\n\nIn \[2\]: 1 \/ 0\nTraceback/);
    assert.match(result.stdout, /ZeroDivisionError: division by zero\n/);
    assert.doesNotMatch(result.stdout, /never/);
    assert.match(
      result.stderr,
      /failing\.ipynb, cell 2 failed: ZeroDivisionError: division by zero/,
    );
  });

  it('goes on after failing cells with --allow-errors', async () => {
    const result = await cli([
      'run',
      file('failing.ipynb'),
      '--allow-errors',
      '-o',
      file('all.ipynb'),
    ]);
    assert.equal(result.code, 1);
    const executed = JSON.parse(await readFile(file('all.ipynb'), 'utf8'));
    assert.equal(executed.cells[1].outputs[0].output_type, 'error');
    assert.deepEqual(executed.cells[2].outputs, [
      { name: 'stdout', output_type: 'stream', text: ['never\n'] },
    ]);
  });
});
