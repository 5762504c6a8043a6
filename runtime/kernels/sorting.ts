// The sorting and selection algorithms of the C++ standard library PyTorch's CPU kernels call
// (libstdc++'s introsort, introselect and heap-based partial sort), and PyTorch's own quickselect.
// For equal keys these leave elements in an order that depends on the algorithm, and PyTorch shows
// that order through the indices it returns (sort's default, topk, kthvalue, mode), so we follow
// the same steps to return the same indices.
//
// Every function permutes `ids`, an array of element ids, and compares ids with `less`.

export type Less = (a: number, b: number) => boolean;

/** Runs at most this long are finished by insertion sort, in sort and nth_element alike. */
const threshold = 16;

function swap(ids: number[], i: number, j: number): void {
  const t = ids[i];
  ids[i] = ids[j];
  ids[j] = t;
}

function floorLog2(n: number): number {
  return 31 - Math.clz32(n);
}

/** Moves the median of ids[a], ids[b], ids[c] to position `to`. */
function medianToFirst(ids: number[], to: number, a: number, b: number, c: number, less: Less) {
  const [x, y, z] = [ids[a], ids[b], ids[c]];
  let pick: number;
  if (less(x, y)) pick = less(y, z) ? b : less(x, z) ? c : a;
  else pick = less(x, z) ? a : less(y, z) ? c : b;
  swap(ids, to, pick);
}

/** Hoare partition of [first, last) around the pivot held at `pivot`, with no bounds checks. */
function partitionAround(ids: number[], first: number, last: number, pivot: number, less: Less) {
  for (;;) {
    while (less(ids[first], ids[pivot])) first++;
    last--;
    while (less(ids[pivot], ids[last])) last--;
    if (first >= last) return first;
    swap(ids, first, last);
    first++;
  }
}

/** Median-of-three pivot moved to `first`, then partitions the rest; returns the cut. */
function partitionByMedian(ids: number[], first: number, last: number, less: Less): number {
  const mid = first + Math.floor((last - first) / 2);
  medianToFirst(ids, first, first + 1, mid, last - 1, less);
  return partitionAround(ids, first + 1, last, first, less);
}

// ---- heaps (a max-heap under `less`, rooted at `first`) ----

function siftDown(
  ids: number[],
  first: number,
  hole: number,
  len: number,
  value: number,
  less: Less,
) {
  const top = hole;
  let child = hole;
  while (child < Math.floor((len - 1) / 2)) {
    child = 2 * (child + 1);
    if (less(ids[first + child], ids[first + child - 1])) child--;
    ids[first + hole] = ids[first + child];
    hole = child;
  }
  if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
    child = 2 * (child + 1);
    ids[first + hole] = ids[first + child - 1];
    hole = child - 1;
  }
  // Then sifts `value` up from the hole, as push_heap does.
  let parent = Math.floor((hole - 1) / 2);
  while (hole > top && less(ids[first + parent], value)) {
    ids[first + hole] = ids[first + parent];
    hole = parent;
    parent = Math.floor((hole - 1) / 2);
  }
  ids[first + hole] = value;
}

function makeHeap(ids: number[], first: number, last: number, less: Less): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = Math.floor((len - 2) / 2); ; parent--) {
    siftDown(ids, first, parent, len, ids[first + parent], less);
    if (parent === 0) return;
  }
}

/** Moves the heap's top to `result` and re-heaps [first, last) with the element from `result`. */
function popHeap(ids: number[], first: number, last: number, result: number, less: Less): void {
  const value = ids[result];
  ids[result] = ids[first];
  siftDown(ids, first, 0, last - first, value, less);
}

/** Leaves in [first, middle) a heap of the middle - first least elements of [first, last). */
function heapSelect(ids: number[], first: number, middle: number, last: number, less: Less) {
  makeHeap(ids, first, middle, less);
  for (let i = middle; i < last; i++) {
    if (less(ids[i], ids[first])) popHeap(ids, first, middle, i, less);
  }
}

