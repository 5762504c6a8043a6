// Sorting and selection along a dimension: sort, argsort, msort, topk, kthvalue, median,
// nanmedian, mode, and the unique family, with their out= overloads. Where equal elements could
// come out in more than one order, the indices follow PyTorch's CPU algorithms
// (kernels/sorting.ts).

import { indexError, notSupported, runtimeError } from '../errors.js';
import { introsort, nthElement, partialSort, quickSelect, type Less } from '../kernels/sorting.js';
import { dtypeInfo, isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { fromArray } from '../tensor/factory.js';
import { normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { writeOut } from './elementwise.js';
import {
  castOut,
  checkOutDtype,
  checkReducedSize,
  keptShape,
  notImplementedFor,
  writeOuts,
} from './reduction.js';
import { def } from './registry.js';

/** The elements of `t` as lines along `dim`, one per position of the other dims (row-major). */
class Lines {
  readonly starts: number[];
  readonly step: number;
  readonly length: number;

  constructor(
    readonly t: Tensor,
    dim: number,
  ) {
    this.length = t.ndim === 0 ? 1 : t.shape[dim];
    this.step = t.ndim === 0 ? 0 : t.strides[dim];
    let starts = [t.offset];
    t.shape.forEach((size, d) => {
      if (d === dim) return;
      const next: number[] = [];
      for (const s of starts) for (let k = 0; k < size; k++) next.push(s + k * t.strides[d]);
      starts = next;
    });
    this.starts = starts;
  }

  get count(): number {
    return this.starts.length;
  }

  read(line: number, into: Float64Array): void {
    const data = this.t.data;
    for (let k = 0, i = this.starts[line]; k < this.length; k++, i += this.step) into[k] = data[i];
  }

  get(line: number, k: number): number {
    return this.t.data[this.starts[line] + k * this.step];
  }

  set(line: number, k: number, v: number): void {
    this.t.data[this.starts[line] + k * this.step] = v;
  }
}

/** Ascending with NaN greatest, as PyTorch's sort comparators order them. */
function ascending(keys: Float64Array): Less {
  return (a, b) => {
    const x = keys[a];
    const y = keys[b];
    return (x === x && y !== y) || x < y;
  };
}

/** Descending with NaN first. */
function descending(keys: Float64Array): Less {
  return (a, b) => {
    const x = keys[a];
    const y = keys[b];
    return (x !== x && y === y) || x > y;
  };
}

/** A stable sort of ids under `less`: equal elements keep their order. */
function stableSort(ids: number[], less: Less): void {
  ids.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : a - b));
}

