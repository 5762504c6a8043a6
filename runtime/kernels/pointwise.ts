// Elementwise loops, generated once per operator and dtype combination. A kernel is a JS
// expression over its inputs `a`, `b`, `c` and parameters `p0`, `p1`...; the generated loop casts
// each input to the compute dtype as it loads it and the result to the output dtype as it stores
// it, and walks the coalesced strided layout with a tight innermost loop.

import { isFloating, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { layout } from './layout.js';

export interface PointwiseKernel {
  readonly name: string;
  /** The element expression, possibly different for float, integer and bool compute dtypes. */
  readonly expr: string | ((compute: DType) => string);
  /** The expression yields a JS boolean (comparisons, predicates). */
  readonly returnsBool?: boolean;
  /** Functions the expression may call by name (integer power, Python's modulo, ...). */
  readonly helpers?: Readonly<Record<string, (...args: number[]) => number>>;
}

const inputNames = ['a', 'b', 'c', 'd'];

/** A JS expression converting `v`, holding a value of dtype `from`, to a value of dtype `to`. */
export function castExpr(v: string, from: DType, to: DType): string {
  if (from === to) return v;
  switch (to) {
    case 'float64':
      return v;
    case 'float32':
      return from === 'float64' || from === 'int32' || from === 'int64' ? `Math.fround(${v})` : v;
    case 'int64':
      return isFloating(from) ? `Math.trunc(${v})` : v;
    case 'int32':
      return from === 'int16' || from === 'int8' || from === 'uint8' || from === 'bool'
        ? v
        : `(${v} | 0)`;
    case 'int16':
      return from === 'int8' || from === 'uint8' || from === 'bool' ? v : `((${v} << 16) >> 16)`;
    case 'int8':
      return from === 'bool' ? v : `((${v} << 24) >> 24)`;
    case 'uint8':
      return from === 'bool' ? v : `(${v} & 255)`;
    case 'bool':
      return `(${v} !== 0 ? 1 : 0)`;
  }
}

/** The cast a typed-array store leaves to do: float32 and small-int arrays convert on their own. */
function storeExpr(v: string, from: DType | 'boolean', to: DType): string {
  if (from === 'boolean') return v;
  if (to === 'float32' || to === 'float64') return v;
  if (to === 'bool') return `(${v} !== 0 ? 1 : 0)`;
  if (to === 'int64') return castExpr(v, from, to);
  return isFloating(from) || from === 'int64' || to !== 'int32' ? castExpr(v, from, to) : v;
}

type Compiled = (shape: number[], numel: number, ...args: unknown[]) => void;
const cache = new Map<string, Compiled>();

export function runPointwise(
  kernel: PointwiseKernel,
  out: Tensor,
  inputs: readonly Tensor[],
  compute: DType,
  params: readonly number[] = [],
): void {
  const key = `${kernel.name}|${compute}|${out.dtype}|${inputs.map((t) => t.dtype).join(',')}|${params.length}`;
  let fn = cache.get(key);
  if (fn === undefined) {
    fn = compile(
      kernel,
      out.dtype,
      inputs.map((t) => t.dtype),
      compute,
      params.length,
    );
    cache.set(key, fn);
  }
  const l = layout(out.shape, [out, ...inputs]);
  const args: unknown[] = [];
  for (const op of l.operands) args.push(op.data, op.offset, op.strides);
  fn(l.shape, l.numel, ...args, ...params);
}

function compile(
  kernel: PointwiseKernel,
  outDtype: DType,
  inDtypes: readonly DType[],
  compute: DType,
  nparams: number,
): Compiled {
  const expr = typeof kernel.expr === 'string' ? kernel.expr : kernel.expr(compute);
  const ops = [0, ...inDtypes.map((_, i) => i + 1)];
  const params = Array.from({ length: nparams }, (_, i) => `p${i}`);
  const argNames = ops.flatMap((k) => [`d${k}`, `o${k}`, `s${k}`]).concat(params);
  const loads = (index: (k: number) => string) =>
    inDtypes
      .map(
        (dt, i) =>
          `const ${inputNames[i]} = ${castExpr(`d${i + 1}[${index(i + 1)}]`, dt, compute)};`,
      )
      .join(' ');
  const store = (index: string) =>
    `d0[${index}] = ${storeExpr(`(${expr})`, kernel.returnsBool ? 'boolean' : compute, outDtype)};`;
  const each = (f: (k: number) => string, sep = ', ') => ops.map(f).join(sep);
  // The innermost rows live in functions of their own, so V8 optimises each tight loop alone;
  // long contiguous rows index every array from 0 (subarrays), which lets V8 drop bounds checks.
  const rowArgs = [...ops.map((k) => `d${k}, b${k}`), 'n', ...params].join(', ');
  const stridedArgs = [...ops.map((k) => `d${k}, b${k}, i${k}`), 'n', ...params].join(', ');
  const rows = `
    function row(${rowArgs}) {
      for (let i = 0; i < n; i++) { ${loads((k) => `b${k} + i`)} ${store('b0 + i')} }
    }
    function alignedRow(${[...ops.map((k) => `d${k}`), 'n', ...params].join(', ')}) {
      for (let i = 0; i < n; i++) { ${loads(() => 'i')} ${store('i')} }
    }
    function stridedRow(${stridedArgs}) {
      for (let i = 0; i < n; i++) {
        ${loads((k) => `b${k}`)} ${store('b0')}
        ${each((k) => `b${k} += i${k}`, '; ')};
      }
    }`;
  const body = `
    const nd = shape.length;
    if (numel === 0) return;
    if (nd === 0) { ${loads((k) => `o${k}`)} ${store('o0')} return; }
    const n = shape[nd - 1];
    const ${each((k) => `i${k} = s${k}[nd - 1]`)};
    const unit = ${each((k) => `i${k} === 1`, ' && ')};
    const idx = new Array(nd).fill(0);
    let ${each((k) => `b${k} = o${k}`)};
    for (let outer = numel / n; outer > 0; outer--) {
      if (unit && n >= 64) {
        alignedRow(${[...ops.map((k) => `b${k} === 0 ? d${k} : d${k}.subarray(b${k})`), 'n', ...params].join(', ')});
      } else if (unit) row(${rowArgs});
      else stridedRow(${stridedArgs});
      for (let d = nd - 2; d >= 0; d--) {
        ${each((k) => `b${k} += s${k}[d]`, '; ')};
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
        ${each((k) => `b${k} -= s${k}[d] * shape[d]`, '; ')};
      }
    }`;
  const helpers = Object.entries(kernel.helpers ?? {});
  const make = new Function(
    ...helpers.map(([name]) => name),
    `${rows}\n return function pointwise_${kernel.name.replace(/\W/g, '_')}(shape, numel, ${argNames.join(', ')}) {${body}}`,
  );
  return make(...helpers.map(([, fn]) => fn)) as Compiled;
}
