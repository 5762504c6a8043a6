// The Python host: Pyodide in this thread and in a worker thread, cells with streamed output,
// errors as data, interrupts through the shared flag, and the start-up snapshot with its
// fallbacks. One host per way of running, made once for the file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TorchError } from '../../../runtime/errors.js';
import { PythonWorker } from '../../../runtime/python/client.js';
import { PythonHost, packageDirectory } from '../../../runtime/python/host.js';
import { checkInterrupt, interruptFlag } from '../../../runtime/interrupt.js';
import { requestInterrupt } from '../../../runtime/python/interrupt.js';
import {
  installedPyodideVersion,
  snapshotPath,
  snapshotPyodideVersion,
} from '../../../runtime/python/snapshot.js';
import { fixturesDir, repoRoot } from '../../support/paths.js';

describe('Python host', function () {
  this.timeout(60000);

  describe('in this thread', () => {
    let host: PythonHost;
    before(async () => {
      host = await PythonHost.create({ cacheDir: null, backends: false });
    });
    after(() => host.dispose());

    it('runs a cell and returns the repr of its last expression', () => {
      assert.deepEqual(host.run('x = 6 * 7\nx'), { ok: true, value: '42' });
      assert.deepEqual(host.run('x += 1'), { ok: true, value: null });
      assert.deepEqual(host.run('x;'), { ok: true, value: null });
      assert.deepEqual(host.run('None'), { ok: true, value: null });
      assert.deepEqual(host.run("'a' * 2"), { ok: true, value: "'aa'" });
    });

    it('streams stdout and stderr to the sink while the cell runs', () => {
      const seen: string[] = [];
      let returned = false;
      const result = host.run(
        'import sys\nprint("out")\nprint("err", file=sys.stderr)',
        undefined,
        (stream, text) => {
          assert.equal(returned, false);
          seen.push(`${stream}:${text}`);
        },
      );
      returned = true;
      assert.ok(result.ok);
      assert.deepEqual(seen, ['stdout:out', 'stdout:\n', 'stderr:err', 'stderr:\n']);
    });

    it('returns errors with type, message and traceback, and stays usable', () => {
      const result = host.run('def f():\n    raise ValueError("bad value")\nf()', '<cell-error>');
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'ValueError');
      assert.equal(result.error.message, 'bad value');
      assert.equal(
        result.error.traceback,
        'Traceback (most recent call last):\n' +
          '  File "<cell-error>", line 3, in <module>\n    f()\n    ~^^\n' +
          '  File "<cell-error>", line 2, in f\n    raise ValueError("bad value")\n' +
          'ValueError: bad value\n',
      );
      assert.deepEqual(host.run('x'), { ok: true, value: '43' });
    });

    it('reports syntax errors with the offending line', () => {
      const result = host.run('y = (1,', '<cell-syntax>');
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'SyntaxError');
      assert.match(result.error.traceback, /File "<cell-syntax>", line 1\n {4}y = \(1,\n/);
    });

    it('registers cell sources for inspect.getsource', () => {
      host.run('def square(v):\n    return v * v', '<cell-source>');
      assert.deepEqual(host.run('import inspect\ninspect.getsource(square)'), {
        ok: true,
        value: "'def square(v):\\n    return v * v\\n'",
      });
    });

    it('imports torch at start', () => {
      assert.deepEqual(host.run('import torch\ntorch.tensor([1, 2]) + 1'), {
        ok: true,
        value: 'tensor([2, 3])',
      });
    });

    it('fails input() at once instead of waiting for a terminal', () => {
      const result = host.run('input()');
      assert.ok(!result.ok);
    });

    it('stops Python at an interrupt requested through the shared flag', () => {
      // In this thread nothing else can set the flag while Python runs, so the cell sets it
      // through JS and loops: Pyodide must notice and raise KeyboardInterrupt.
      host.interpreter.registerJsModule('_torchscript_interrupt', {
        request: () => requestInterrupt(),
      });
      const result = host.run(
        'import _torchscript_interrupt\n_torchscript_interrupt.request()\nwhile True:\n    pass',
      );
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'KeyboardInterrupt');
      assert.deepEqual(host.run('1 + 1'), { ok: true, value: '2' });
    });
  });

  describe('TypeScript checks of the interrupt flag', () => {
    it('raise KeyboardInterrupt once and clear the flag', () => {
      requestInterrupt();
      assert.throws(
        checkInterrupt,
        (e) => e instanceof TorchError && e.pythonType === 'KeyboardInterrupt',
      );
      assert.equal(interruptFlag()[0], 0);
      assert.doesNotThrow(checkInterrupt);
    });
  });

  describe('in a worker thread', () => {
    let worker: PythonWorker;
    before(async () => {
      worker = await PythonWorker.start({ cacheDir: null, backends: false });
    });
    after(() => worker.terminate());

    it('runs cells in order and keeps their state', async () => {
      const first = worker.run('a = [1]');
      const second = worker.run('a.append(2)\na');
      assert.deepEqual(await first, { ok: true, value: null });
      assert.deepEqual(await second, { ok: true, value: '[1, 2]' });
      assert.equal(worker.info.pythonVersion.split('.')[0], '3');
    });

    it('delivers output before the cell ends', async () => {
      let outputAt = 0;
      const result = await worker.run(
        'import time\nprint("early")\nstart = time.time()\nwhile time.time() - start < 0.5:\n    pass',
        {
          onOutput: (_stream, text) =>
            void (outputAt ||= text.includes('early') ? performance.now() : 0),
        },
      );
      const endedAt = performance.now();
      assert.ok(result.ok);
      assert.ok(
        outputAt > 0 && endedAt - outputAt > 300,
        `output ${endedAt - outputAt} ms before the end`,
      );
    });

    it('interrupts an endless loop and runs the next cell', async () => {
      // Output may arrive in any chunking ("looping", "\n", or both at once).
      let interrupted = false;
      const result = await worker.run('print("looping")\nwhile True:\n    pass', {
        onOutput: (_stream, text) => {
          if (interrupted || !text.includes('looping')) return;
          interrupted = true;
          worker.interrupt();
        },
      });
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'KeyboardInterrupt');
      assert.match(result.error.traceback, /KeyboardInterrupt\n$/);
      assert.deepEqual(await worker.run('a'), { ok: true, value: '[1, 2]' });
    });

    it('returns errors as data', async () => {
      const result = await worker.run('import torch\ntorch.zeros(2)[5]');
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'IndexError');
      assert.equal(result.error.message, 'index 5 is out of bounds for dimension 0 with size 2');
    });
  });

  describe('start-up snapshot', () => {
    let cacheDir: string;
    before(() => {
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchscript-snapshot-'));
    });
    after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

    it('is used with the Pyodide version it was checked with, pinned in package.json', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      assert.equal(manifest.dependencies.pyodide, snapshotPyodideVersion);
      assert.equal(installedPyodideVersion(), snapshotPyodideVersion);
    });

    it('is made by a plain start, then restored, and a damaged one is remade', async () => {
      const first = await PythonHost.create({ cacheDir, backends: false });
      first.dispose();
      assert.equal(first.info.start, 'plain, snapshot made');
      const file = snapshotPath(cacheDir, snapshotPyodideVersion);
      assert.ok(fs.existsSync(file));

      const second = await PythonHost.create({ cacheDir, backends: false });
      assert.equal(second.info.start, 'snapshot');
      assert.deepEqual(second.run('import torch\ntorch.arange(3)'), {
        ok: true,
        value: 'tensor([0, 1, 2])',
      });
      second.dispose();

      fs.truncateSync(file, fs.statSync(file).size - 1000);
      const third = await PythonHost.create({ cacheDir, backends: false });
      third.dispose();
      assert.equal(third.info.start, 'plain, snapshot made');
    });

    it('never fails because the cache cannot be written', async () => {
      const blocked = path.join(cacheDir, 'a-file');
      fs.writeFileSync(blocked, '');
      const host = await PythonHost.create({
        cacheDir: path.join(blocked, 'cache'),
        backends: false,
      });
      host.dispose();
      assert.equal(host.info.start, 'plain');
      assert.match(host.info.snapshotNote ?? '', /^no snapshot written: /);
    });
  });

  it('ships the python_api.json that spec/fixtures has', () => {
    const shipped = fs.readFileSync(
      path.join(packageDirectory(), 'torch', '_C', 'python_api.json'),
      'utf8',
    );
    assert.equal(shipped, fs.readFileSync(path.join(fixturesDir, 'python_api.json'), 'utf8'));
  });
});