function iota(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Runs `pick` on every line of `self` along `dim`, with the line's elements in `keys`. */
function eachLine(self: Tensor, dim: number, pick: (keys: Float64Array, line: number) => void) {
  const lines = new Lines(self, dim);
  const keys = new Float64Array(lines.length);
  for (let r = 0; r < lines.count; r++) {
    lines.read(r, keys);
    pick(keys, r);
  }
}

// ---- sort, argsort, msort ----

export function sort(self: Tensor, stable: boolean | null, dim = -1, desc = false): Tensor[] {
  if (stable === null) {
    throw runtimeError(
      'stable.has_value() INTERNAL ASSERT FAILED at "./aten/src/ATen/native/Sorting.cpp":42, please report a bug to PyTorch. sort(): c10::optional<bool> for stable has to have value.',
    );
  }
  const d = normalizeDim(dim, self.ndim);
  const values = Tensor.empty(self.shape, self.dtype, self.device);
  const indices = Tensor.empty(self.shape, 'int64', self.device);
  const [vo, io] = [new Lines(values, d), new Lines(indices, d)];
  eachLine(self, d, (keys, r) => {
    const ids = iota(keys.length);
    const less = desc ? descending(keys) : ascending(keys);
    if (stable) stableSort(ids, less);
    else introsort(ids, 0, ids.length, less);
    ids.forEach((id, k) => {
      vo.set(r, k, keys[id]);
      io.set(r, k, id);
    });
  });
  return [values, indices];
}

function sortOut(
  self: Tensor,
  stable: boolean | null,
  dim: number,
  desc: boolean,
  v: Tensor,
  i: Tensor,
) {
  checkOutDtype(v, self.dtype);
  checkOutDtype(i, 'int64');
  return writeOuts([v, i], sort(self, stable, dim, desc));
}

const argsort = (self: Tensor, stable: boolean, dim: number, desc: boolean) =>
  sort(self, stable, dim, desc)[1];

// ---- topk, kthvalue ----

export function topk(self: Tensor, k: number, dim = -1, largest = true, sorted = true): Tensor[] {
  if (self.dtype === 'bool') throw notImplementedFor('topk_cpu', self.dtype);
  const d = normalizeDim(dim, self.ndim);
  const n = self.ndim === 0 ? 1 : self.shape[d];
  if (k < 0 || k > n) throw runtimeError('selected index k out of range');
  // A 0-dim tensor is its own top 1, even when asked for none.
  if (self.ndim === 0) {
    return [fromArray(self.toArray(), [], self.dtype, self.device), Tensor.empty([], 'int64')];
  }
  const shape = self.shape.map((s, i) => (i === d ? k : s));
  const values = Tensor.empty(shape, self.dtype, self.device);
  const indices = Tensor.empty(shape, 'int64', self.device);
  const [vo, io] = [new Lines(values, d), new Lines(indices, d)];
  if (k === 0) return [values, indices];
  eachLine(self, d, (keys, r) => {
    const ids = iota(n);
    const less = largest ? descending(keys) : ascending(keys);
    // PyTorch's choice between a heap-based partial sort and a selection then a sort.
    if (k * 64 <= n) {
      partialSort(ids, 0, k, n, less);
    } else {
      nthElement(ids, 0, k - 1, n, less);
      if (sorted) introsort(ids, 0, k - 1, less);
    }
    for (let j = 0; j < k; j++) {
      vo.set(r, j, keys[ids[j]]);
      io.set(r, j, ids[j]);
    }
  });
  return [values, indices];
}

function topkOut(
  self: Tensor,
  k: number,
  dim: number,
  largest: boolean,
  sorted: boolean,
  v: Tensor,
  i: Tensor,
) {
  checkOutDtype(v, self.dtype);
  checkOutDtype(i, 'int64');
  return writeOuts([v, i], topk(self, k, dim, largest, sorted));
}

/** A (values, indices) pair of results, one per line, with the line's dim reduced. */
function pickPerLine(
  self: Tensor,
  d: number,
  keepdim: boolean,
  pick: (keys: Float64Array) => number,
): Tensor[] {
  const shape = keptShape(self.shape, [d], keepdim);
  const values = Tensor.empty(shape, self.dtype, self.device);
  const indices = Tensor.empty(shape, 'int64', self.device);
  eachLine(self, d, (keys, r) => {
    const index = pick(keys);
    values.data[r] = keys[index];
    indices.data[r] = index;
  });
  return [values, indices];
}

export function kthvalue(self: Tensor, k: number, dim = -1, keepdim = false): Tensor[] {
  if (self.dtype === 'bool') throw notImplementedFor('kthvalue_cpu', self.dtype);
  const d = normalizeDim(dim, self.ndim);
  checkReducedSize('kthvalue()', self, d);
  const n = self.ndim === 0 ? 1 : self.shape[d];
  if (k < 1 || k > n) {
    throw runtimeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  }
  return pickPerLine(self, d, keepdim, (keys) => {
    const ids = iota(n);
    // PyTorch's "greater or NaN" is the descending comparator.
    quickSelect(ids, k - 1, descending(keys));
    return ids[k - 1];
  });
}

function kthvalueOut(self: Tensor, k: number, dim: number, keepdim: boolean, v: Tensor, i: Tensor) {
  if (v.dtype !== self.dtype) throw runtimeError('output values must be of same type as input');
  if (i.dtype !== 'int64') throw runtimeError('output indices must be of scalar type Long');
  return writeOuts([v, i], kthvalue(self, k, dim, keepdim));
}

// ---- median, nanmedian, mode ----

/** The lower median of all elements; NaN when there is one, unless NaNs are ignored. */
function medianAll(ignoreNan: boolean) {
  return (self: Tensor): Tensor => {
    if (self.dtype === 'bool') throw notImplementedFor('median_cpu', self.dtype);
    // A typed array sorts numerically, NaN last.
    const sorted = Float64Array.from(self.toArray()).sort();
    const firstNan = sorted.findIndex((v) => v !== v);
    const count = firstNan < 0 ? sorted.length : firstNan;
    if (count === 0 && !isFloating(self.dtype)) {
      throw notSupported('median of an empty integer tensor');
    }
    const value = (firstNan >= 0 && !ignoreNan) || count === 0 ? NaN : sorted[(count - 1) >> 1];
    return fromArray([value], [], self.dtype, self.device);
  };
}

/**
 * The lower median along a dim and its index. PyTorch selects it in the order of (value, index),
 * so the index among equal values is determined; median returns the first NaN when there is one,
 * nanmedian puts NaNs last and takes the median of the others.
 */
function medianAlong(ignoreNan: boolean) {
  return (self: Tensor, dim: number, keepdim = false): Tensor[] => {
    if (self.dtype === 'bool') throw notImplementedFor('median_out', self.dtype);
    const d = normalizeDim(dim, self.ndim);
    checkReducedSize('median()', self, d);
    return pickPerLine(self, d, keepdim, (keys) => {
      const firstNan = keys.findIndex((v) => v !== v);
      if (firstNan >= 0 && !ignoreNan) return firstNan;
      const ids = iota(keys.length);
      stableSort(ids, ascending(keys));
      const count = keys.reduce((c, v) => (v === v ? c + 1 : c), 0);
      return ids[Math.max(0, (count - 1) >> 1)];
    });
  };
}

function legacyName(dtype: DType): string {
  return `torch.${dtypeInfo(dtype).legacyName}`;
}

function medianOut(fn: ReturnType<typeof medianAlong>) {
  return (self: Tensor, dim: number, keepdim: boolean, v: Tensor, i: Tensor): Tensor[] => {
    const checking = '(while checking arguments for median)';
    if (v.dtype !== self.dtype) {
      throw runtimeError(
        `Expected tensor for 'values' to have the same type as tensor for argument #2 'self'; but type ${legacyName(v.dtype)} does not equal ${legacyName(self.dtype)} ${checking}`,
      );
    }
    if (i.dtype !== 'int64') {
      throw runtimeError(
        `Expected tensor for argument #1 'indices' to have scalar type Long; but got ${legacyName(i.dtype)} instead ${checking}`,
      );
    }
    return writeOuts([v, i], fn(self, dim, keepdim));
  };
}

/**
 * The most frequent value (the least of those tied) and an index of it: PyTorch sorts (value,
 * index) pairs with std::sort and reports the index that ends the value's run.
 */
export function mode(self: Tensor, dim = -1, keepdim = false): Tensor[] {
  const d = normalizeDim(dim, self.ndim);
  checkReducedSize('mode()', self, d);
  return pickPerLine(self, d, keepdim, (keys) => {
    const n = keys.length;
    const ids = iota(n);
    introsort(ids, 0, n, (a, b) => keys[a] < keys[b]);
    let best = ids[0];
    let bestCount = 0;
    let run = 0;
    for (let i = 0; i < n; i++) {
      run++;
      if (i === n - 1 || keys[ids[i]] !== keys[ids[i + 1]]) {
        if (run > bestCount) {
          best = ids[i];
          bestCount = run;
        }
        run = 0;
      }
    }
    return best;
  });
}

function modeOut(self: Tensor, dim: number, keepdim: boolean, v: Tensor, i: Tensor): Tensor[] {
  const expect = (t: Tensor, dtype: DType, what: string) => {
    if (t.dtype !== dtype) {
      throw runtimeError(
        `expected scalar type '${scalarTypeName(dtype)}' but got '${scalarTypeName(t.dtype)}' for ${what} output`,
      );
    }
  };
  expect(v, self.dtype, 'values');
  expect(i, 'int64', 'indices');
  return writeOuts([v, i], mode(self, dim, keepdim));
}

// ---- unique ----

/** The first element of each run of equal elements of `ids` (already grouped) under `same`. */
function runs(ids: readonly number[], same: (a: number, b: number) => boolean): number[] {
  const starts: number[] = [];
  ids.forEach((id, k) => {
    if (k === 0 || !same(ids[k - 1], id)) starts.push(k);
  });
  return starts;
}

const emptyLong = () => Tensor.empty([0], 'int64');

/** Output, inverse and counts from elements grouped into runs (ids in output order). */
function fromRuns(
  ids: readonly number[],
  starts: readonly number[],
  emit: (firstIds: number[]) => Tensor,
  inverseShape: readonly number[],
): Tensor[] {
  const inverse = Tensor.empty(inverseShape, 'int64');
  const counts = Tensor.empty([starts.length], 'int64');
  starts.forEach((start, g) => {
    const end = g + 1 < starts.length ? starts[g + 1] : ids.length;
    counts.data[g] = end - start;
    for (let k = start; k < end; k++) inverse.data[ids[k]] = g;
  });
  return [emit(starts.map((k) => ids[k])), inverse, counts];
}

/** torch.unique without dim: the sorted distinct elements, each element's group, group sizes. */
export function unique(self: Tensor, sorted: boolean, withInverse: boolean, withCounts: boolean) {
  if (!sorted && self.dtype !== 'bool') {
    // PyTorch returns the order of a C++ hash set, which we do not reproduce.
    throw notSupported('unique with sorted=False');
  }
  const values = self.toArray();
  if (values.some((v) => v !== v)) throw notSupported('unique of a tensor containing NaN');
  const keys = Float64Array.from(values);
  const ids = iota(keys.length);
  stableSort(ids, ascending(keys));
  const starts = runs(ids, (a, b) => keys[a] === keys[b]);
  const emit = (first: number[]) =>
    fromArray(
      first.map((id) => keys[id]),
      [first.length],
      self.dtype,
    );
  const [output, inverse, counts] = fromRuns(ids, starts, emit, self.shape);
  // PyTorch computes the inverse for the counts, and then returns it too.
  const inverseToo = withInverse || withCounts;
  return [output, inverseToo ? inverse : emptyLong(), withCounts ? counts : emptyLong()];
}

/** Checks a dim for unique_dim / unique_consecutive and returns it normalized. */
function uniqueDim(self: Tensor, dim: number): number {
  if (self.ndim === 0) {
    throw indexError('Dimension specified as 0 but tensor has no dimensions');
  }
  const d = normalizeDim(dim, self.ndim);
  if (self.shape.some((s, i) => s === 0 && i !== d)) {
    throw runtimeError(
      "There are 0 sized dimensions, and they aren't selected, so unique cannot be applied",
    );
  }
  return d;
}

/** The slices of `self` along `d` as a comparable view: slice a's r-th element is at(a, r). */
function slices(self: Tensor, d: number) {
  const lines = new Lines(self, d);
  const at = (a: number, r: number) => lines.get(r, a);
  const compare = (a: number, b: number) => {
    for (let r = 0; r < lines.count; r++) {
      const x = at(a, r);
      const y = at(b, r);
      if (x !== y) return x < y ? -1 : x > y ? 1 : NaN;
    }
    return 0;
  };
  /** The slices `picks`, in order, stacked along d. */
  const gather = (picks: number[]) => {
    const shape = self.shape.map((s, i) => (i === d ? picks.length : s));
    const out = new Lines(Tensor.empty(shape, self.dtype, self.device), d);
    picks.forEach((p, k) => {
      for (let r = 0; r < lines.count; r++) out.set(r, k, at(p, r));
    });
    return out.t;
  };
  return { count: lines.length, compare, gather };
}

function uniqueAlong(self: Tensor, dim: number, consecutive: boolean): Tensor[] {
  const d = uniqueDim(self, dim);
  const s = slices(self, d);
  const ids = iota(s.count);
  if (!consecutive) ids.sort((a, b) => s.compare(a, b) || a - b);
  const starts = runs(ids, (a, b) => s.compare(a, b) === 0);
  return fromRuns(ids, starts, s.gather, [s.count]);
}

export function uniqueConsecutive(
  self: Tensor,
  withInverse: boolean,
  withCounts: boolean,
  dim: number | null,
): Tensor[] {
  if (dim !== null) return uniqueAlong(self, dim, true);
  const keys = Float64Array.from(self.toArray());
  const ids = iota(keys.length);
  const starts = runs(ids, (a, b) => keys[a] === keys[b]);
  const emit = (first: number[]) =>
    fromArray(
      first.map((id) => keys[id]),
      [first.length],
      self.dtype,
    );
  const [output, inverse, counts] = fromRuns(ids, starts, emit, self.shape);
  return [output, withInverse ? inverse : emptyLong(), withCounts ? counts : emptyLong()];
}

// ---- registrations ----

def(
  'aten::sort(Tensor self, int dim=-1, bool descending=False) -> (Tensor values, Tensor indices)',
  (self: Tensor, dim: number, desc: boolean) => sort(self, false, dim, desc),
);
def(
  'aten::sort.stable(Tensor self, *, bool? stable, int dim=-1, bool descending=False) -> (Tensor values, Tensor indices)',
  sort,
);
def(
  'aten::sort.values_stable(Tensor self, *, bool? stable, int dim=-1, bool descending=False, Tensor(a!) values, Tensor(b!) indices) -> (Tensor(a!) values, Tensor(b!) indices)',
  sortOut,
);
def(
  'aten::sort.values(Tensor self, int dim=-1, bool descending=False, *, Tensor(a!) values, Tensor(b!) indices) -> (Tensor(a!) values, Tensor(b!) indices)',
  (self: Tensor, dim: number, desc: boolean, v: Tensor, i: Tensor) =>
    sortOut(self, false, dim, desc, v, i),
);
def(
  'aten::argsort(Tensor self, int dim=-1, bool descending=False) -> Tensor',
  (self: Tensor, dim: number, desc: boolean) => argsort(self, false, dim, desc),
);
def(
  'aten::argsort.stable(Tensor self, *, bool stable, int dim=-1, bool descending=False) -> Tensor',
  argsort,
);
def(
  'aten::argsort.stable_out(Tensor self, *, bool stable, int dim=-1, bool descending=False, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, stable: boolean, dim: number, desc: boolean, out: Tensor) =>
    castOut(out, argsort(self, stable, dim, desc)),
);
def('aten::msort(Tensor self) -> Tensor', (self: Tensor) => sort(self, false, 0)[0]);
def(
  'aten::msort.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, out: Tensor) => {
    checkOutDtype(out, self.dtype);
    return writeOut(out, sort(self, false, 0)[0]);
  },
);
def(
  'aten::topk(Tensor self, int k, int dim=-1, bool largest=True, bool sorted=True) -> (Tensor values, Tensor indices)',
  topk,
);
def(
  'aten::topk.values(Tensor self, int k, int dim=-1, bool largest=True, bool sorted=True, *, Tensor(a!) values, Tensor(b!) indices) -> (Tensor(a!) values, Tensor(b!) indices)',
  topkOut,
);
def(
  'aten::kthvalue(Tensor self, int k, int dim=-1, bool keepdim=False) -> (Tensor values, Tensor indices)',
  kthvalue,
);
def(
  'aten::kthvalue.values(Tensor self, int k, int dim=-1, bool keepdim=False, *, Tensor(a!) values, Tensor(b!) indices) -> (Tensor(a!) values, Tensor(b!) indices)',
  kthvalueOut,
);
for (const [name, ignoreNan] of [
  ['median', false],
  ['nanmedian', true],
] as const) {
  const all = medianAll(ignoreNan);
  const along = medianAlong(ignoreNan);
  def(`aten::${name}(Tensor self) -> Tensor`, all);
  def(
    `aten::${name}.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)`,
    along,
  );
  def(
    `aten::${name}.dim_values(Tensor self, int dim, bool keepdim=False, *, Tensor(a!) values, Tensor(b!) indices) -> (Tensor(a!) values, Tensor(b!) indices)`,
    medianOut(along),
  );
  def(
    `aten::${name}.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)`,
    (self: Tensor, out: Tensor) => castOut(out, all(self)),
  );
}
def(
  'aten::mode(Tensor self, int dim=-1, bool keepdim=False) -> (Tensor values, Tensor indices)',
  mode,
);
def(
  'aten::mode.values(Tensor self, int dim=-1, bool keepdim=False, *, Tensor(a!) values, Tensor(b!) indices) -> (Tensor(a!) values, Tensor(b!) indices)',
  modeOut,
);

