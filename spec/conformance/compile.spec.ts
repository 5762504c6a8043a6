// The compile-only conformance run over the public corpus: per-category counts of graphs, code and
// compile errors that agree with PyTorch, printed as a table and held to floors, so a change that
// loses a case fails. Raise the floors as the compiler gets better. Every outcome is written to
// build/conformance/compile.jsonl for inspection.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../compiler/compilation_unit.js';
import '../../runtime/ops/index.js';
import { corpusAvailable, corpusCases } from '../support/corpus.js';
import { repoRoot } from '../support/paths.js';
import { formatTable } from './table.js';
import { compileCase, isCompileOnlyCase, type CompileOutcome } from './compile_only.js';

interface Counts {
  cases: number;
  graphs: number;
  code: number;
  errorCases: number;
  errors: number;
}

const floors: Readonly<Record<string, Omit<Counts, 'cases' | 'errorCases'>>> = {
  errors: { graphs: 9, code: 9, errors: 23 },
  expressions: { graphs: 67, code: 67, errors: 0 },
  fork_wait: { graphs: 7, code: 7, errors: 0 },
  optional_refinement: { graphs: 10, code: 10, errors: 2 },
  seed_examples: { graphs: 9, code: 9, errors: 0 },
  statements: { graphs: 53, code: 53, errors: 1 },
  tensor_ops: { graphs: 81, code: 81, errors: 0 },
  types: { graphs: 40, code: 40, errors: 1 },
  variable_resolution: { graphs: 9, code: 9, errors: 5 },
};

function tally(outcomes: readonly CompileOutcome[]): Map<string, Counts> {
  const table = new Map<string, Counts>();
  for (const o of outcomes) {
    let t = table.get(o.category);
    if (t === undefined) {
      t = { cases: 0, graphs: 0, code: 0, errorCases: 0, errors: 0 };
      table.set(o.category, t);
    }
    t.cases++;
    if (o.graphMatches) t.graphs++;
    if (o.codeMatches) t.code++;
    if (o.expectsError) t.errorCases++;
    if (o.errorMatches) t.errors++;
  }
  return table;
}

function report(table: Map<string, Counts>): string {
  const rows = [['category', 'cases', 'graph', 'code', 'compile errors']];
  const total: Counts = { cases: 0, graphs: 0, code: 0, errorCases: 0, errors: 0 };
  for (const [category, t] of [...table].sort()) {
    const compiled = t.cases - t.errorCases;
    rows.push([
      category,
      `${t.cases}`,
      `${t.graphs}/${compiled}`,
      `${t.code}/${compiled}`,
      `${t.errors}/${t.errorCases}`,
    ]);
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += t[k];
  }
  const compiled = total.cases - total.errorCases;
  rows.push([
    'total',
    `${total.cases}`,
    `${total.graphs}/${compiled}`,
    `${total.code}/${compiled}`,
    `${total.errors}/${total.errorCases}`,
  ]);
  return formatTable(rows);
}

describe('conformance, compile only', function () {
  let table = new Map<string, Counts>();

  before(function () {
    if (!corpusAvailable()) {
      console.warn('    ../shared/conformance/cases.jsonl is not there: skipped');
      this.skip();
    }
    const outcomes = corpusCases().filter(isCompileOnlyCase).map(compileCase);
    table = tally(outcomes);
    const out = path.join(repoRoot, 'build', 'conformance');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'compile.jsonl'),
      outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n',
    );
    console.log(report(table));
  });

  for (const [category, floor] of Object.entries(floors)) {
    it(`keeps ${category} at or above its floor`, () => {
      const t = table.get(category);
      assert.ok(t, `no ${category} cases`);
      assert.deepEqual(
        {
          graphs: Math.min(t.graphs, floor.graphs),
          code: Math.min(t.code, floor.code),
          errors: Math.min(t.errors, floor.errors),
        },
        floor,
      );
    });
  }
});
