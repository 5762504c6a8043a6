// The public corpus through the whole system (our Python host, compiler and interpreter), held to
// floors per category: a change that loses a case fails. Raise the floors as the system gets
// better; what each case produced goes to build/conformance/results.jsonl.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../compiler/compilation_unit.js';
import { conformanceLines, corpusAvailable } from '../support/corpus.js';
import { stringifyJson } from '../support/json.js';
import { repoRoot } from '../support/paths.js';
import { CorpusRunner, type CaseOutcome } from './corpus_runner.js';
import { report, tally, type Counts } from './report.js';

const floors: Readonly<Record<string, Omit<Counts, 'cases'>>> = {
  errors: { outcome: 32, type: 9, code: 9, graph: 9 },
  expressions: { outcome: 67, type: 67, code: 67, graph: 67 },
  fork_wait: { outcome: 9, type: 9, code: 9, graph: 9 },
  modules: { outcome: 43, type: 41, code: 41, graph: 41 },
  optional_refinement: { outcome: 14, type: 11, code: 11, graph: 11 },
  seed_examples: { outcome: 27, type: 26, code: 26, graph: 26 },
  statements: { outcome: 56, type: 55, code: 55, graph: 55 },
  tensor_ops: { outcome: 81, type: 81, code: 81, graph: 81 },
  types: { outcome: 41, type: 40, code: 40, graph: 40 },
  variable_resolution: { outcome: 14, type: 9, code: 9, graph: 9 },
};

describe('conformance, whole system', function () {
  this.timeout(600_000);
  let table = new Map<string, Counts>();

  before(async function () {
    if (!corpusAvailable()) {
      console.warn('    ../shared/conformance/cases.jsonl is not there: skipped');
      this.skip();
    }
    const runner = await CorpusRunner.create();
    const outcomes: CaseOutcome[] = conformanceLines().map((l) => runner.run(l));
    table = tally(outcomes);
    const out = path.join(repoRoot, 'build', 'conformance');
    fs.mkdirSync(out, { recursive: true });
    const lines = outcomes.map((o) => stringifyJson(o));
    fs.writeFileSync(path.join(out, 'results.jsonl'), lines.join('\n') + '\n');
    console.log(report(table));
  });

  for (const [category, floor] of Object.entries(floors)) {
    it(`keeps ${category} at or above its floor`, () => {
      const t = table.get(category);
      assert.ok(t, `no ${category} cases`);
      const reached = Object.fromEntries(
        Object.entries(floor).map(([k, v]) => [k, Math.min(t[k as keyof Counts], v)]),
      );
      assert.deepEqual(reached, floor);
    });
  }
});