def(
  'aten::_unique(Tensor self, bool sorted=True, bool return_inverse=False) -> (Tensor, Tensor)',
  (self: Tensor, sorted: boolean, inv: boolean) => unique(self, sorted, inv, false).slice(0, 2),
);
def(
  'aten::_unique.out(Tensor self, bool sorted=True, bool return_inverse=False, *, Tensor(a!) out0, Tensor(b!) out1) -> (Tensor(a!), Tensor(b!))',
  (self: Tensor, sorted: boolean, inv: boolean, o0: Tensor, o1: Tensor) =>
    writeOuts([o0, o1], unique(self, sorted, inv, false)),
);
def(
  'aten::_unique2(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False) -> (Tensor, Tensor, Tensor)',
  unique,
);
def(
  'aten::_unique2.out(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False, *, Tensor(a!) out0, Tensor(b!) out1, Tensor(c!) out2) -> (Tensor(a!), Tensor(b!), Tensor(c!))',
  (self: Tensor, sorted: boolean, inv: boolean, counts: boolean, ...outs: Tensor[]) =>
    writeOuts(outs, unique(self, sorted, inv, counts)),
);
def(
  'aten::unique_consecutive(Tensor self, bool return_inverse=False, bool return_counts=False, int? dim=None) -> (Tensor, Tensor, Tensor)',
  uniqueConsecutive,
);
def(
  'aten::unique_consecutive.out(Tensor self, bool return_inverse=False, bool return_counts=False, int? dim=None, *, Tensor(a!) out0, Tensor(b!) out1, Tensor(c!) out2) -> (Tensor(a!), Tensor(b!), Tensor(c!))',
  (self: Tensor, inv: boolean, counts: boolean, dim: number | null, ...outs: Tensor[]) =>
    writeOuts(outs, uniqueConsecutive(self, inv, counts, dim)),
);
// The sorted flag is ignored: unique_dim always sorts, as in PyTorch.
const uniqueDimOp = (self: Tensor, dim: number) => uniqueAlong(self, dim, false);
def(
  'aten::unique_dim(Tensor self, int dim, bool sorted=True, bool return_inverse=False, bool return_counts=False) -> (Tensor, Tensor, Tensor)',
  uniqueDimOp,
);
def(
  'aten::unique_dim.out(Tensor self, int dim, bool sorted=True, bool return_inverse=False, bool return_counts=False, *, Tensor(a!) out0, Tensor(b!) out1, Tensor(c!) out2) -> (Tensor(a!), Tensor(b!), Tensor(c!))',
  (self: Tensor, dim: number, _s: boolean, _i: boolean, _c: boolean, ...outs: Tensor[]) =>
    writeOuts(outs, uniqueDimOp(self, dim)),
);
