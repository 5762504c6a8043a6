// Reduction and scan loops, generated once per operator and dtype combination, as pointwise.ts
// generates elementwise loops. A reduction kernel is an accumulator described by JS expressions:
// its starting value, its update by one element, how two partial accumulators merge, and the final
// value. The generated loop splits the input's dimensions into kept ("outer") and reduced ("inner")
// groups, merges adjacent dimensions where the strides allow, and picks one of three walks:
//
// - the reduced elements of each output are contiguous: a tight loop with four independent
//   accumulators (when the kernel can merge partial results), so sums pipeline;
// - the reduced dimensions lie outside a contiguous row of outputs (sum over dim 0 of a matrix):
//   whole rows are accumulated at once into a buffer, reading memory in order;
// - anything else: a strided walk per output element.
//
// Accumulators are JS numbers (doubles): float32 sums are more accurate than PyTorch's cascade of
// float32 partial sums, and agree with it within the fixtures' tolerance.

import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { castExpr } from './pointwise.js';

/** Builds a JS expression from the names of its operands (and the compute dtype). */
export type Template = (x: string, y: string, compute: DType) => string;

export interface ReduceKernel {
  /** Names the compiled loops in the cache: one name, one kernel. */
  readonly name: string;
  /** The accumulator's starting value. */
  readonly init: string | ((compute: DType) => string);
  /** The accumulator after one more element: (acc, a) => expression. */
  readonly update: Template;
  /** Merges two partial accumulators; kernels that have it run independent lanes. */
  readonly combine?: Template;
  /** The output from the accumulator and the reduced element count `n`; default: acc. */
  readonly finish?: Template;
  /**
   * A first pass over the same elements whose finished value the main pass reads as `m`
   * (the mean for var, the maximum for logsumexp).
   */
  readonly prepass?: ReduceKernel;
  /** Functions the expressions may call by name. */
  readonly helpers?: Readonly<Record<string, (...args: number[]) => number>>;
}

/** Reductions that pick one element (argmax, max.dim): they keep its value and its index. */
export interface ArgReduceKernel {
  readonly name: string;
  /** Whether element `a` displaces the current pick `best`: (a, best) => boolean expression. */
  readonly better: Template;
}

/** The kept and reduced dimensions of a reduction, each merged where strides allow. */
interface Split {
  outerShape: number[];
  outerStrides: number[];
  innerShape: number[];
  innerStrides: number[];
  outerNumel: number;
  innerNumel: number;
}

function mergeDims(shape: readonly number[], strides: readonly number[]) {
  const dims: number[] = [];
  const steps: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && steps[last] === strides[d] * shape[d]) {
      dims[last] *= shape[d];
      steps[last] = strides[d];
    } else {
      dims.push(shape[d]);
      steps.push(strides[d]);
    }
  }
  return { dims, steps };
}

function split(input: Tensor, reduced: readonly number[]): Split {
  const isReduced = input.shape.map((_, d) => reduced.includes(d));
  const pick = (want: boolean, of: readonly number[]) => of.filter((_, d) => isReduced[d] === want);
  const outer = mergeDims(pick(false, input.shape), pick(false, input.strides));
  const inner = mergeDims(pick(true, input.shape), pick(true, input.strides));
  const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  return {
    outerShape: outer.dims,
    outerStrides: outer.steps,
    innerShape: inner.dims,
    innerStrides: inner.steps,
    outerNumel: count(pick(false, input.shape)),
    innerNumel: count(pick(true, input.shape)),
  };
}

type Compiled = (
  out: TypedArray,
  input: TypedArray,
  offset: number,
  s: Split,
  ...p: number[]
) => void;
type CompiledArg = (
  values: TypedArray | null,
  indices: TypedArray | null,
  input: TypedArray,
  offset: number,
  s: Split,
) => void;

const cache = new Map<string, Compiled>();
const argCache = new Map<string, CompiledArg>();

/**
 * Reduces `input` over the dimensions `reduced` into `out`, a contiguous tensor holding one
 * element per kept position (in the input's order; keepdim's extra 1s do not matter).
 */
