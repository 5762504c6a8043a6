// notebooks/reactive.ipynb, top to bottom on a fresh kernel, through `torchscript-kernel run` and
// through nbclient, with the cells' ids sent (as JupyterLab sends them) and without. A top-to-
// bottom run re-runs nothing. Then, through nbclient with ids, what the notebook tells a person
// to do: run the model cell again with a bigger model (the cells that script, run and time it
// re-run in place), turn %reactive off and run the input cell again (its readers go stale).
// A check cell appended at the end shows `out`, which the run cell must show too.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliEntryPoint } from '../../kernel/cli/kernelspec.js';
import { fixturesDir, repoRoot } from '../support/paths.js';
import {
  jupyterSandbox,
  missingPythonModules,
  runPythonScript,
  type JupyterSandbox,
} from './support/jupyter.js';

interface Output {
  readonly output_type: string;
  readonly data?: Record<string, string | string[]>;
  readonly text?: string | string[];
}

interface Cell {
  readonly cell_type: string;
  readonly id?: string;
  readonly outputs?: Output[];
}

const joined = (text: string | string[] | undefined) =>
  Array.isArray(text) ? text.join('') : (text ?? '');

function cellsById(file: string): Map<string, Cell> {
  const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: Cell[] };
  return new Map(notebook.cells.map((cell) => [cell.id ?? '', cell]));
}

function texts(cell: Cell | undefined): string[] {
  return (cell?.outputs ?? []).map((o) => joined(o.data?.['text/plain'] ?? o.text));
}

function svg(cell: Cell | undefined): string {
  return joined(cell?.outputs?.find((o) => o.data?.['image/svg+xml'])?.data?.['image/svg+xml']);
}

/** What PyTorch's top-to-bottom run shows for the run cell: the first model's output. */
function firstModelOutput(): string {
  const fixture = JSON.parse(
    fs.readFileSync(path.join(fixturesDir, 'notebooks', 'reactive.json'), 'utf8'),
  ) as { cells: ({ result: string | null } | null)[] };
  return fixture.cells[4]!.result!;
}

/** The model cell edited to a bigger model, %reactive off, the input cell run again, %dag. */
const nextSteps: [string, string][] = [
  ['model', ''],
  ['off', '%reactive off'],
  ['input', 'x = torch.rand(3, 4)'],
  ['dag', '%dag'],
  ['check', 'out'],
];

function biggerModelSource(): string {
  const notebook = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'notebooks', 'reactive.ipynb'), 'utf8'),
  ) as { cells: { id?: string; source: string | string[] }[] };
  const model = notebook.cells.find((c) => c.id === 'model')!;
  return joined(model.source).replace('TinyNet(8)', 'TinyNet(16)');
}

/** A top-to-bottom run with ids: every cell ran once, nothing re-ran or went stale. */
function assertRanOnce(file: string): void {
  const cells = cellsById(file);
  assert.deepEqual(texts(cells.get('run')), [firstModelOutput()]);
  assert.equal(texts(cells.get('model')).length, 1, 'no cascade report');
  assert.match(
    texts(cells.get('time'))[0],
    /per loop \(mean ± std\. dev\. of 3 runs, 5 loops each\)/,
  );
  assert.doesNotMatch(svg(cells.get('dag')), /class="node stale"/);
  assert.equal(svg(cells.get('timeline')).match(/<g class="task">/g)?.length, 5);
}

/** After the next steps: the cascade updated the cells in place, then the readers of x went stale. */
function assertReactive(file: string): void {
  const cells = cellsById(file);
  const [shownOut] = texts(cells.get('run'));
  assert.equal(shownOut, texts(cells.get('check'))[0], 'the run cell shows the current out');
  assert.notEqual(shownOut, firstModelOutput(), 'the run cell shows the new model');
  const [printed, report] = texts(cells.get('model'));
  assert.match(printed, /^TinyNet\(\n {2}\(fc1\): Linear\(in_features=4, out_features=16/);
  assert.match(report, /^Re-ran 3 cells that read what this cell changed:\n/);
  assert.match(report, /In \[3\]: scripted = torch\.jit\.script\(model\)/);
  assert.match(report, /In \[5\]: with torch\.no_grad\(\):/);
  assert.match(report, /In \[6\]: %timeit -n 5 -r 3 scripted\(x\)/);
  assert.match(
    texts(cells.get('time'))[0],
    /per loop \(mean ± std\. dev\. of 3 runs, 5 loops each\)/,
  );
  assert.match(texts(cells.get('input'))[0], /^Stale \(%reactive off\), 2 cells/);
  assert.match(svg(cells.get('dag')), /class="node stale"/);
}

describe('notebooks/reactive.ipynb', function () {
  this.timeout(300_000);
  let directory: string;
  let input: string;

  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tsk-reactive-'));
    input = path.join(directory, 'reactive.ipynb');
    fs.copyFileSync(path.join(repoRoot, 'notebooks', 'reactive.ipynb'), input);
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('runs through `torchscript-kernel run`, which sends the cell ids', async () => {
    const output = path.join(directory, 'run.ipynb');
    const code = await new Promise<number>((resolve) => {
      execFile(
        process.execPath,
        [cliEntryPoint(), 'run', input, '-o', output],
        { timeout: 280_000 },
        (error) => resolve(error === null ? 0 : 1),
      );
    });
    assert.equal(code, 0);
    assertRanOnce(output);
  });

  describe('through nbclient', () => {
    let sandbox: JupyterSandbox | null = null;

    before(async function () {
      const missing = missingPythonModules(['nbclient', 'nbformat']);
      if (missing !== null) {
        console.log(`      skipped: ${missing}`);
        this.skip();
      }
      sandbox = await jupyterSandbox();
    });
    after(async () => sandbox?.dispose());

    const nbclient = async (output: string, ...flags: string[]) => {
      const run = await runPythonScript(
        'nbclient_reactive.py',
        [input, output, ...flags],
        sandbox!.env,
        280_000,
      );
      assert.equal(run.code, 0, run.stderr);
    };

    it('with cell ids, as JupyterLab sends them: re-runs update outputs in place', async () => {
      const output = path.join(directory, 'nbclient-ids.ipynb');
      const steps = path.join(directory, 'steps.json');
      nextSteps[0][1] = biggerModelSource();
      fs.writeFileSync(steps, JSON.stringify(nextSteps));
      await nbclient(output, '--cell-ids', '--then', steps);
      assertReactive(output);
    });

    it('without cell ids (nbclient 0.7 sends none): a plain kernel', async () => {
      const output = path.join(directory, 'nbclient-plain.ipynb');
      await nbclient(output);
      const cells = cellsById(output);
      assert.deepEqual(cells.get('run')?.outputs, [
        {
          data: { 'text/plain': firstModelOutput().split(/(?<=\n)/) },
          execution_count: 5,
          metadata: {},
          output_type: 'execute_result',
        },
      ]);
      assert.deepEqual(
        cells.get('model')?.outputs?.map((o) => o.output_type),
        ['stream'],
      );
      assert.match(texts(cells.get('dag'))[0], /^No cells in the dependency graph yet/);
    });
  });
});
