// TorchScript's list operators: indexing and slicing, the mutating methods (append, extend,
// insert, pop, remove, clear, reverse, sort), copies, concatenation and repetition, membership,
// index/count, equality, and min/max/sum/any/all over lists.
//
// A list is a JS array shared by reference, so a method that mutates (`l.append(x)`, `l += m`,
// `l[i] = x`) changes the array every alias sees. Tuples are frozen arrays. Sorting runs
// libstdc++'s std::sort with PyTorch's comparators, so elements that compare neither less nor
// greater (NaN, equal tensors, -0.0 and 0.0) land where PyTorch puts them.

import { indexError, runtimeError, valueError } from '../errors.js';
import { introsort } from '../kernels/sorting.js';
import { Tensor } from '../tensor/tensor.js';
import { parseAnnotation, type Annotation } from './annotation.js';
import { compare } from './comparison.js';
import { toBool } from './conversion.js';
import { printInt, printTensor, streamDouble } from './printing.js';
import { def, defTyped, type ArgTypes } from './registry.js';
import { compareStrings, sliceIndices } from './string.js';

type List = unknown[];

// ---- indexing ----

/** The position of a Python index into a list of `size`, or -1 when out of range. */
function normalize(index: number, size: number): number {
  const i = index < 0 ? size + index : index;
  return i >= 0 && i < size ? i : -1;
}

function getItem(list: List, index: number): unknown {
  const i = normalize(index, list.length);
  if (i < 0) throw indexError('list index out of range');
  return list[i];
}

function setItem(list: List, index: number, value: unknown): List {
  const i = normalize(index, list.length);
  if (i < 0) throw indexError('list index out of range');
  list[i] = value;
  return list;
}

/** list.pop(index); `emptyMessage` is what an empty list raises. */
function popAt(list: List, index: number, emptyMessage: string): unknown {
  if (list.length === 0) throw runtimeError(emptyMessage);
  const item = getItem(list, index);
  list.splice(normalize(index, list.length), 1);
  return item;
}

function insert(list: List, index: number, value: unknown): void {
  const i = index < 0 ? list.length + index : index;
  if (i < 0) list.unshift(value);
  else if (i >= list.length) list.push(value);
  else list.splice(i, 0, value);
}

def('aten::select.t(t[](a) list, int idx) -> t(*)', getItem);
def('aten::__getitem__.t(t[](a) list, int idx) -> t(*)', getItem);
def('aten::_set_item.t(t[](a!) l, int idx, t(b -> *) el) -> t[](a!)', setItem);
def('aten::pop.t(t[](a!) self, int idx=-1) -> t(*)', (list: List, index: number) =>
  popAt(list, index, 'pop from empty list'),
);
def('aten::Delete.t(t[](a!) self, int idx) -> ()', (list: List, index: number) => {
  popAt(list, index, 'pop index out of range');
});
def('aten::insert.t(t[](a!) self, int idx, t(b -> *) el) -> ()', insert);
def('aten::slice.t(t[] l, int? start=None, int? end=None, int step=1) -> t[]', sliceList);
def('aten::len.t(t[] a) -> int', (list: List) => list.length);
def('aten::len.any(Any[] a) -> int', (list: List) => list.length);

function sliceList(list: List, start: number | null, end: number | null, step: number): List {
  return sliceIndices(list.length, start, end, step).map((i) => list[i]);
}

// ---- mutating methods ----

def('aten::append.t(t[](a!) self, t(c -> *) el) -> t[](a!)', (list: List, item: unknown) => {
  list.push(item);
  return list;
});
// Extending a list by itself doubles it, as in Python (PyTorch's loop would never end).
def('aten::extend.t(t[](a!) self, t[] other) -> ()', (list: List, other: List) => {
  list.push(...other.slice());
});
def('aten::add_.t(t[](a!) self, t[] b) -> t[]', (list: List, other: List) => {
  list.push(...other.slice());
  return list;
});
def('aten::clear.t(t[](a!) self) -> ()', (list: List) => {
  list.length = 0;
});
def('aten::reverse.t(t[](a!) self) -> ()', (list: List) => {
  list.reverse();
});
def('aten::mul_.t(t[](a!) l, int n) -> t[](a!)', (list: List, n: number) => {
  const items = list.slice();
  if (n <= 0) list.length = 0;
  for (let i = 1; i < n; i++) list.push(...items);
  return list;
});