export function runReduce(
  kernel: ReduceKernel,
  out: Tensor,
  input: Tensor,
  reduced: readonly number[],
  compute: DType,
  params: readonly number[] = [],
): void {
  const key = `${kernel.name}|${input.dtype}|${compute}|${out.dtype}|${params.length}`;
  let fn = cache.get(key);
  if (fn === undefined) {
    fn = compileReduce(kernel, input.dtype, compute, out.dtype, params.length);
    cache.set(key, fn);
  }
  fn(out.data, input.data, input.offset, split(input, reduced), ...params);
}

/** Like runReduce for a picking kernel; either output may be null when the caller needs one. */
export function runArgReduce(
  kernel: ArgReduceKernel,
  values: Tensor | null,
  indices: Tensor | null,
  input: Tensor,
  reduced: readonly number[],
): void {
  const key = `${kernel.name}|${input.dtype}`;
  let fn = argCache.get(key);
  if (fn === undefined) {
    fn = compileArgReduce(kernel, input.dtype);
    argCache.set(key, fn);
  }
  fn(values?.data ?? null, indices?.data ?? null, input.data, input.offset, split(input, reduced));
}

// ---- code generation ----

const prologue = `
  const { outerShape, outerStrides, innerShape, innerStrides, outerNumel, innerNumel } = s;
  if (outerNumel === 0) return;
  const no = outerShape.length, ni = innerShape.length;
  const oidx = new Array(no).fill(0), iidx = new Array(ni).fill(0);
  const iN = ni > 0 ? innerShape[ni - 1] : 1, iS = ni > 0 ? innerStrides[ni - 1] : 0;
  const innerRows = innerNumel === 0 ? 0 : innerNumel / iN;
  const unitInner = ni === 1 && iS === 1;
  const n = innerNumel;`;

/** Steps `ptr` to the next position of an odometer over dims [0, last] of `shape`. */
function advance(ptr: string, index: string, shape: string, strides: string, last: string) {
  return `for (let d = ${last}; d >= 0; d--) {
      ${ptr} += ${strides}[d];
      if (++${index}[d] < ${shape}[d]) break;
      ${index}[d] = 0;
      ${ptr} -= ${strides}[d] * ${shape}[d];
    }`;
}

/** A loop visiting every reduced element of the output whose first element is at `base`. */
function innerWalk(visit: (index: string) => string, lanes: string | null): string {
  const strided = `
    let rb = base; iidx.fill(0);
    for (let r = innerRows; r > 0; r--) {
      for (let i = 0, j = rb; i < iN; i++, j += iS) { ${visit('j')} }
      ${advance('rb', 'iidx', 'innerShape', 'innerStrides', 'ni - 2')}
    }`;
  if (lanes === null) return strided;
  return `if (unitInner) { ${lanes} } else { ${strided} }`;
}

function text(v: string | ((compute: DType) => string), compute: DType): string {
  return typeof v === 'string' ? v : v(compute);
}

/** Statements leaving in `acc` the kernel's accumulator over one output's elements. */
function accumulate(kernel: ReduceKernel, compute: DType, load: (i: string) => string): string {
  const init = text(kernel.init, compute);
  const update = (acc: string, a: string) => kernel.update(acc, a, compute);
  const visit = (i: string) => `const a = ${load(i)}; acc = ${update('acc', 'a')};`;
  let lanes: string | null = null;
  if (kernel.combine !== undefined) {
    const c = (x: string, y: string) => kernel.combine!(x, y, compute);
    const loads = [0, 1, 2, 3].map((k) => `const a${k} = ${load(`j + ${k}`)};`).join(' ');
    const steps = [0, 1, 2, 3].map((k) => `acc${k} = ${update(`acc${k}`, `a${k}`)};`).join(' ');
    lanes = `
      let acc0 = ${init}, acc1 = ${init}, acc2 = ${init}, acc3 = ${init};
      const end = base + iN;
      let j = base;
      for (; j + 3 < end; j += 4) { ${loads} ${steps} }
      for (; j < end; j++) { const a = ${load('j')}; acc0 = ${update('acc0', 'a')}; }
      acc = ${c(c('acc0', 'acc1'), c('acc2', 'acc3'))};`;
  }
  return `acc = ${init}; if (innerNumel > 0) { ${innerWalk(visit, lanes)} }`;
}

