// The selection and sorting algorithms of libstdc++ (GCC 12), replayed step for step. PyTorch's
// CPU topk calls std::partial_sort or std::nth_element + std::sort, which are not stable: equal
// keys come out in an order that only the same sequence of comparisons and swaps reproduces.
// multinomial without replacement ranks its samples with topk, so ties (zero probabilities) need it.

/** Orders items; `before(x, y)` is the strict weak ordering (`comp` in the C++ library). */
export type Before = (x: number, y: number) => boolean;

/** An array of item ids being arranged, with the ordering on ids. */
interface Range {
  readonly a: Int32Array | number[];
  readonly before: Before;
}

function swap(r: Range, i: number, j: number): void {
  const t = r.a[i];
  r.a[i] = r.a[j];
  r.a[j] = t;
}

const less = (r: Range, i: number, j: number) => r.before(r.a[i], r.a[j]);

function floorLog2(n: number): number {
  return 31 - Math.clz32(n);
}

// ---- heaps (std::__adjust_heap, __push_heap, __make_heap, __pop_heap) ----

function pushHeap(r: Range, first: number, hole: number, top: number, value: number): void {
  let parent = Math.trunc((hole - 1) / 2);
  while (hole > top && r.before(r.a[first + parent], value)) {
    r.a[first + hole] = r.a[first + parent];
    hole = parent;
    parent = Math.trunc((hole - 1) / 2);
  }
  r.a[first + hole] = value;
}

function adjustHeap(r: Range, first: number, hole: number, len: number, value: number): void {
  const top = hole;
  let child = hole;
  while (child < Math.trunc((len - 1) / 2)) {
    child = 2 * (child + 1);
    if (less(r, first + child, first + child - 1)) child--;
    r.a[first + hole] = r.a[first + child];
    hole = child;
  }
  if ((len & 1) === 0 && child === Math.trunc((len - 2) / 2)) {
    child = 2 * (child + 1);
    r.a[first + hole] = r.a[first + child - 1];
    hole = child - 1;
  }
  pushHeap(r, first, hole, top, value);
}

function makeHeap(r: Range, first: number, last: number): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = Math.trunc((len - 2) / 2); ; parent--) {
    adjustHeap(r, first, parent, len, r.a[first + parent]);
    if (parent === 0) return;
  }
}

function popHeap(r: Range, first: number, last: number, result: number): void {
  const value = r.a[result];
  r.a[result] = r.a[first];
  adjustHeap(r, first, 0, last - first, value);
}

function heapSelect(r: Range, first: number, middle: number, last: number): void {
  makeHeap(r, first, middle);
  for (let i = middle; i < last; i++) if (less(r, i, first)) popHeap(r, first, middle, i);
}

function sortHeap(r: Range, first: number, last: number): void {
  while (last - first > 1) {
    last--;
    popHeap(r, first, last, last);
  }
}

// ---- insertion sorts ----

function unguardedLinearInsert(r: Range, last: number): void {
  const value = r.a[last];
  let next = last - 1;
  while (r.before(value, r.a[next])) {
    r.a[last] = r.a[next];
    last = next;
    next--;
  }
  r.a[last] = value;
}

function insertionSort(r: Range, first: number, last: number): void {
  if (first === last) return;
  for (let i = first + 1; i < last; i++) {
    if (less(r, i, first)) {
      const value = r.a[i];
      for (let j = i; j > first; j--) r.a[j] = r.a[j - 1];
      r.a[first] = value;
    } else {
      unguardedLinearInsert(r, i);
    }
  }
}

const threshold = 16;

function finalInsertionSort(r: Range, first: number, last: number): void {
  if (last - first > threshold) {
    insertionSort(r, first, first + threshold);
    for (let i = first + threshold; i < last; i++) unguardedLinearInsert(r, i);
  } else {
    insertionSort(r, first, last);
  }
}

// ---- quicksort partitioning ----

function moveMedianToFirst(r: Range, result: number, a: number, b: number, c: number): void {
  if (less(r, a, b)) {
    if (less(r, b, c)) swap(r, result, b);
    else if (less(r, a, c)) swap(r, result, c);
    else swap(r, result, a);
  } else if (less(r, a, c)) swap(r, result, a);
  else if (less(r, b, c)) swap(r, result, c);
  else swap(r, result, b);
}

function unguardedPartition(r: Range, first: number, last: number, pivot: number): number {
  for (;;) {
    while (less(r, first, pivot)) first++;
    last--;
    while (less(r, pivot, last)) last--;
    if (!(first < last)) return first;
    swap(r, first, last);
    first++;
  }
}

function partitionPivot(r: Range, first: number, last: number): number {
  const mid = first + Math.trunc((last - first) / 2);
  moveMedianToFirst(r, first, first + 1, mid, last - 1);
  return unguardedPartition(r, first + 1, last, first);
}

function introsortLoop(r: Range, first: number, last: number, depth: number): void {
  while (last - first > threshold) {
    if (depth === 0) {
      heapSelect(r, first, last, last);
      sortHeap(r, first, last);
      return;
    }
    depth--;
    const cut = partitionPivot(r, first, last);
    introsortLoop(r, cut, last, depth);
    last = cut;
  }
}

// ---- the public algorithms, on a whole array of ids ----

/** std::sort(a + first, a + last, before). */
export function stdSort(
  a: Int32Array | number[],
  before: Before,
  first = 0,
  last = a.length,
): void {
  if (first === last) return;
  const r = { a, before };
  introsortLoop(r, first, last, floorLog2(last - first) * 2);
  finalInsertionSort(r, first, last);
}

/** std::partial_sort(a, a + middle, a + length, before). */
export function stdPartialSort(a: Int32Array | number[], middle: number, before: Before): void {
  const r = { a, before };
  heapSelect(r, 0, middle, a.length);
  sortHeap(r, 0, middle);
}

/** std::nth_element(a, a + nth, a + length, before). */
export function stdNthElement(a: Int32Array | number[], nth: number, before: Before): void {
  let first = 0;
  let last = a.length;
  if (first === last || nth === last) return;
  const r = { a, before };
  let depth = floorLog2(last - first) * 2;
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(r, first, nth + 1, last);
      swap(r, first, nth);
      return;
    }
    depth--;
    const cut = partitionPivot(r, first, last);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(r, first, last);
}

/**
 * The indices of the k largest values, largest first, with ties broken as PyTorch's CPU topk
 * breaks them (NaN counts as largest).
 */
export function topkIndices(values: ArrayLike<number>, k: number): Int32Array {
  const n = values.length;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  if (k === 0) return ids.subarray(0, 0);
  const greater: Before = (x, y) => {
    const vx = values[x];
    const vy = values[y];
    return (vx !== vx && vy === vy) || vx > vy;
  };
  if (k * 64 <= n) {
    stdPartialSort(ids, k, greater);
  } else {
    stdNthElement(ids, k - 1, greater);
    stdSort(ids, greater, 0, k - 1);
  }
  return ids.subarray(0, k);
}
