// Every operator case PyTorch recorded in spec/fixtures/ops/*.jsonl (made by
// spec/fixtures/make_op_fixtures.py) runs through the registry and must agree: value, dtype and
// shape, or error type and message, and for in-place and out= operators the written arguments.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../../runtime/ops/index.js';
import { lookup } from '../../../runtime/ops/registry.js';
import { bind } from '../../../runtime/ops/dispatch.js';
import { defaultGenerator } from '../../../runtime/random/generator.js';
import { TorchError } from '../../../runtime/errors.js';
import { parseJson } from '../../support/json.js';
import { decode, difference, type Tolerance } from '../../support/values.js';
import { toFixture, toRuntime } from '../../support/typed.js';
import { fixturesDir } from '../../support/paths.js';
import type { Argument, SchemaType } from '../../../runtime/ops/schema.js';

interface Record {
  op: string;
  args: unknown[];
  kwargs: { [name: string]: unknown };
  /** Static types of the arguments and result, for non-tensor operators (spec/support/typed.ts). */
  types?: { inputs: string[]; output: string };
  seed?: bigint;
  note?: string;
  tolerance?: { rtol: number; atol: number };
  expected?: unknown;
  error?: { type: string; message: string };
  after?: unknown[];
  kwargs_after?: { [name: string]: unknown };
}

const defaultTolerance: Tolerance = { rtol: 1.3e-6, atol: 1e-5 };
const dir = path.join(fixturesDir, 'ops');

for (const file of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()) {
  describe(`operator fixtures: ${file}`, () => {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean);
    lines.forEach((line, i) => {
      const rec = parseJson(line) as Record;
      it(`${i + 1}: ${rec.op}${rec.note ? ` (${rec.note})` : ''}`, () => runCase(rec));
    });
  });
}

function runCase(rec: Record): void {
  const op = lookup(rec.op);
  assert.ok(op, `${rec.op} is not registered`);
  const types = rec.types;
  const decoded = decode(rec.args) as unknown[];
  const args = types ? decoded.map((a, i) => toRuntime(a, types.inputs[i])) : decoded;
  const kwargs = decode(rec.kwargs) as { [name: string]: unknown };
  const bound = bind(op, args, kwargs);
  assert.ok(bound, `${rec.op} does not accept the recorded arguments`);
  if (rec.seed !== undefined) defaultGenerator.manualSeed(rec.seed);
  const tol = rec.tolerance ?? defaultTolerance;
  let result: unknown;
  try {
    if (op.typed) assert.ok(types, `${rec.op} needs the static types of its arguments`);
    result = op.typed ? op.impl(types, ...bound) : op.impl(...bound);
  } catch (e) {
    if (rec.error === undefined || !(e instanceof TorchError)) throw e;
    assert.equal(e.pythonType, rec.error.type);
    assert.equal(e.message.split('\n')[0], rec.error.message);
    return;
  }
  assert.equal(rec.error, undefined, `expected ${rec.error?.type}: ${rec.error?.message}`);
  const actual = types ? toFixture(result, types.output) : asPython(result, op.schema.returns);
  assert.equal(difference(actual, rec.expected, tol), null);
  const after = types ? args.map((a, i) => toFixture(a, types.inputs[i])) : args;
  if (rec.after !== undefined) assert.equal(difference(after, rec.after, tol, 'argument'), null);
  for (const [name, value] of Object.entries(rec.kwargs_after ?? {})) {
    assert.equal(difference(kwargs[name], value, tol, name), null);
  }
}

const intLike = new Set(['int', 'SymInt', 'Layout', 'ScalarType', 'MemoryFormat']);

/** Implementations return `int` results as JS numbers; the fixtures hold Python ints (bigints). */
function asPython(result: unknown, returns: readonly Argument[]): unknown {
  if (returns.length !== 1) return result;
  const toInt = (v: unknown, t: SchemaType): unknown => {
    if (t.kind === 'base' && intLike.has(t.name) && typeof v === 'number') return BigInt(v);
    if (t.kind === 'list' && Array.isArray(v)) return v.map((x) => toInt(x, t.elem));
    if (t.kind === 'optional') return toInt(v, t.elem);
    return v;
  };
  return toInt(result, returns[0].type);
}