function finishExpr(kernel: ReduceKernel, acc: string, compute: DType): string {
  return kernel.finish ? kernel.finish(acc, 'n', compute) : acc;
}

function compileReduce(
  kernel: ReduceKernel,
  inDtype: DType,
  compute: DType,
  outDtype: DType,
  nparams: number,
): Compiled {
  const load = (i: string) => castExpr(`input[${i}]`, inDtype, compute);
  // A bool result of a bool computation (sum(dtype=bool)) still has to be 0 or 1.
  const store = (v: string) =>
    outDtype === 'bool' ? `(${v} !== 0 ? 1 : 0)` : castExpr(`(${v})`, compute, outDtype);
  const pre = kernel.prepass;
  const prepass = pre
    ? `{ let acc; ${accumulate(pre, compute, load)} m = ${finishExpr(pre, 'acc', compute)}; }`
    : '';
  const perOutput = `
    let base = offset, acc, m = 0;
    for (let o = 0; o < outerNumel; o++) {
      ${prepass}
      ${accumulate(kernel, compute, load)}
      out[o] = ${store(finishExpr(kernel, 'acc', compute))};
      ${advance('base', 'oidx', 'outerShape', 'outerStrides', 'no - 1')}
    }`;
  const body = `${prologue}
    ${pre === undefined ? byRows(kernel, compute, load, store) : ''}
    ${perOutput}`;
  return build(kernel.name, ['out', 'input', 'offset', 's', ...params(nparams)], body, kernel);
}

/**
 * The walk for reduced dimensions outside a contiguous row of kept elements: accumulates a
 * whole row of outputs per reduced position, so memory is read in order.
 */
function byRows(
  kernel: ReduceKernel,
  compute: DType,
  load: (i: string) => string,
  store: (v: string) => string,
): string {
  const update = (acc: string, a: string) => kernel.update(acc, a, compute);
  return `
    if (!unitInner && innerNumel > 0 && no > 0 && outerStrides[no - 1] === 1 && outerShape[no - 1] >= 4) {
      const row = outerShape[no - 1];
      const buf = new Float64Array(row);
      let base = offset;
      for (let o = 0; o < outerNumel; o += row) {
        buf.fill(${text(kernel.init, compute)});
        let rb = base; iidx.fill(0);
        for (let r = innerNumel; r > 0; r--) {
          for (let j = 0; j < row; j++) { const a = ${load('rb + j')}; buf[j] = ${update('buf[j]', 'a')}; }
          ${advance('rb', 'iidx', 'innerShape', 'innerStrides', 'ni - 1')}
        }
        for (let j = 0; j < row; j++) { const acc = buf[j]; out[o + j] = ${store(finishExpr(kernel, 'acc', compute))}; }
        ${advance('base', 'oidx', 'outerShape', 'outerStrides', 'no - 2')}
      }
      return;
    }`;
}

function compileArgReduce(kernel: ArgReduceKernel, dtype: DType): CompiledArg {
  // The pick starts as the first element, which does not displace itself.
  const better = kernel.better('a', 'best', dtype);
  const visit = (i: string) => `const a = input[${i}]; if (${better}) { best = a; bi = k; } k++;`;
  const contiguous = `
    for (let j = base + 1, k = 1; k < iN; j++, k++) {
      const a = input[j];
      if (${better}) { best = a; bi = k; }
    }`;
  const body = `${prologue}
    if (innerNumel === 0) return;
    let base = offset;
    for (let o = 0; o < outerNumel; o++) {
      let best = input[base], bi = 0, k = 0;
      ${innerWalk(visit, contiguous)}
      if (values !== null) values[o] = best;
      if (indices !== null) indices[o] = bi;
      ${advance('base', 'oidx', 'outerShape', 'outerStrides', 'no - 1')}
    }`;
  return build(`${kernel.name}_${dtype}`, ['values', 'indices', 'input', 'offset', 's'], body, {});
}

function params(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `p${i}`);
}

function build<F>(
  name: string,
  args: readonly string[],
  body: string,
  kernel: { helpers?: Readonly<Record<string, (...args: number[]) => number>> },
): F {
  const helpers = Object.entries(kernel.helpers ?? {});
  const make = new Function(
    ...helpers.map(([h]) => h),
    `return function reduce_${name}(${args.join(', ')}) {${body}}`,
  );
  return make(...helpers.map(([, fn]) => fn)) as F;
}

