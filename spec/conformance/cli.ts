// `npm run conformance -- [--cases FILE] [--out RESULTS.jsonl] [--only PREFIX]`: runs the corpus
// through the whole system (Python host, compiler, interpreter), prints per-category counts and,
// with --out, writes what our system produced for every case, one JSON line each.

import fs from 'node:fs';
import path from 'node:path';
import '../../compiler/compilation_unit.js';
import { stringifyJson } from '../support/json.js';
import { conformanceDir } from '../support/paths.js';
import { CorpusRunner, type CaseOutcome } from './corpus_runner.js';
import { report, tally } from './report.js';

function option(args: readonly string[], name: string): string | null {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : null;
}

const args = process.argv.slice(2);
const casesFile = option(args, '--cases') ?? path.join(conformanceDir, 'cases.jsonl');
const outFile = option(args, '--out');
const only = option(args, '--only') ?? '';
const lines = fs
  .readFileSync(casesFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && (JSON.parse(l) as { name: string }).name.startsWith(only));

const runner = await CorpusRunner.create();
const outcomes: CaseOutcome[] = lines.map((l) => runner.run(l));
console.log(report(tally(outcomes)));
if (outFile !== null) {
  const records = outcomes.map((o) => stringifyJson({ name: o.name, ...o.produced }));
  fs.writeFileSync(outFile, records.join('\n') + '\n');
}
process.exit(0);
