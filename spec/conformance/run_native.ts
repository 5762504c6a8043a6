// Runs a function case with no Python: compiled from its source by the static host, called by
// the interpreter with the decoded inputs, its result encoded as the corpus encodes values.

import { ModuleHost } from '../../compiler/host/module_host.js';
import { codeFor } from '../../runtime/interpreter/code.js';
import { runtimeValue } from '../../runtime/interpreter/constants.js';
import { scheduler } from '../../runtime/interpreter/tasks.js';
import { setPrintHandler } from '../../runtime/interpreter/print.js';
import { setWarningHandler } from '../../runtime/warnings.js';
import type { CorpusCase } from '../support/corpus.js';
import type { Tolerance } from '../support/values.js';
import { encode, mismatch, toRuntime } from './values.js';

export interface RunOutcome {
  readonly name: string;
  readonly category: string;
  /** What we produced, in the corpus encoding. */
  readonly result: unknown;
  readonly type: string | null;
  readonly error: { phase: 'compile' | 'runtime'; message: string } | null;
  /** Our outcome agrees with PyTorch's: the value within tolerance, or the error's phase and text. */
  readonly outcomeMatches: boolean;
  readonly typeMatches: boolean;
  readonly why: string | null;
}

export interface RunnableCase extends CorpusCase {
  readonly inputs: unknown[];
  readonly expected: unknown;
  readonly expected_type: string | null;
  readonly tolerance: Tolerance;
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function runCase(c: RunnableCase): RunOutcome {
  const base = { name: c.name, category: c.category };
  const expectedError = c.expected_error;
  const restore = [setWarningHandler(() => {}), setPrintHandler(() => {})] as const;
  try {
    let fnGraph;
    let signature;
    try {
      const host = new ModuleHost(c.source, 'case.py', 'case');
      host.compileScriptedDefinitions();
      const fn = host.compileFunction(c.entry);
      [fnGraph, signature] = [fn.graph, fn.signature];
    } catch (e) {
      const text = message(e);
      const ok = expectedError?.phase === 'compile' && text.includes(expectedError.match);
      const error = { phase: 'compile' as const, message: text };
      return {
        ...base,
        result: null,
        type: null,
        error,
        outcomeMatches: ok,
        typeMatches: false,
        why: ok ? null : text,
      };
    }
    const graph = fnGraph;
    const returnType = signature.returns[0].type;
    const type = returnType.annotation();
    const typeMatches = type === c.expected_type;
    try {
      const args = signature.args.map((a, i) =>
        i < c.inputs.length ? toRuntime(c.inputs[i], a.type) : runtimeValue(a.default!, a.type),
      );
      const value = scheduler.runRoot(c.entry, () => codeFor(graph).run(args) as never);
      const result = encode(value, returnType);
      if (expectedError !== null) {
        return {
          ...base,
          result,
          type,
          error: null,
          outcomeMatches: false,
          typeMatches,
          why: `expected ${expectedError.phase} error ${expectedError.match}`,
        };
      }
      const why = mismatch(result, c.expected, c.tolerance);
      return { ...base, result, type, error: null, outcomeMatches: why === null, typeMatches, why };
    } catch (e) {
      const text = message(e);
      const ok = expectedError?.phase === 'runtime' && text.includes(expectedError.match);
      const error = { phase: 'runtime' as const, message: text };
      return {
        ...base,
        result: null,
        type,
        error,
        outcomeMatches: ok,
        typeMatches,
        why: ok ? null : text,
      };
    }
  } finally {
    setWarningHandler(restore[0]);
    setPrintHandler(restore[1]);
  }
}