// ---- scans ----

export interface ScanKernel {
  readonly name: string;
  readonly init: string;
  /** The running value after one more element: (acc, a) => expression. */
  readonly update: Template;
  readonly helpers?: Readonly<Record<string, (...args: number[]) => number>>;
}

/** The lines a scan walks: the scanned dimension, and every other one as an odometer. */
interface Lines {
  length: number;
  inStep: number;
  outStep: number;
  shape: number[];
  inStrides: number[];
  outStrides: number[];
  count: number;
}

function lines(input: Tensor, out: Tensor, dim: number): Lines {
  const others = input.shape.map((_, d) => d).filter((d) => d !== dim);
  return {
    length: input.ndim === 0 ? 1 : input.shape[dim],
    inStep: input.ndim === 0 ? 0 : input.strides[dim],
    outStep: out.ndim === 0 ? 0 : out.strides[dim],
    shape: others.map((d) => input.shape[d]),
    inStrides: others.map((d) => input.strides[d]),
    outStrides: others.map((d) => out.strides[d]),
    count: others.reduce((a, d) => a * input.shape[d], 1),
  };
}

type CompiledScan = (
  out: TypedArray,
  outOffset: number,
  indices: TypedArray | null,
  input: TypedArray,
  offset: number,
  lines: Lines,
) => void;

const scanArgs = ['out', 'outOffset', 'indices', 'input', 'offset', 'lines'];
const scanCache = new Map<string, CompiledScan>();

/** Visits every element line by line; `visit` sees `k` (position in the line), `i`, `o`. */
function scanBody(visit: string, reset: string): string {
  return `
    const { length, inStep, outStep, shape, inStrides, outStrides, count } = lines;
    if (length === 0) return;
    const nd = shape.length, idx = new Array(nd).fill(0);
    let ib = offset, ob = outOffset;
    for (let line = 0; line < count; line++) {
      ${reset}
      for (let k = 0, i = ib, o = ob; k < length; k++, i += inStep, o += outStep) { ${visit} }
      for (let d = nd - 1; d >= 0; d--) {
        ib += inStrides[d]; ob += outStrides[d];
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
        ib -= inStrides[d] * shape[d]; ob -= outStrides[d] * shape[d];
      }
    }`;
}

/**
 * Writes the running accumulation of `input` along `dim` into `out`, which has input's shape and
 * any strides (cumsum_ scans in place).
 */
export function runScan(
  kernel: ScanKernel,
  out: Tensor,
  input: Tensor,
  dim: number,
  compute: DType,
): void {
  const key = `${kernel.name}|${input.dtype}|${compute}|${out.dtype}`;
  let fn = scanCache.get(key);
  if (fn === undefined) {
    const a = castExpr('input[i]', input.dtype, compute);
    const visit = `acc = ${kernel.update('acc', a, compute)}; out[o] = ${castExpr('acc', compute, out.dtype)};`;
    fn = build<CompiledScan>(
      kernel.name,
      scanArgs,
      scanBody(visit, `let acc = ${kernel.init};`),
      kernel,
    );
    scanCache.set(key, fn);
  }
  fn(out.data, out.offset, null, input.data, input.offset, lines(input, out, dim));
}

/**
 * cummax/cummin: the running pick along `dim` into `values`, and its index into `indices`, which
 * must have the very same layout as `values`.
 */
export function runArgScan(
  kernel: ArgReduceKernel,
  values: Tensor,
  indices: Tensor,
  input: Tensor,
  dim: number,
): void {
  const key = `scan_${kernel.name}|${input.dtype}`;
  let fn = scanCache.get(key);
  if (fn === undefined) {
    const visit = `
      const a = input[i];
      if (k === 0 || ${kernel.better('a', 'best', input.dtype)}) { best = a; bi = k; }
      out[o] = best; indices[o] = bi;`;
    const body = scanBody(visit, 'let best = 0, bi = 0;');
    fn = build<CompiledScan>(`scan_${kernel.name}`, scanArgs, body, {});
    scanCache.set(key, fn);
  }
  fn(values.data, values.offset, indices.data, input.data, input.offset, lines(input, values, dim));
}