// ---- new lists ----

/** std::vector::reserve's length_error, which a negative size (as unsigned) raises. */
function reserveError(): never {
  throw valueError('vector::reserve');
}

/** l * n: PyTorch reserves len(l) * n slots first, which fails for a negative n. */
function repeat(list: List, n: number): List {
  if (list.length > 0 && n < 0) reserveError();
  const out: List = [];
  for (let i = 0; i < n; i++) out.push(...list);
  return out;
}

def('aten::copy.t(t[](a) self) -> t[]', (list: List) => list.slice());
def('aten::list.t(t[] l) -> t[]', (list: List) => list.slice());
def('aten::add.t(t[] a, t[] b) -> t[]', (a: List, b: List) => a.concat(b));
def('aten::mul.left_t(t[] l, int n) -> t[]', repeat);
def('aten::mul.right_(int n, t[] l) -> t[]', (n: number, list: List) => repeat(list, n));
def('prim::rangelist(int n) -> int[]', (n: number) => {
  if (n < 0) reserveError();
  return Array.from({ length: n }, (_, i) => i);
});

// ---- element equality, by element type ----

/** bool(a == b) for two tensors, as PyTorch's list methods test tensor elements. */
export function tensorEquals(a: Tensor, b: Tensor): boolean {
  return toBool(compare('eq', a, b));
}

const tensorLess = (a: Tensor, b: Tensor): boolean => toBool(compare('lt', a, b));

interface ElementKind {
  readonly name: string;
  readonly equals: (a: unknown, b: unknown) => boolean;
  /** The element as PyTorch's messages print it (C++ stream output). */
  readonly print: (v: unknown) => string;
}

const primitiveEquals = (a: unknown, b: unknown) => a === b;

const kinds: readonly ElementKind[] = [
  { name: 'int', equals: primitiveEquals, print: (v) => printInt(v as number) },
  { name: 'float', equals: primitiveEquals, print: (v) => streamDouble(v as number) },
  { name: 'bool', equals: primitiveEquals, print: (v) => (v ? '1' : '0') },
  { name: 'str', equals: primitiveEquals, print: (v) => v as string },
  {
    name: 'Tensor',
    equals: (a, b) => tensorEquals(a as Tensor, b as Tensor),
    print: (v) => printTensor(v as Tensor, 'legacy'),
  },
];

function indexOf(list: List, item: unknown, kind: ElementKind): number {
  return list.findIndex((x) => kind.equals(item, x));
}

for (const kind of kinds) {
  const t = kind.name;
  def(`aten::remove.${t}(${t}[](a!) self, ${t} el) -> ()`, (list: List, item: unknown) => {
    const i = indexOf(list, item, kind);
    if (i < 0) throw runtimeError('list.remove(x): x not in list');
    list.splice(i, 1);
  });
  def(`aten::index.list_${t}(${t}[] self, ${t} el) -> int`, (list: List, item: unknown) => {
    const i = indexOf(list, item, kind);
    if (i < 0) throw runtimeError(`'${kind.print(item)}' is not in list`);
    return i;
  });
  def(`aten::count.${t}(${t}[] self, ${t} el) -> int`, (list: List, item: unknown) => {
    return list.filter((x) => kind.equals(item, x)).length;
  });
}

for (const t of ['int', 'str', 'float']) {
  def(
    `aten::__contains__.${t}_list(${t}[] l, ${t} item) -> bool`,
    (list: List, item: unknown) =>
      list.includes(item) && !(typeof item === 'number' && Number.isNaN(item)),
  );
}

function listEquals(a: List, b: List, equals: (x: unknown, y: unknown) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => equals(x, b[i]));
}

for (const kind of kinds.filter((k) => k.name !== 'Tensor')) {
  const t = kind.name;
  def(`aten::eq.${t}_list(${t}[] a, ${t}[] b) -> bool`, (a: List, b: List) =>
    listEquals(a, b, kind.equals),
  );
  def(
    `aten::ne.${t}_list(${t}[] a, ${t}[] b) -> bool`,
    (a: List, b: List) => !listEquals(a, b, kind.equals),
  );
}
def('aten::eq.Tensor_list(Tensor[] a, Tensor[] b) -> bool', (a: List, b: List) =>
  listEquals(a, b, (x, y) => tensorEquals(x as Tensor, y as Tensor)),
);
def(
  'aten::ne.Tensor_list(Tensor[] a, Tensor[] b) -> bool',
  (a: List, b: List) => !listEquals(a, b, (x, y) => tensorEquals(x as Tensor, y as Tensor)),
);

