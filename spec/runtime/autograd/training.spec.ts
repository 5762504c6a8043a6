// Training loops and autograd from Python against PyTorch: every cell of
// spec/fixtures/training/cells.jsonl (made by spec/fixtures/make_training_fixtures.py with
// PyTorch 1.13.1) runs in our Python host and must print the same losses step by step, gradients,
// parameters, optimizer state and error messages. Object addresses in reprs
// (`<SumBackward0 object at 0x...>`) differ by nature and are left out.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PythonHost } from '../../../runtime/python/host.js';
import { fixturesDir } from '../../support/paths.js';

interface Cell {
  name: string;
  code: string;
  stdout: string;
}

const cells = fs
  .readFileSync(path.join(fixturesDir, 'training', 'cells.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as Cell);

const withoutAddresses = (text: string): string => text.replace(/ at 0x[0-9a-f]+>/g, '>');

/** A loss line, `<step> <loss>`: the last printed digit may differ by float rounding. */
const lossLine = /^(\d+) (-?\d+\.\d+)$/;

function assertSamePrinting(actual: string, expected: string): void {
  const a = withoutAddresses(actual).split('\n');
  const e = withoutAddresses(expected).split('\n');
  assert.equal(a.length, e.length, actual);
  a.forEach((line, i) => {
    const [x, y] = [lossLine.exec(line), lossLine.exec(e[i])];
    if (x === null || y === null || x[1] !== y[1]) return assert.equal(line, e[i]);
    const [lossA, lossE] = [Number(x[2]), Number(y[2])];
    assert.ok(Math.abs(lossA - lossE) <= 2e-6 + 1e-5 * Math.abs(lossE), `${line} != ${e[i]}`);
  });
}

describe('training loops against PyTorch', function () {
  this.timeout(60000);
  let host: PythonHost;

  before(async () => {
    host = await PythonHost.create({ backends: false });
  });
  after(() => host.dispose());

  for (const cell of cells) {
    it(cell.name, () => {
      let stdout = '';
      const result = host.run(cell.code, undefined, (stream, text) => {
        if (stream === 'stdout') stdout += text;
      });
      assert.ok(result.ok, JSON.stringify(result));
      assertSamePrinting(stdout, cell.stdout);
    });
  }
});
