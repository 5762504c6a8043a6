// Archives we save, loaded and run by real PyTorch 1.13 (spec/fixtures/check_archives.py): the
// PyTorch-made fixtures after a trip through our load and save, the hand-made module, and a
// scripted function. PyTorch's results must be the ones recorded (or ours), and the `.code` it
// prints for each method the one we print. Skipped where /usr/bin/python3 has no torch.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import '../../../runtime/ops/index.js';
import {
  functionModule,
  loadArchive,
  saveArchive,
  type ScriptModule,
} from '../../../runtime/serialization/index.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import { fixturesDir } from '../../support/paths.js';
import { encodeValue, fixtureJson } from './encode.js';
import { handmadeCalls, handmadeModule } from './handmade.js';
import { archiveFixtures, callMethod, fixtureArchive, method, methodCode } from './support.js';

interface Entry {
  readonly name: string;
  readonly module: ScriptModule;
  /** JSON text of the calls: method, encoded args, encoded expected result. */
  readonly calls: readonly string[];
}

interface Report {
  readonly ok: boolean;
  readonly error?: string;
  readonly code?: Record<string, string>;
  readonly extra?: Record<string, string>;
}

const fixtures = archiveFixtures();
const names = [...Object.keys(fixtures), 'handmade', 'function'];

function torchAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function call(methodName: string, args: string[], expected: string): string {
  return `{"method": ${JSON.stringify(methodName)}, "args": [${args.join(', ')}], "expected": ${expected}}`;
}

function fixtureEntries(): Entry[] {
  return Object.entries(fixtures).map(([name, f]) => ({
    name,
    module: loadArchive(fixtureArchive(name)).module,
    calls: f.calls.map((c) => call(c.method, c.args.map(fixtureJson), fixtureJson(c.result))),
  }));
}

/** Our results for `calls` on a fresh module, as the expected values. */
function ownEntry(
  name: string,
  make: () => ScriptModule,
  calls: readonly { method: string; args: unknown[] }[],
): Entry {
  const probe = make();
  const encoded = calls.map((c) => {
    const sig = method(probe.object, c.method).signature;
    const args = c.args.map((a, i) => encodeValue(a, sig.args[i + 1].type));
    const result = callMethod(probe.object, c.method, c.args);
    return call(c.method, args, encodeValue(result, sig.returns[0].type));
  });
  return { name, module: make(), calls: encoded };
}

function functionEntry(): Entry {
  const host = new ModuleHost(
    `import torch
from torch import Tensor

def poly(x: Tensor, n: int) -> Tensor:
    y = x
    for i in range(n):
        y = y * x + i
    return y / 2
`,
    'poly.py',
    'poly',
  );
  const fn = host.compileFunction('poly');
  const x = fromArray([0.5, 1.5, -2], [3], 'float32');
  return ownEntry('function', () => functionModule(fn), [{ method: 'forward', args: [x, 3] }]);
}

function handmadeEntry(): Entry {
  return ownEntry('handmade', handmadeModule, handmadeCalls);
}

/** Saves every entry, runs the checker over them, returns its report by name. */
function checkInPyTorch(entries: readonly Entry[]): Record<string, Report> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'our-archives-'));
  try {
    const archives = entries.map((e) => {
      const file = path.join(dir, `${e.name}.pt`);
      const extraFiles = new Map([['meta.txt', `saved by us: ${e.name}`]]);
      fs.writeFileSync(file, saveArchive(e.module, { name: e.name, extraFiles }));
      return `{"name": ${JSON.stringify(e.name)}, "path": ${JSON.stringify(file)}, "calls": [${e.calls.join(', ')}]}`;
    });
    const manifest = path.join(dir, 'manifest.json');
    fs.writeFileSync(manifest, `{"archives": [${archives.join(', ')}]}`);
    const out = execFileSync(
      '/usr/bin/python3',
      [path.join(fixturesDir, 'check_archives.py'), manifest],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 },
    );
    return JSON.parse(out) as Record<string, Report>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('PyTorch loads archives we save', function () {
  this.timeout(180000);
  let report: Record<string, Report> = {};
  const entries = new Map<string, Entry>();

  before(function () {
    if (!torchAvailable()) return this.skip();
    for (const e of [...fixtureEntries(), handmadeEntry(), functionEntry()]) entries.set(e.name, e);
    report = checkInPyTorch([...entries.values()]);
  });

  for (const name of names) {
    describe(name, () => {
      it('loads in PyTorch, reads the extra file, and runs with the expected results', () => {
        const r = report[name];
        assert.ok(r, `no report for ${name}`);
        assert.equal(r.error, undefined);
        assert.equal(r.extra?.['meta.txt'], `saved by us: ${name}`);
      });

      it('prints, in PyTorch, the .code we print for every method', () => {
        const { module } = entries.get(name)!;
        const code = report[name].code ?? {};
        assert.ok(Object.keys(code).length > 0);
        for (const [dotted, text] of Object.entries(code)) {
          assert.equal(methodCode(module.object, dotted), text, dotted);
        }
      });
    });
  }
});
