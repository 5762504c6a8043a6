// Python indexing (x[index], x[index] = value) against PyTorch: every case of
// spec/fixtures/pyindex.jsonl (made by spec/fixtures/make_pyindex_fixtures.py) must give the same
// values, the same error, and for basic indexing a view with PyTorch's strides and offset that
// shares x's memory; advanced indexing must give a copy.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../../runtime/ops/index.js';
import { TorchError } from '../../../runtime/errors.js';
import { expand } from '../../../runtime/ops/view.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import {
  getItem,
  pyList,
  pySlice,
  setItem,
  type PyIndex,
  type PyIndexItem,
} from '../../../runtime/tensor/pyindex.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';
import { decode, difference } from '../../support/values.js';

interface Layout {
  shape: bigint[];
  stride: bigint[];
  offset: bigint;
  aliases: boolean;
}

interface IndexRecord {
  kind: 'get' | 'set';
  self: unknown;
  index: unknown;
  note?: string;
  expected?: unknown;
  layout?: Layout;
  value?: unknown;
  value_index?: unknown;
  expand?: bigint[];
  after?: unknown;
  error?: { type: string; message: string };
}

const exact = { rtol: 0, atol: 0 };

function decodeIndex(v: unknown): PyIndex {
  if (v !== null && typeof v === 'object' && '$tuple' in v) {
    return (v.$tuple as unknown[]).map(decodeItem);
  }
  return decodeItem(v);
}

function decodeItem(v: unknown): PyIndexItem {
  if (v === null || typeof v !== 'object') return v as PyIndexItem;
  const o = v as Record<string, unknown>;
  if ('$list' in o) return pyList(...(o.$list as unknown[]).map(decodeItem));
  if ('$slice' in o) {
    const [start, stop, step] = o.$slice as (bigint | null)[];
    return pySlice(start, stop, step);
  }
  if ('$ellipsis' in o) return 'ellipsis';
  return decode(v) as Tensor;
}

function label(rec: IndexRecord): string {
  const what = rec.kind === 'get' ? 'x[i]' : 'x[i] = v';
  return `${what} ${JSON.stringify(rec.index, (_, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)).slice(0, 90)}${rec.note ? ` (${rec.note})` : ''}`;
}

function expectError(rec: IndexRecord, run: () => void): boolean {
  try {
    run();
  } catch (e) {
    if (rec.error === undefined || !(e instanceof TorchError)) throw e;
    assert.equal(e.pythonType, rec.error.type);
    assert.equal(e.message.split('\n')[0], rec.error.message);
    return true;
  }
  assert.equal(rec.error, undefined, `expected ${rec.error?.type}: ${rec.error?.message}`);
  return false;
}

function checkLayout(result: Tensor, self: Tensor, layout: Layout): void {
  assert.equal(result.storage === self.storage, layout.aliases, 'shares memory with x');
  assert.deepEqual(result.shape, layout.shape.map(Number));
  // PyTorch's copies here are all contiguous (make_pyindex_fixtures.py has such inputs only).
  if (!layout.aliases) return assert.ok(result.isContiguous(), 'a contiguous copy');
  assert.deepEqual(result.strides, layout.stride.map(Number), 'strides');
  assert.equal(result.offset, Number(layout.offset), 'storage offset');
}

function runGet(rec: IndexRecord): void {
  const self = decode(rec.self) as Tensor;
  let result: Tensor | undefined;
  if (expectError(rec, () => (result = getItem(self, decodeIndex(rec.index))))) return;
  assert.equal(difference(result, rec.expected, exact), null);
  checkLayout(result!, self, rec.layout!);
}

function runSet(rec: IndexRecord): void {
  let self = decode(rec.self) as Tensor;
  if (rec.expand !== undefined) self = expand(self, rec.expand.map(Number));
  const value =
    rec.value_index !== undefined
      ? getItem(self, decodeIndex(rec.value_index))
      : (decode(rec.value) as Tensor);
  if (expectError(rec, () => setItem(self, decodeIndex(rec.index), value))) return;
  assert.equal(difference(self, rec.after, exact, 'x after'), null);
}

describe('Python indexing (pyindex.jsonl)', () => {
  const file = path.join(fixturesDir, 'pyindex.jsonl');
  const records = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => parseJson(line) as IndexRecord);
  records.forEach((rec, i) => {
    it(`${i + 1}: ${label(rec)}`, () => (rec.kind === 'get' ? runGet(rec) : runSet(rec)));
  });
});

describe('Python indexing: the JS forms of an index', () => {
  const x = fromArray([0, 1, 2, 3, 4, 5], [2, 3], 'int64');

  it('takes a number holding an integer as a Python int', () => {
    assert.deepEqual(getItem(x, 1).toArray(), [3, 4, 5]);
    assert.deepEqual(getItem(x, [1n, -1]).toArray(), [5]);
  });

  it('reads a JS array as a tuple and { list } as a list', () => {
    assert.deepEqual(getItem(x, [0, 2]).toArray(), [2]);
    assert.deepEqual(getItem(x, pyList(1, 0)).shape, [2, 3]);
    assert.deepEqual(getItem(x, pyList(1, 0)).toArray(), [3, 4, 5, 0, 1, 2]);
  });

  it('writes a Python scalar through a view, cast to the tensor dtype', () => {
    const y = fromArray([0, 1, 2, 3, 4, 5], [2, 3], 'int64');
    setItem(y, [pySlice(), 1], 7.9);
    assert.deepEqual(y.toArray(), [0, 7, 2, 3, 7, 5]);
  });
});