// ---- sorting ----

type Less = (a: unknown, b: unknown) => boolean;

/**
 * Sorts `list` in place with std::sort under `less`. A comparator that is not a strict weak
 * order (NaN) may walk off the ends in C++; here the ends stop it instead.
 */
function stdSort(list: List, less: Less): void {
  const items = list.slice();
  const ids = items.map((_, i) => i);
  introsort(ids, 0, ids.length, (a, b) => {
    if (a === undefined || b === undefined) return false;
    return less(items[a], items[b]);
  });
  ids.forEach((id, i) => (list[i] = items[id]));
}

/** PyTorch's listSort comparator for int, float, bool and str: equal never orders. */
function primitiveLess(reverse: boolean): Less {
  return (a, b) => {
    if (a === b) return false;
    const less =
      typeof a === 'string' ? compareStrings(a, b as string) < 0 : (a as number) < (b as number);
    return less !== reverse;
  };
}

for (const t of ['int', 'float', 'bool', 'str']) {
  def(`aten::sort.${t}(${t}[](a!) self, bool reverse=False) -> ()`, (list: List, rev: boolean) => {
    stdSort(list, primitiveLess(rev));
  });
  def(`aten::sorted.${t}(${t}[](a) input) -> ${t}[]`, (list: List) => {
    const out = list.slice();
    stdSort(out, primitiveLess(false));
    return out;
  });
}
def(
  'aten::sort.Tensor(Tensor[](a!) self, bool reverse=False) -> ()',
  (list: List, rev: boolean) => {
    stdSort(list, (a, b) => a !== b && tensorLess(a as Tensor, b as Tensor) !== rev);
  },
);
def('aten::sorted.Tensor(Tensor[](a) input) -> Tensor[]', (list: List) => {
  const out = list.slice();
  stdSort(out, (a, b) => tensorLess(a as Tensor, b as Tensor));
  return out;
});

defTyped(
  'aten::sort.any(t[](a!) self, bool reverse=False) -> ()',
  (types: ArgTypes, list: List, rev: boolean) => {
    sortAny(list, parseAnnotation(types.inputs[0]).args[0], rev);
  },
);
defTyped('aten::sorted.any(t[](a) self) -> t[]', (types: ArgTypes, list: List) => {
  const out = list.slice();
  sortAny(out, parseAnnotation(types.inputs[0]).args[0], false);
  return out;
});

/** sort of a list of tuples (or other values): checks that they sort, then std::sort. */
function sortAny(list: List, elem: Annotation, reverse: boolean): void {
  if (list.length === 0) return;
  checkSortable(list, elem);
  const less = lessThan(list[0]);
  stdSort(list, reverse ? (a, b) => less(b, a) : less);
}

/** The type of a value at run time, as PyTorch names it in messages (Optional resolved). */
function runtimeType(value: unknown, ann: Annotation): string {
  if (ann.name === 'Optional') return value === null ? 'NoneType' : runtimeType(value, ann.args[0]);
  return annotationText(ann);
}

function annotationText(ann: Annotation): string {
  if (ann.args.length === 0) return ann.name === 'Tuple' ? 'Tuple[()]' : ann.name;
  return `${ann.name}[${ann.args.map(annotationText).join(', ')}]`;
}

/** A type as IR graphs spell it: int[], (int, str), Dict(str, int), int?. */
function typeText(ann: Annotation): string {
  const args = ann.args.map(typeText);
  switch (ann.name) {
    case 'List':
      return `${args[0]}[]`;
    case 'Tuple':
      return `(${args.join(', ')})`;
    case 'Dict':
      return `Dict(${args.join(', ')})`;
    case 'Optional':
      return `${args[0]}?`;
    default:
      return ann.name;
  }
}

const sortableLeaves = new Set(['int', 'bool', 'float', 'str', 'Tensor']);

