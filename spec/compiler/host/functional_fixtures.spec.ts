// Calls of torch.nn.functional recorded in PyTorch (spec/fixtures/functional.jsonl, made by
// make_functional_fixtures.py), compiled by the static host with our torch/nn/functional.py and
// run by the interpreter: the result within tolerance, or the error's phase and message, and the
// warnings given, in order, must be PyTorch's.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../../compiler/compilation_unit.js';
import '../../../runtime/ops/index.js';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import { codeFor } from '../../../runtime/interpreter/code.js';
import { scheduler } from '../../../runtime/interpreter/tasks.js';
import { defaultGenerator } from '../../../runtime/random/generator.js';
import { setWarningHandler } from '../../../runtime/warnings.js';
import type { RunnableCase } from '../../conformance/run_native.js';
import { encode, mismatch, toRuntime } from '../../conformance/values.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';

interface FunctionalCase extends RunnableCase {
  readonly expected_warnings: readonly string[];
  readonly manual_seed: bigint | null;
  readonly note: string | null;
}

type Outcome =
  | { readonly phase: 'value'; readonly value: unknown; readonly type: string }
  | { readonly phase: 'compile' | 'runtime'; readonly message: string };

const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Compiles the case's `fn` and calls it with the decoded inputs, as the corpus runner does. */
function run(c: FunctionalCase): Outcome {
  let fn;
  try {
    const host = new ModuleHost(c.source, 'case.py', 'case');
    fn = host.compileFunction(c.entry);
  } catch (e) {
    return { phase: 'compile', message: message(e) };
  }
  const { graph, signature } = fn;
  const returnType = signature.returns[0].type;
  try {
    const args = signature.args.map((a, i) => toRuntime(c.inputs[i], a.type));
    if (c.manual_seed !== null) defaultGenerator.manualSeed(c.manual_seed);
    const value = scheduler.runRoot(c.entry, () => codeFor(graph).run(args) as never);
    return { phase: 'value', value: encode(value, returnType), type: returnType.annotation() };
  } catch (e) {
    return { phase: 'runtime', message: message(e) };
  }
}

function check(c: FunctionalCase): void {
  const warnings: string[] = [];
  const previous = setWarningHandler((w) => warnings.push(w));
  let outcome: Outcome;
  try {
    outcome = run(c);
  } finally {
    setWarningHandler(previous);
  }
  const expectedError = c.expected_error;
  if (outcome.phase !== 'value') {
    assert.equal(outcome.phase, expectedError?.phase, outcome.message);
    assert.ok(outcome.message.includes(expectedError!.match), outcome.message);
    return;
  }
  assert.equal(expectedError, null, `no ${expectedError?.phase} error: ${expectedError?.match}`);
  assert.equal(mismatch(outcome.value, c.expected, c.tolerance), null);
  assert.equal(outcome.type, c.expected_type);
  assert.deepEqual(warnings, c.expected_warnings);
}

describe('torch.nn.functional calls against PyTorch', () => {
  const lines = fs
    .readFileSync(path.join(fixturesDir, 'functional.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  for (const line of lines) {
    const c = parseJson(line) as FunctionalCase;
    it(`${c.name}${c.note !== null ? ` (${c.note})` : ''}`, () => check(c));
  }
});
