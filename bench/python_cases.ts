// Benchmark cases written in Python (bench/programs/script_cases.py), timed inside our Python host:
// scripted modules and functions, forks, eager module calls. bench/pytorch_cases.py times the
// same programs in PyTorch.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PythonHost } from '../runtime/python/host.js';

const programs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/programs');

/** The Python cases' names, as script_cases.py lists them. */
export function pythonCaseNames(): string[] {
  const source = fs.readFileSync(path.join(programs, 'script_cases.py'), 'utf8');
  const table = source.slice(source.indexOf('CASES = {'));
  return [...table.matchAll(/^ {4}"([^"]+)":/gm)].map((m) => m[1]);
}

/** Seconds per unit of each named case, measured in our Python host. */
export async function measureInOurHost(names: readonly string[]): Promise<Record<string, number>> {
  const host = await PythonHost.create({ onOutput: () => {} });
  const py = host.interpreter;
  py.FS.mkdirTree('/bench');
  py.FS.writeFile(
    '/bench/script_cases.py',
    fs.readFileSync(path.join(programs, 'script_cases.py')),
  );
  py.runPython("import sys; sys.path.insert(0, '/bench')");
  const cases = py.pyimport('script_cases') as {
    measure: (n: string[]) => { toJs(o: object): Record<string, number> };
  };
  const measured = cases.measure([...names]).toJs({ dict_converter: Object.fromEntries });
  host.dispose();
  return measured;
}
