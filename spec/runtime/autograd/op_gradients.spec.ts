// The operator cases of spec/fixtures/grad_fn/ops.jsonl (made by
// spec/fixtures/make_grad_fn_fixtures.py in PyTorch 1.13.1) run through the registry with their
// floating point tensor arguments requiring grad: each output's grad_fn name, the first node's
// next_functions, and torch.autograd.grad's gradients for fixed output gradients must agree.
// Operators whose derivative is not written yet fail; the floor below is how many agree, raised
// as formulas come.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../../runtime/ops/index.js';
import { grad } from '../../../runtime/autograd/engine.js';
import { gradFnOf } from '../../../runtime/autograd/node.js';
import { bind } from '../../../runtime/ops/dispatch.js';
import { lookup } from '../../../runtime/ops/registry.js';
import { defaultGenerator } from '../../../runtime/random/generator.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';
import { decode, difference, type Tolerance } from '../../support/values.js';

interface GradRecord {
  op: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  requires_grad: bigint[][];
  names: (string | null)[];
  next?: [string | null, bigint][];
  grads?: unknown[];
  grad_error?: { type: string; message: string };
  seed?: bigint;
  tolerance?: Tolerance;
  family: string;
}

/** Cases that agree in everything, out of 1985: raise it as formulas are added. */
const FLOOR = 1379;
const defaultTolerance: Tolerance = { rtol: 1e-4, atol: 1e-5 };

const records = fs
  .readFileSync(path.join(fixturesDir, 'grad_fn', 'ops.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => parseJson(line) as GradRecord);

function leafAt(args: unknown[], at: bigint[]): Tensor {
  let value: unknown = args[Number(at[0])];
  for (const i of at.slice(1)) value = (value as unknown[])[Number(i)];
  if (!(value instanceof Tensor)) throw new Error(`no tensor at ${at.join('.')}`);
  return value;
}

function outputTensors(result: unknown): Tensor[] {
  if (result instanceof Tensor) return [result];
  if (Array.isArray(result)) return result.flatMap(outputTensors);
  return [];
}

/** The fixtures' output gradient: 0.5 to 1.5 evenly over the elements. */
function gradOutput(t: Tensor): Tensor {
  const n = t.numel();
  const steps = Math.max(n, 1);
  const values = Array.from({ length: n }, (_, i) =>
    steps === 1 ? 0.5 : 0.5 + (i * 1.0) / (steps - 1),
  );
  return fromArray(values, t.shape.slice(), t.dtype);
}

/** Why a case disagrees with PyTorch, or null when it agrees. */
function check(rec: GradRecord): string | null {
  const op = lookup(rec.op);
  if (op === undefined) return 'not registered';
  const args = decode(rec.args) as unknown[];
  const inputs = rec.requires_grad.map((at) => leafAt(args, at));
  for (const t of inputs) t.requiresGrad = true;
  const bound = bind(op, args, decode(rec.kwargs) as Record<string, unknown>);
  if (bound === null) return 'arguments not accepted';
  if (rec.seed !== undefined) defaultGenerator.manualSeed(rec.seed);
  const outputs = outputTensors(op.impl(...bound));
  const names = outputs.map((t) => gradFnOf(t)?.name ?? null);
  if (JSON.stringify(names) !== JSON.stringify(rec.names)) {
    return `names ${JSON.stringify(names)} != ${JSON.stringify(rec.names)}`;
  }
  const first = outputs.find((t) => t.gradFn !== null);
  if (first === undefined || rec.next === undefined) return null;
  const next = gradFnOf(first)!.nextEdges.map((e) => [e?.node.name ?? null, e?.inputNr ?? 0]);
  const expectedNext = rec.next.map(([n, i]) => [n, Number(i)]);
  if (JSON.stringify(next) !== JSON.stringify(expectedNext)) {
    return `next ${JSON.stringify(next)} != ${JSON.stringify(expectedNext)}`;
  }
  if (rec.grads === undefined) return null;
  const differentiable = outputs.filter((t) => t.gradFn !== null);
  const grads = grad(
    differentiable,
    inputs,
    differentiable.map(gradOutput),
    { retainGraph: false, createGraph: false },
    true,
  );
  return difference(grads, rec.grads, rec.tolerance ?? defaultTolerance, 'grads');
}

function outcome(rec: GradRecord): string | null {
  try {
    return check(rec);
  } catch (e) {
    return e instanceof Error ? `threw ${e.message.split('\n')[0]}` : 'threw';
  }
}

describe('autograd: PyTorch operator fixtures (grad_fn/ops.jsonl)', () => {
  it(`agree in names, edges and gradients for at least ${FLOOR} cases`, () => {
    const failures = new Map<string, string>();
    let passed = 0;
    for (const rec of records) {
      const why = outcome(rec);
      if (why === null) passed++;
      else if (!failures.has(rec.op)) failures.set(rec.op, why);
    }
    if (process.env.GRAD_FIXTURES_REPORT !== undefined) {
      console.log(`${passed} / ${records.length} agree`);
      for (const [op, why] of failures) console.log(`  ${op}: ${why.slice(0, 200)}`);
    }
    assert.ok(passed >= FLOOR, `${passed} of ${records.length} cases agree, fewer than ${FLOOR}`);
  });
});
