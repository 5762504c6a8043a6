// Errors raised by compiled code, worded as PyTorch 1.13.1 words them: every cell of
// spec/fixtures/jit_errors.jsonl (made by spec/fixtures/make_jit_errors.py) runs in our Python
// host as cell.py and must raise the same exception type with the same message.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PythonHost } from '../../../runtime/python/host.js';
import { fixturesDir } from '../../support/paths.js';

interface ErrorRecord {
  name: string;
  code: string;
  error: { type: string; message: string };
}

const records = fs
  .readFileSync(path.join(fixturesDir, 'jit_errors.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as ErrorRecord);

describe('error reports of compiled code against PyTorch', function () {
  this.timeout(60000);
  let host: PythonHost;

  before(async () => {
    host = await PythonHost.create({ backends: false });
  });
  after(() => host.dispose());

  for (const record of records) {
    it(record.name, () => {
      const defined = host.run(record.code, 'cell.py');
      assert.ok(defined.ok, JSON.stringify(defined));
      const result = host.run('run()');
      assert.ok(!result.ok, 'the cell raised nothing');
      assert.deepEqual(
        { type: result.error.type, message: result.error.message },
        record.error,
        result.error.traceback,
      );
    });
  }
});