function checkSortable(list: List, elem: Annotation): void {
  const first = runtimeType(list[0], elem);
  for (const v of list) {
    const t = runtimeType(v, elem);
    if (t !== first) {
      throw runtimeError(`Only values of same type can be compared. Found ${first} and ${t}`);
    }
  }
  // Lists of ints, strs, ... have their own sort overloads: here only tuples sort.
  const type = elem.name === 'Optional' && list[0] !== null ? elem.args[0] : elem;
  if (type.name === 'Tuple') {
    checkSortableTuple(type);
  } else {
    throw runtimeError(
      `Only list of Tensors, ints, floats, bools, strs, a User Defined Class that defines the __lt__ compare method or Tuples of aforementioned types can be sorted, got list of ${first}`,
    );
  }
}

function checkSortableTuple(tuple: Annotation): void {
  for (const t of tuple.args) {
    if (t.name === 'Tuple') checkSortableTuple(t);
    else if (!sortableLeaves.has(t.name)) {
      throw runtimeError(
        `Contained elements in ${typeText(tuple)} are not sortable. Only Int, Bool, Float, String, Tensor, a User Defined Class with __lt__ method defined or Tuples of aforementionted types can be sorted.`,
      );
    }
  }
}

/** c10::getLessThanComparator for values shaped like `sample`. */
function lessThan(sample: unknown): Less {
  if (sample instanceof Tensor) return (a, b) => tensorLess(a as Tensor, b as Tensor);
  if (typeof sample === 'string') return (a, b) => compareStrings(a as string, b as string) < 0;
  if (!Array.isArray(sample)) return (a, b) => (a as number) < (b as number);
  const lts = sample.map(lessThan);
  const eqs = sample.map((s) =>
    s instanceof Tensor
      ? (a: unknown, b: unknown) => tensorEquals(a as Tensor, b as Tensor)
      : (a: unknown, b: unknown) => a === b,
  );
  return (a, b) => {
    const x = a as List;
    const y = b as List;
    for (let i = 0; i < lts.length; i++) {
      if (lts[i](x[i], y[i])) return true;
      if (!eqs[i](x[i], y[i])) return false;
    }
    return false;
  };
}

// ---- min, max, sum, any, all ----

for (const t of ['int', 'float', 'bool']) {
  // PyTorch pops the right operand first: `a` is r and `b` is l, and ties go to r.
  def(`prim::min.${t}_list(${t}[] l, ${t}[] r) -> ${t}[]`, (b: List, a: List) => {
    const i = a.findIndex((x, k) => k < b.length && x !== b[k]);
    if (i >= 0) return (a[i] as number) < (b[i] as number) ? a : b;
    return b.length < a.length ? b : a;
  });
  def(`prim::max.${t}_list(${t}[] l, ${t}[] r) -> ${t}[]`, (b: List, a: List) => {
    const i = a.findIndex((x, k) => k < b.length && x !== b[k]);
    if (i >= 0) return (a[i] as number) > (b[i] as number) ? a : b;
    return b.length > a.length ? b : a;
  });
  def(`prim::min.self_${t}(${t}[] self) -> ${t}`, (list: number[]) =>
    extreme(list, 'min', (x, m) => x < m),
  );
  def(`prim::max.self_${t}(${t}[] self) -> ${t}`, (list: number[]) =>
    extreme(list, 'max', (x, m) => x > m),
  );
}

function extreme(list: number[], name: string, better: (x: number, m: number) => boolean) {
  if (list.length === 0) throw runtimeError(`${name}() arg is an empty sequence`);
  return list.reduce((m, x) => (better(x, m) ? x : m));
}

// PyTorch sums ints in a 32-bit `int`, so sums wrap at 2^31.
def('aten::sum.int(int[] self) -> int', (list: number[]) => list.reduce((s, x) => (s + x) | 0, 0));
def('aten::sum.float(float[] self) -> float', (list: number[]) => list.reduce((s, x) => s + x, 0));
def('aten::sum.bool(bool[] self) -> int', (list: boolean[]) => list.filter((x) => x).length);

const truthy = (x: unknown) => x !== 0 && x !== false && x !== '';
for (const t of ['int', 'float', 'bool']) {
  def(`aten::all.${t}(${t}[] self) -> bool`, (list: List) => list.every(truthy));
}
for (const t of ['str', 'int', 'float', 'bool']) {
  def(`aten::any.${t}(${t}[] self) -> bool`, (list: List) => list.some(truthy));
}
