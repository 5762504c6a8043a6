// The notebooks in notebooks/ run top to bottom through the kernel (`torchscript-kernel run`, the
// README's main job) and every cell prints and returns what PyTorch 1.13.1 does for it
// (spec/fixtures/notebooks/*.json, made by spec/fixtures/make_notebook_outputs.py). Cells tagged
// `varies` (timings) and magic cells only have to run. The copy that runs has no cell ids, so the
// kernel answers as a plain one, with streams and results apart as PyTorch's fixture has them
// (with ids every output is a display that re-runs can update: spec/kernel/reactive_notebook).
// Numbered values in printed graphs (`%12`) are compared by order of appearance: a traced graph's
// numbers count the values PyTorch made and dropped while tracing.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliEntryPoint } from '../kernel/cli/kernelspec.js';
import { fixturesDir, repoRoot } from './support/paths.js';

interface CellExpectation {
  readonly index: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly result: string | null;
  readonly error: { readonly type: string; readonly message: string } | null;
}

interface NotebookOutput {
  readonly output_type: string;
  readonly name?: string;
  readonly text?: string | string[];
  readonly data?: Record<string, string | string[]>;
  readonly ename?: string;
  readonly evalue?: string;
}

interface NotebookCell {
  readonly cell_type: string;
  readonly outputs?: NotebookOutput[];
}

const joined = (text: string | string[] | undefined) =>
  Array.isArray(text) ? text.join('') : (text ?? '');

/** Warnings as `Category: message`: where they were raised differs between the two packages. */
function warningsOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => /^\S.*:\d+: (\w*Warning: .*)$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined);
}

/** `%12 ... %12 ... %7` as `%v0 ... %v0 ... %v1`, in each output on its own. */
function renumbered(text: string | null): string | null {
  if (text === null) return null;
  const names = new Map<string, string>();
  return text.replace(/%(\d+)\b/g, (_, n: string) => {
    if (!names.has(n)) names.set(n, `%v${names.size}`);
    return names.get(n)!;
  });
}

function comparable(printed: Omit<CellExpectation, 'index'>) {
  return {
    ...printed,
    stdout: renumbered(printed.stdout),
    result: renumbered(printed.result),
    stderr: warningsOf(printed.stderr),
  };
}

function observed(cell: NotebookCell): Omit<CellExpectation, 'index'> {
  const outputs = cell.outputs ?? [];
  const stream = (name: string) =>
    outputs
      .filter((o) => o.output_type === 'stream' && o.name === name)
      .map((o) => joined(o.text))
      .join('');
  const result = outputs.find((o) => o.output_type === 'execute_result');
  const error = outputs.find((o) => o.output_type === 'error');
  return {
    stdout: stream('stdout'),
    stderr: stream('stderr'),
    result: result === undefined ? null : joined(result.data?.['text/plain']),
    error: error === undefined ? null : { type: error.ename!, message: error.evalue! },
  };
}

function runNotebook(input: string, output: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliEntryPoint(), 'run', input, '-o', output],
      { timeout: 300_000 },
      (error, _stdout, stderr) => resolve({ code: error === null ? 0 : 1, stderr }),
    );
  });
}

const notebooks = fs
  .readdirSync(path.join(repoRoot, 'notebooks'))
  .filter((name) => name.endsWith('.ipynb'))
  .sort();

describe('the notebooks against PyTorch', function () {
  this.timeout(300_000);
  let directory: string;

  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tsk-notebooks-'));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  for (const name of notebooks) {
    it(name, async () => {
      // A copy runs, so that what the notebook saves lands in a scratch directory.
      const input = path.join(directory, name);
      const output = path.join(directory, `executed-${name}`);
      const notebook = JSON.parse(fs.readFileSync(path.join(repoRoot, 'notebooks', name), 'utf8'));
      for (const cell of notebook.cells as { id?: string }[]) delete cell.id;
      fs.writeFileSync(input, JSON.stringify(notebook));
      const run = await runNotebook(input, output);
      assert.equal(run.code, 0, run.stderr);
      const executed = JSON.parse(fs.readFileSync(output, 'utf8')) as { cells: NotebookCell[] };
      const codeCells = executed.cells.filter((c) => c.cell_type === 'code');
      const fixture = path.join(fixturesDir, 'notebooks', name.replace(/\.ipynb$/, '.json'));
      const expected = (JSON.parse(fs.readFileSync(fixture, 'utf8')) as { cells: unknown[] })
        .cells as (CellExpectation | null)[];
      assert.equal(codeCells.length, expected.length, 'the fixture is out of date');
      expected.forEach((want, i) => {
        if (want === null) return;
        const { index, ...printed } = want;
        const got = observed(codeCells[i]);
        assert.deepEqual(comparable(got), comparable(printed), `${name}, code cell ${index}`);
      });
    });
  }
});