function sortHeap(ids: number[], first: number, last: number, less: Less): void {
  while (last - first > 1) {
    last--;
    popHeap(ids, first, last, last, less);
  }
}

/** std::partial_sort: the least middle - first elements, sorted, in [first, middle). */
export function partialSort(
  ids: number[],
  first: number,
  middle: number,
  last: number,
  less: Less,
) {
  heapSelect(ids, first, middle, last, less);
  sortHeap(ids, first, middle, less);
}

// ---- insertion sort ----

/** Inserts ids[last] into the sorted run before it; an element not below it must exist there. */
function linearInsert(ids: number[], last: number, less: Less): void {
  const value = ids[last];
  let next = last - 1;
  while (less(value, ids[next])) {
    ids[last] = ids[next];
    last = next;
    next--;
  }
  ids[last] = value;
}

function insertionSort(ids: number[], first: number, last: number, less: Less): void {
  if (first === last) return;
  for (let i = first + 1; i < last; i++) {
    if (less(ids[i], ids[first])) {
      const value = ids[i];
      ids.copyWithin(first + 1, first, i);
      ids[first] = value;
    } else {
      linearInsert(ids, i, less);
    }
  }
}

// ---- std::sort and std::nth_element ----

function introsortLoop(ids: number[], first: number, last: number, depth: number, less: Less) {
  while (last - first > threshold) {
    if (depth === 0) {
      partialSort(ids, first, last, last, less);
      return;
    }
    depth--;
    const cut = partitionByMedian(ids, first, last, less);
    introsortLoop(ids, cut, last, depth, less);
    last = cut;
  }
}

/** std::sort: unstable, and for runs of at most 16 elements, an insertion sort (so stable). */
export function introsort(ids: number[], first: number, last: number, less: Less): void {
  if (first === last) return;
  introsortLoop(ids, first, last, 2 * floorLog2(last - first), less);
  if (last - first > threshold) {
    insertionSort(ids, first, first + threshold, less);
    for (let i = first + threshold; i < last; i++) linearInsert(ids, i, less);
  } else {
    insertionSort(ids, first, last, less);
  }
}

/** std::nth_element: ids[nth] is the element a sort would put there, lesser ones before it. */
export function nthElement(ids: number[], first: number, nth: number, last: number, less: Less) {
  if (first === last || nth === last) return;
  let depth = 2 * floorLog2(last - first);
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(ids, first, nth + 1, last, less);
      swap(ids, first, nth);
      return;
    }
    depth--;
    const cut = partitionByMedian(ids, first, last, less);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(ids, first, last, less);
}

/**
 * PyTorch's quick_select_template (kthvalue): puts the k-th least element at position k, with
 * `greater` the strict order (NaN greatest). Median of three, then a two-sided scan.
 */
export function quickSelect(ids: number[], k: number, greater: Less): void {
  let lo = 0;
  let hi = ids.length - 1;
  for (;;) {
    if (hi <= lo) return;
    if (hi === lo + 1) {
      if (greater(ids[lo], ids[hi])) swap(ids, lo, hi);
      return;
    }
    const mid = lo + Math.floor((hi - lo) / 2);
    swap(ids, mid, lo + 1);
    if (greater(ids[lo + 1], ids[hi])) swap(ids, lo + 1, hi);
    if (greater(ids[lo], ids[hi])) swap(ids, lo, hi);
    if (greater(ids[lo + 1], ids[lo])) swap(ids, lo + 1, lo);
    let i = lo + 1;
    let j = hi;
    const pivot = ids[lo];
    for (;;) {
      do i++;
      while (greater(pivot, ids[i]));
      do j--;
      while (greater(ids[j], pivot));
      if (j < i) break;
      swap(ids, i, j);
    }
    swap(ids, lo, j);
    if (j <= k) lo = i;
    if (j >= k) hi = j - 1;
  }
}
