// Views alias their base: they share its storage, writes through either are seen by the other,
// and their sizes, strides and storage offsets are PyTorch's (spec/fixtures/view_strides.jsonl,
// made by spec/fixtures/make_pyindex_fixtures.py from the cases of ops/view.py and ops/join.py).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../../runtime/ops/index.js';
import { TorchError } from '../../../runtime/errors.js';
import { bind, call } from '../../../runtime/ops/dispatch.js';
import { lookup } from '../../../runtime/ops/registry.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import { getItem, pySlice, setItem } from '../../../runtime/tensor/pyindex.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';
import { decode } from '../../support/values.js';

interface ResultLayout {
  shape: bigint[];
  stride: bigint[];
  offset: bigint;
  aliases: bigint;
}

interface StrideRecord {
  op: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  results: ResultLayout[];
}

function tensorsOf(values: readonly unknown[]): Tensor[] {
  return values.flatMap((v) => (v instanceof Tensor ? [v] : Array.isArray(v) ? tensorsOf(v) : []));
}

function checkLayouts(rec: StrideRecord): void {
  const op = lookup(rec.op);
  assert.ok(op, `${rec.op} is not registered`);
  const args = decode(rec.args) as unknown[];
  const bound = bind(op, args, decode(rec.kwargs) as Record<string, unknown>);
  assert.ok(bound, `${rec.op} does not accept the recorded arguments`);
  const inputs = tensorsOf(args);
  const result = op.impl(...bound);
  const results = (Array.isArray(result) ? result : [result]) as Tensor[];
  assert.equal(results.length, rec.results.length);
  results.forEach((r, i) => {
    const want = rec.results[i];
    const where = `result ${i}`;
    assert.deepEqual(r.shape, want.shape.map(Number), `${where}: shape`);
    assert.deepEqual(r.strides, want.stride.map(Number), `${where}: strides`);
    assert.equal(r.offset, Number(want.offset), `${where}: storage offset`);
    const shared = inputs.findIndex((t) => t.storage === r.storage);
    assert.equal(shared, Number(want.aliases), `${where}: the input whose memory it shares`);
  });
}

describe('view layouts and aliasing (view_strides.jsonl)', () => {
  const lines = fs
    .readFileSync(path.join(fixturesDir, 'view_strides.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  lines.forEach((line, i) => {
    const rec = parseJson(line) as StrideRecord;
    it(`${i + 1}: ${rec.op}`, () => checkLayouts(rec));
  });
});

