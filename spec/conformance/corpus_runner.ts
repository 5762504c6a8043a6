// The conformance corpus through the whole system: each case run by our Python host (Pyodide with
// our torch) as ../shared/conformance/README.md says, by spec/conformance/case_runner.py, and its
// outcome compared with PyTorch's: the value (or the error's phase and message), the result's
// type, the graph (canonically) and the code (exactly).

import fs from 'node:fs';
import path from 'node:path';
import { PythonHost } from '../../runtime/python/host.js';
import type { CorpusCase } from '../support/corpus.js';
import { parseJson } from '../support/json.js';
import { repoRoot } from '../support/paths.js';
import type { Tolerance } from '../support/values.js';
import { canonicalGraph } from './compile_only.js';
import { mismatch } from './values.js';

export interface CorpusRecord extends CorpusCase {
  readonly inputs: unknown[];
  readonly init_args: unknown[] | null;
  readonly expected: unknown;
  readonly expected_type: string | null;
  readonly tolerance: Tolerance;
}

/** What our system produced for a case (the --out record), and how it compares. */
export interface CaseOutcome {
  readonly name: string;
  readonly category: string;
  readonly produced: {
    readonly result: unknown;
    readonly type: string | null;
    readonly error: { readonly phase: string; readonly message: string } | null;
    readonly graph: string | null;
    readonly code: string | null;
  };
  readonly outcome: boolean;
  readonly type: boolean;
  readonly graph: boolean;
  readonly code: boolean;
  /** Why the outcome differs, when it does. */
  readonly why: string | null;
}

type Produced = CaseOutcome['produced'];

function judgeOutcome(c: CorpusRecord, p: Produced): string | null {
  const expected = c.expected_error;
  if (expected !== null) {
    if (p.error === null) return `expected a ${expected.phase} error: ${expected.match}`;
    if (p.error.phase !== expected.phase) return `${p.error.phase} error: ${p.error.message}`;
    return p.error.message.includes(expected.match) ? null : `error: ${p.error.message}`;
  }
  if (p.error !== null) return `${p.error.phase} error: ${p.error.message}`;
  return mismatch(p.result, c.expected, c.tolerance);
}

export class CorpusRunner {
  private constructor(private readonly runCase: (json: string) => string) {}

  static async create(): Promise<CorpusRunner> {
    const host = await PythonHost.create({ onOutput: () => {} });
    const py = host.interpreter;
    py.FS.mkdirTree('/conformance');
    py.FS.writeFile(
      '/conformance/case_runner.py',
      fs.readFileSync(path.join(repoRoot, 'spec', 'conformance', 'case_runner.py')),
    );
    py.runPython("import sys; sys.path.insert(0, '/conformance')");
    const runner = py.pyimport('case_runner') as { run_case: (json: string) => string };
    return new CorpusRunner((json) => runner.run_case(json));
  }

  run(line: string): CaseOutcome {
    const c = parseJson(line) as CorpusRecord;
    const produced = parseJson(this.runCase(line)) as Produced;
    const why = judgeOutcome(c, produced);
    return {
      name: c.name,
      category: c.category,
      produced,
      outcome: why === null,
      type: c.expected_type !== null && produced.type === c.expected_type,
      graph:
        c.graph !== null &&
        produced.graph !== null &&
        canonicalGraph(produced.graph) === canonicalGraph(c.graph),
      code: c.code !== null && produced.code === c.code,
      why,
    };
  }
}
