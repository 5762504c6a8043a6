// Values as TorchScript's interpreter writes them into strings: str(), '{}'.format, '%s' and the
// messages of failing builtins. PyTorch prints through C++ streams, so the spellings are C++'s:
//
//   float    1. / 0.10000000000000001 / 1e+20   integral values below 2^63 as the integer and
//                                               a '.', others with 17 significant digits
//   bool     True / False        None  None      str  unquoted, also inside containers
//   list     [1, 2]              tuple (1,)      dict {a: 1}
//   Tensor   ATen's own layout:  ' 1\n 2\n[ CPUFloatType{2} ]'
//
// Messages that print a bare C++ double use the stream's default format ('%g', 2.5 or 1e+20),
// and tensors in messages name their legacy class ('[ torch.FloatTensor{2} ]').

import { formatFloat } from '../tensor/pyfloat.js';
import { dtypeInfo } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { parseAnnotation, type Annotation } from './annotation.js';

/** A TorchScript `int` held as a JS number, without JS's exponent form for large magnitudes. */
export function printInt(n: number): string {
  return Number.isSafeInteger(n) || !Number.isInteger(n) ? String(n) : BigInt(n).toString();
}

/** A TorchScript `float` as str() and print() write it. */
export function printFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 63) return `${BigInt(x)}.`;
  return formatFloat(x, '.17g');
}

/** A C++ double written to a stream with its default format (`%g`): 2.5, 1e+20, -0. */
export function streamDouble(x: number): string {
  return formatFloat(x, 'g');
}

/** std::to_string(double): `%f`, six decimals. */
export function toStringDouble(x: number): string {
  return formatFloat(x, 'f');
}

/** How to name a tensor's type after its values: str() and messages differ. */
export type TensorTypeStyle = 'cpp' | 'legacy';

/** str() of a value of the static type `ann` (an annotation string or a parsed one). */
export function ivalueStr(
  value: unknown,
  ann: string | Annotation,
  style: TensorTypeStyle = 'cpp',
) {
  return printValue(value, typeof ann === 'string' ? parseAnnotation(ann) : ann, style);
}

function printValue(value: unknown, ann: Annotation, style: TensorTypeStyle): string {
  if (value === null || value === undefined) return 'None';
  switch (ann.name) {
    case 'int':
      return printInt(value as number);
    case 'float':
      return printFloat(value as number);
    case 'Optional':
      return printValue(value, ann.args[0], style);
    case 'List':
      return printItems(value as unknown[], () => ann.args[0], '[', ']', style);
    case 'Tuple':
      return printTuple(value as unknown[], (i) => ann.args[i], style);
    case 'Dict':
      return printDict(value as Map<unknown, unknown>, ann.args[0], ann.args[1], style);
    default:
      return printUntyped(value, style);
  }
}

function printItems(
  items: readonly unknown[],
  typeOf: (i: number) => Annotation | undefined,
  open: string,
  close: string,
  style: TensorTypeStyle,
): string {
  const parts = items.map((v, i) => {
    const t = typeOf(i);
    return t === undefined ? printUntyped(v, style) : printValue(v, t, style);
  });
  return `${open}${parts.join(', ')}${close}`;
}

function printTuple(
  items: readonly unknown[],
  typeOf: (i: number) => Annotation | undefined,
  style: TensorTypeStyle,
): string {
  return printItems(items, typeOf, '(', items.length === 1 ? ',)' : ')', style);
}

function printDict(
  map: Map<unknown, unknown>,
  key: Annotation,
  value: Annotation,
  style: TensorTypeStyle,
): string {
  const parts = [...map].map(
    ([k, v]) => `${printValue(k, key, style)}: ${printValue(v, value, style)}`,
  );
  return `{${parts.join(', ')}}`;
}

/**
 * A value whose static type says nothing more (`number`, `Any`, a class): bigints are ints and
 * numbers floats, as for Scalars; containers are read element by element the same way.
 */
function printUntyped(value: unknown, style: TensorTypeStyle): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return printFloat(value);
  if (typeof value === 'string') return value;
  if (value instanceof Tensor) return printTensor(value, style);
  if (value instanceof Map) {
    const parts = [...value].map(
      ([k, v]) => `${printUntyped(k, style)}: ${printUntyped(v, style)}`,
    );
    return `{${parts.join(', ')}}`;
  }
  if (Array.isArray(value)) {
    return Object.isFrozen(value)
      ? printTuple(value, () => undefined, style)
      : printItems(value, () => undefined, '[', ']', style);
  }
  return String(value);
}

// ---- tensors, as ATen's C++ printer lays them out ----

/** `operator<<(std::ostream&, const at::Tensor&)` with a line width of 80. */
export function printTensor(t: Tensor, style: TensorTypeStyle): string {
  const values = t.toArray();
  const shape = t.shape;
  let body = '';
  if (shape.length === 0) body = `${streamDouble(values[0])}\n`;
  else if (values.length > 0 && shape.length === 1) body = printVector(values);
  else if (values.length > 0 && shape.length === 2)
    body = printMatrix(values, shape[0], shape[1], 0);
  else if (values.length > 0) body = printSlices(values, shape);
  return `${body}[ ${tensorTypeName(t, style)}{${shape.join(',')}} ]`;
}

