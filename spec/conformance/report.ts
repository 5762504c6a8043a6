// Per-category counts of the full conformance run, printed as a table and compared with floors.

import type { CaseOutcome } from './corpus_runner.js';
import { formatTable } from './table.js';

export interface Counts {
  cases: number;
  outcome: number;
  type: number;
  code: number;
  graph: number;
}

const measures = ['outcome', 'type', 'code', 'graph'] as const;

export function tally(outcomes: readonly CaseOutcome[]): Map<string, Counts> {
  const table = new Map<string, Counts>();
  for (const o of outcomes) {
    const t = table.get(o.category) ?? { cases: 0, outcome: 0, type: 0, code: 0, graph: 0 };
    table.set(o.category, t);
    t.cases++;
    for (const m of measures) if (o[m]) t[m]++;
  }
  return table;
}

export function report(table: ReadonlyMap<string, Counts>): string {
  const rows = [['category', 'cases', ...measures]];
  const total: Counts = { cases: 0, outcome: 0, type: 0, code: 0, graph: 0 };
  for (const [category, t] of [...table].sort()) {
    rows.push([category, `${t.cases}`, ...measures.map((m) => `${t[m]}`)]);
    total.cases += t.cases;
    for (const m of measures) total[m] += t[m];
  }
  rows.push(['total', `${total.cases}`, ...measures.map((m) => `${total[m]}`)]);
  return formatTable(rows);
}
