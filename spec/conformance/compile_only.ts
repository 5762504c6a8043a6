// Compile-only conformance: each function case compiled from its source with no Python running,
// its graph, code or compile error compared with what PyTorch produced. Graphs compare with every
// `%name` renamed `%vK` in order of first appearance (PyTorch's numbering is not reproduced);
// code compares exactly; compile errors by phase and message substring.

import { ModuleHost } from '../../compiler/host/module_host.js';
import { printGraph } from '../../compiler/ir/printer.js';
import { printFunction } from '../../compiler/printer/python_printer.js';
import { setWarningHandler } from '../../runtime/warnings.js';
import type { CorpusCase } from '../support/corpus.js';

export interface CompileOutcome {
  readonly name: string;
  readonly category: string;
  /** The case expects a compile error. */
  readonly expectsError: boolean;
  readonly graph?: string;
  readonly code?: string;
  readonly error?: string;
  readonly graphMatches: boolean;
  readonly codeMatches: boolean;
  readonly errorMatches: boolean;
}

export function canonicalGraph(text: string): string {
  const names = new Map<string, string>();
  return text.replace(/%[\w.]+/g, (name) => {
    if (!names.has(name)) names.set(name, `%v${names.size}`);
    return names.get(name)!;
  });
}

/** Cases compile-only mode takes: function entries (module cases need Python to construct). */
export function isCompileOnlyCase(c: CorpusCase): boolean {
  return c.method === null;
}

export function compileCase(c: CorpusCase): CompileOutcome {
  const expectsError = c.expected_error?.phase === 'compile';
  const base = { name: c.name, category: c.category, expectsError };
  // Heterogeneous-literal warnings go to stderr in PyTorch; they are not part of the outcome.
  const previous = setWarningHandler(() => {});
  try {
    const host = new ModuleHost(c.source, 'case.py', 'case');
    host.compileScriptedDefinitions();
    const fn = host.compileFunction(c.entry);
    const graph = printGraph(fn.graph);
    const code = printFunction(fn.graph, c.entry, { signature: fn.signature });
    return {
      ...base,
      graph,
      code,
      graphMatches: c.graph !== null && canonicalGraph(graph) === canonicalGraph(c.graph),
      codeMatches: c.code !== null && code === c.code,
      errorMatches: false,
    };
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const errorMatches = expectsError && error.includes(c.expected_error!.match);
    return { ...base, error, graphMatches: false, codeMatches: false, errorMatches };
  } finally {
    setWarningHandler(previous);
  }
}