function tensorTypeName(t: Tensor, style: TensorTypeStyle): string {
  const info = dtypeInfo(t.dtype);
  const cuda = t.device.type === 'cuda';
  if (style === 'legacy') return `torch.${cuda ? 'cuda.' : ''}${info.legacyName}`;
  return `${cuda ? 'CUDA' : 'CPU'}${info.typeName}Type`;
}

/** How __printFormat chose to write a block of values: a formatter, a width and a scale. */
interface Layout {
  readonly write: (x: number) => string;
  readonly width: number;
  readonly scale: number;
}

const digits = (x: number) => (x === 0 ? 1 : Math.floor(Math.log10(x)) + 1);

function layoutOf(values: readonly number[]): Layout {
  const intMode = values.every((z) => !Number.isFinite(z) || z === Math.ceil(z));
  const finite = values.findIndex((z) => Number.isFinite(z));
  let expMin = 1;
  let expMax = 1;
  if (finite >= 0) {
    let lo = Math.abs(values[finite]);
    let hi = lo;
    for (let i = finite; i < values.length; i++) {
      const z = Math.abs(values[i]);
      if (!Number.isFinite(z)) continue;
      if (z < lo) lo = z;
      // ATen compares the signed value here, so negative elements never raise the maximum.
      if (values[i] > hi) hi = z;
    }
    expMin = digits(lo);
    expMax = digits(hi);
  }
  const general = (x: number) => streamDouble(x);
  const fixed = (x: number) => formatFloat(x, '.4f');
  const sci = (x: number) => formatFloat(x, '.4e');
  if (intMode) {
    return expMax > 9
      ? { write: sci, width: 11, scale: 1 }
      : { write: general, width: expMax + 1, scale: 1 };
  }
  if (expMax - expMin > 4) {
    const wide = Math.abs(expMax) > 99 || Math.abs(expMin) > 99;
    return { write: sci, width: wide ? 12 : 11, scale: 1 };
  }
  if (expMax > 5 || expMax < 0) return { write: fixed, width: 7, scale: 10 ** (expMax - 1) };
  return { write: fixed, width: expMax === 0 ? 7 : expMax + 6, scale: 1 };
}

const cell = (layout: Layout, x: number) => layout.write(x / layout.scale).padStart(layout.width);
const scaleLine = (scale: number) => `${streamDouble(scale)} *\n`;

function printVector(values: readonly number[]): string {
  const layout = layoutOf(values);
  let out = layout.scale !== 1 ? scaleLine(layout.scale) : '';
  for (const v of values) out += `${cell(layout, v)}\n`;
  return out;
}

/** __printMatrix: rows of `cols` values, split into column groups that fit 80 characters. */
function printMatrix(
  values: readonly number[],
  rows: number,
  cols: number,
  indent: number,
): string {
  const layout = layoutOf(values);
  const pad = ' '.repeat(indent);
  const perLine = Math.trunc((80 - indent) / (layout.width + 1));
  let out = pad;
  for (let first = 0; first < cols;) {
    const last = Math.min(first + perLine, cols) - 1;
    if (perLine < cols) {
      if (first !== 0) out += '\n';
      out += `Columns ${first + 1} to ${last + 1}${pad}`;
    }
    if (layout.scale !== 1) out += scaleLine(layout.scale) + pad;
    for (let r = 0; r < rows; r++) {
      for (let c = first; c <= last; c++) {
        out += cell(layout, values[r * cols + c]);
        if (c !== last) out += ' ';
      }
      out += '\n';
      if (r !== rows - 1) out += layout.scale !== 1 ? `${pad} ` : pad;
    }
    first = last + 1;
  }
  return out;
}

/**
 * __printTensor: every matrix of the last two dimensions under a `(i,j,.,.) = ` heading. ATen's
 * counter advances the first index fastest, so (2,1,.,.) comes before (1,2,.,.).
 */
function printSlices(values: readonly number[], shape: readonly number[]): string {
  const rows = shape[shape.length - 2];
  const cols = shape[shape.length - 1];
  const outer = shape.slice(0, -2);
  const count = outer.reduce((a, b) => a * b, 1);
  const blocks: string[] = [];
  for (let k = 0; k < count; k++) {
    let rest = k;
    let offset = 0;
    const index = outer.map((size) => {
      const i = rest % size;
      rest = Math.floor(rest / size);
      return i;
    });
    index.forEach((i, d) => (offset = offset * outer[d] + i));
    const slice = values.slice(offset * rows * cols, (offset + 1) * rows * cols);
    const heading = index.map((i) => i + 1).join(',');
    blocks.push(`(${heading},.,.) = \n${printMatrix(slice, rows, cols, 1)}`);
  }
  return blocks.join('\n');
}
