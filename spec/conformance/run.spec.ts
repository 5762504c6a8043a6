// The public corpus's function cases run end to end without Python: compiled by the static host,
// run by the interpreter, results compared with PyTorch's. Per-category counts of agreeing
// outcomes (value within tolerance, or error phase and message) and result types are printed and
// held to floors; raise them as things improve. Outcomes go to build/conformance/run.jsonl.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../compiler/compilation_unit.js';
import '../../runtime/ops/index.js';
import { corpusAvailable, conformanceLines } from '../support/corpus.js';
import { parseJson } from '../support/json.js';
import { repoRoot } from '../support/paths.js';
import { formatTable } from './table.js';
import { runCase, type RunnableCase, type RunOutcome } from './run_native.js';

interface Counts {
  cases: number;
  outcomes: number;
  types: number;
}

const floors: Readonly<Record<string, Omit<Counts, 'cases'>>> = {
  errors: { outcomes: 32, types: 9 },
  expressions: { outcomes: 67, types: 67 },
  fork_wait: { outcomes: 7, types: 7 },
  optional_refinement: { outcomes: 12, types: 10 },
  seed_examples: { outcomes: 9, types: 9 },
  statements: { outcomes: 54, types: 53 },
  tensor_ops: { outcomes: 80, types: 80 },
  types: { outcomes: 41, types: 40 },
  variable_resolution: { outcomes: 14, types: 9 },
};

function tally(outcomes: readonly RunOutcome[]): Map<string, Counts> {
  const table = new Map<string, Counts>();
  for (const o of outcomes) {
    const t = table.get(o.category) ?? { cases: 0, outcomes: 0, types: 0 };
    table.set(o.category, t);
    t.cases++;
    if (o.outcomeMatches) t.outcomes++;
    if (o.typeMatches) t.types++;
  }
  return table;
}

function report(table: Map<string, Counts>): string {
  const rows = [['category', 'cases', 'outcome', 'type']];
  const total = { cases: 0, outcomes: 0, types: 0 };
  for (const [category, t] of [...table].sort()) {
    rows.push([category, `${t.cases}`, `${t.outcomes}`, `${t.types}`]);
    total.cases += t.cases;
    total.outcomes += t.outcomes;
    total.types += t.types;
  }
  rows.push(['total', `${total.cases}`, `${total.outcomes}`, `${total.types}`]);
  return formatTable(rows);
}

describe('conformance, run without Python', function () {
  let table = new Map<string, Counts>();

  before(function () {
    if (!corpusAvailable()) {
      console.warn('    ../shared/conformance/cases.jsonl is not there: skipped');
      this.skip();
    }
    const cases = conformanceLines()
      .map((line) => parseJson(line) as RunnableCase)
      .filter((c) => c.method === null);
    const outcomes = cases.map(runCase);
    table = tally(outcomes);
    const out = path.join(repoRoot, 'build', 'conformance');
    fs.mkdirSync(out, { recursive: true });
    const json = (v: unknown) =>
      JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
    fs.writeFileSync(path.join(out, 'run.jsonl'), outcomes.map(json).join('\n') + '\n');
    console.log(report(table));
  });

  for (const [category, floor] of Object.entries(floors)) {
    it(`keeps ${category} at or above its floor`, () => {
      const t = table.get(category);
      assert.ok(t, `no ${category} cases`);
      assert.deepEqual(
        { outcomes: Math.min(t.outcomes, floor.outcomes), types: Math.min(t.types, floor.types) },
        floor,
      );
    });
  }
});
