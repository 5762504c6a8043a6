// The conformance corpus's compiled graphs and code, and what the specs need to know about each
// case that graph text does not say: NamedTuple class names, modules, qualified function names.

import fs from 'node:fs';
import path from 'node:path';
import { conformanceDir } from './paths.js';
import type { Type } from '../../compiler/types/types.js';

export interface CorpusCase {
  readonly name: string;
  readonly category: string;
  readonly source: string;
  readonly entry: string;
  readonly method: string | null;
  readonly graph: string | null;
  readonly code: string | null;
  readonly expected_error: { readonly phase: 'compile' | 'runtime'; readonly match: string } | null;
}

let cached: CorpusCase[] | undefined;

/** Whether the corpus is where the specs look for it (../shared/conformance beside the repo). */
export function corpusAvailable(): boolean {
  return fs.existsSync(path.join(conformanceDir, 'cases.jsonl'));
}

/** The corpus file's lines, one case each (parse them with parseJson to keep ints apart). */
export function conformanceLines(): string[] {
  return fs
    .readFileSync(path.join(conformanceDir, 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
}

export function corpusCases(): CorpusCase[] {
  cached ??= conformanceLines().map((l) => JSON.parse(l) as CorpusCase);
  return cached;
}

/** Cases that compiled: they have a graph and code. */
export function compiledCases(): (CorpusCase & { graph: string; code: string })[] {
  return corpusCases().filter(
    (c): c is CorpusCase & { graph: string; code: string } => c.graph !== null && c.code !== null,
  );
}

/**
 * The NamedTuple classes the case source defines (`class P(NamedTuple)` with annotated fields, or
 * `P = collections.namedtuple("P", [...])`), found by their field names.
 */
export function namedTupleResolver(
  source: string,
): (fields: readonly string[], types: readonly Type[]) => string | null {
  const byFields = new Map<string, string>();
  for (const m of source.matchAll(/^class (\w+)\(NamedTuple\):\n((?:[ \t]+\w+\s*:.*\n)+)/gm)) {
    const fields = [...m[2].matchAll(/^[ \t]+(\w+)\s*:/gm)].map((f) => f[1]);
    byFields.set(fields.join(','), m[1]);
  }
  for (const m of source.matchAll(
    /^(\w+) = collections\.namedtuple\(\s*["']\w+["'],\s*\[([^\]]*)\]/gm,
  )) {
    const fields = [...m[2].matchAll(/["'](\w+)["']/g)].map((f) => f[1]);
    byFields.set(fields.join(','), m[1]);
  }
  return (fields) => {
    const name = byFields.get(fields.join(','));
    return name === undefined ? null : `__torch__.case.${name}`;
  };
}

/** A module case's entry class is a module even where its graph does not show it. */
export function moduleClasses(c: CorpusCase): string[] {
  return c.method === null ? [] : [`__torch__.case.${c.entry}`];
}

/**
 * Where a function constant `prim::Constant[name="f"]` comes from: the case file defines it, or
 * it is one of torch.nn.functional's script functions (torch.functional's for `_return_output`).
 */
export function functionQualifier(source: string): (name: string) => string {
  const defined = new Set([...source.matchAll(/^def (\w+)\(/gm)].map((m) => m[1]));
  return (name) => {
    if (defined.has(name)) return `__torch__.case.${name}`;
    if (name === '_return_output') return `__torch__.torch.functional.${name}`;
    return `__torch__.torch.nn.functional.${name}`;
  };
}