describe('aliasing through views and setitem', () => {
  /** x = torch.arange(6).view(2, 3) */
  const arange23 = () =>
    call('view', [fromArray([0, 1, 2, 3, 4, 5], [6], 'int64'), [2, 3]]) as Tensor;
  const values = (t: Tensor) => t.toArray();

  it('an in-place op on a selected row changes the base', () => {
    const x = arange23();
    const y = getItem(x, 0);
    assert.equal(y.storage, x.storage);
    call('add_', [y, 10n]);
    assert.deepEqual(values(x), [10, 11, 12, 3, 4, 5]);
  });

  it('a write to the base is seen through its views', () => {
    const x = arange23();
    const column = getItem(x, [pySlice(), 1]);
    setItem(x, [1, 1], 40n);
    assert.deepEqual(values(column), [1, 40]);
  });

  it('x.t() is a view with swapped strides, written through both ways', () => {
    const x = arange23();
    const t = call('t', [x]) as Tensor;
    assert.deepEqual(t.shape, [3, 2]);
    assert.deepEqual(t.strides, [1, 3]);
    assert.equal(t.isContiguous(), false);
    setItem(t, [0, 1], 100n);
    assert.deepEqual(values(x), [0, 1, 2, 100, 4, 5]);
  });

  it('x[1] = 0 writes through setitem', () => {
    const x = arange23();
    setItem(x, 1, 0n);
    assert.deepEqual(values(x), [0, 1, 2, 0, 0, 0]);
  });

  it('x[0:1] += y: get a view, add in place, set it back', () => {
    const x = arange23();
    const y = fromArray([1, 2, 3], [3], 'int64');
    const part = getItem(x, pySlice(0, 1));
    const updated = call('add_', [part, y]) as Tensor;
    assert.equal(updated, part);
    setItem(x, pySlice(0, 1), updated);
    assert.deepEqual(values(x), [1, 3, 5, 3, 4, 5]);
  });

  it('x[idx] += 1 with advanced indexing: a copy, added to, put back', () => {
    const x = arange23();
    const idx = fromArray([1, 1], [2], 'int64');
    const rows = getItem(x, idx);
    assert.notEqual(rows.storage, x.storage);
    call('add_', [rows, 1n]);
    assert.deepEqual(values(x), [0, 1, 2, 3, 4, 5], 'the copy does not write through');
    setItem(x, idx, rows);
    assert.deepEqual(values(x), [0, 1, 2, 4, 5, 6]);
  });

  it('x[mask] = 0 writes the selected elements', () => {
    const x = arange23();
    setItem(x, call('gt', [x, 2n]) as Tensor, 0n);
    assert.deepEqual(values(x), [0, 1, 2, 0, 0, 0]);
  });

  it('expand makes stride-0 views; contiguous then copies', () => {
    const x = arange23();
    const e = call('expand', [getItem(x, 0), [4, 3]]) as Tensor;
    assert.deepEqual(e.strides, [0, 1]);
    assert.equal(e.storage, x.storage);
    const c = call('contiguous', [e]) as Tensor;
    assert.notEqual(c.storage, x.storage);
    assert.deepEqual(c.strides, [3, 1]);
    assert.deepEqual(values(c), [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    setItem(c, [0, 0], 9n);
    assert.equal(x.toArray()[0], 0);
    assert.equal(call('contiguous', [x]), x, 'a contiguous tensor is returned as is');
  });

  it('unsqueeze_, t_ and squeeze_ change the tensor itself, keeping its storage', () => {
    const x = arange23();
    const storage = x.storage;
    assert.equal(call('unsqueeze_', [x, 0]), x);
    assert.deepEqual(
      [x.shape, x.strides],
      [
        [1, 2, 3],
        [6, 3, 1],
      ],
    );
    assert.equal(call('squeeze_', [x]), x);
    assert.equal(call('t_', [x]), x);
    assert.deepEqual(
      [x.shape, x.strides],
      [
        [3, 2],
        [1, 3],
      ],
    );
    assert.equal(x.storage, storage);
  });

  it("view refuses strides it cannot express, in PyTorch's words", () => {
    const t = call('t', [arange23()]) as Tensor;
    assert.throws(
      () => call('view', [t, [6]]),
      (e: unknown) =>
        e instanceof TorchError &&
        e.message ===
          "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  });

  it('reshape views when the strides allow it and copies only otherwise', () => {
    const x = arange23();
    const r = call('reshape', [x, [3, 2]]) as Tensor;
    assert.equal(r.storage, x.storage);
    const t = call('t', [x]) as Tensor;
    assert.equal((call('reshape', [t, [3, 2, 1]]) as Tensor).storage, x.storage);
    const flat = call('reshape', [t, [6]]) as Tensor;
    assert.notEqual(flat.storage, x.storage);
    assert.deepEqual(values(flat), [0, 3, 1, 4, 2, 5]);
  });

  it('split, chunk, unbind and diagonal give views of the input', () => {
    const x = arange23();
    for (const name of ['unbind', 'chunk']) {
      const parts = (name === 'chunk' ? call(name, [x, 2n]) : call(name, [x])) as Tensor[];
      parts.forEach((p) => assert.equal(p.storage, x.storage));
    }
    const [, second] = call('split', [x, 2n, 1n]) as Tensor[];
    call('fill_', [second, 7n]);
    assert.deepEqual(values(x), [0, 1, 7, 3, 4, 7]);
    const d = call('diagonal', [x]) as Tensor;
    call('mul_', [d, 0n]);
    assert.deepEqual(values(x), [0, 1, 7, 3, 0, 7]);
  });

  it('clone keeps a transposed layout and owns new memory', () => {
    const t = call('t', [arange23()]) as Tensor;
    const c = call('clone', [t]) as Tensor;
    assert.deepEqual(c.strides, [1, 3]);
    assert.notEqual(c.storage, t.storage);
    assert.deepEqual(values(c), values(t));
  });
});
