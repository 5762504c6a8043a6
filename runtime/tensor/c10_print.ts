// A tensor as c10 streams it (`std::cout << tensor`), the format graphs use for tensor constants
// of 2 to 10 elements once their newlines become spaces:
//
//    0.1977
//    0.3000
//   -0.3390
//   [ CPUFloatType{3} ]
//
// The elements are converted to doubles and written in one shared format chosen from their
// range (PyTorch's __printFormat): integers as integers, else four decimals in a column wide
// enough for the largest, with a common power of ten factored out (`0.001 *`) when they are all
// large or all small, or scientific notation when their magnitudes differ too much. A matrix is
// printed row by row; more dimensions as `(i,j,.,.) = ` headed matrices. Lines are 80 wide.

import { dtypeInfo } from './dtype.js';
import { formatExponential, formatFixed, formatFloat } from './pyfloat.js';
import type { Tensor } from './tensor.js';

const lineSize = 80;

/** How c10 writes a double: the stream's float field and width. */
type Notation = 'default' | 'fixed' | 'scientific';

interface ElementFormat {
  readonly notation: Notation;
  /** The width each element is padded to. */
  readonly width: number;
  /** What every element is divided by; 1 when nothing is factored out. */
  readonly scale: number;
}

/** `CPUFloatType`, `CPULongType`: the tensor's legacy type name. */
export function c10TypeName(t: Tensor): string {
  return `${t.device.type.toUpperCase()}${dtypeInfo(t.dtype).typeName}Type`;
}

/** `std::ostream << tensor` of a dense tensor, newlines included. */
export function c10TensorText(t: Tensor): string {
  const values = t.toArray();
  const sizes = t.shape;
  const typeText = c10TypeName(t);
  if (sizes.length === 0) return `${streamDouble(values[0], 'default')}\n[ ${typeText}{} ]`;
  let body = '';
  if (values.length > 0) {
    if (sizes.length === 1) body = vectorText(values);
    else if (sizes.length === 2) body = matrixText(values, sizes[0], sizes[1], 0);
    else body = higherText(values, sizes);
  }
  return `${body}[ ${typeText}{${sizes.join(',')}} ]`;
}

function vectorText(values: readonly number[]): string {
  const format = elementFormat(values);
  let out = format.scale === 1 ? '' : scaleLine(format.scale);
  for (const v of values) out += `${element(v, format)}\n`;
  return out;
}

/** __printMatrix: rows of `columns` elements, split into column groups that fit a line. */
function matrixText(
  values: readonly number[],
  rows: number,
  columns: number,
  indent: number,
): string {
  const format = elementFormat(values);
  const pad = ' '.repeat(indent);
  const perLine = Math.floor((lineSize - indent) / (format.width + 1));
  let out = pad;
  for (let first = 0; first < columns;) {
    const last = first + perLine <= columns ? first + perLine - 1 : columns - 1;
    if (perLine < columns) {
      if (first !== 0) out += '\n';
      out += `Columns ${first + 1} to ${last + 1}${pad}`;
    }
    if (format.scale !== 1) out += scaleLine(format.scale) + pad;
    for (let r = 0; r < rows; r++) {
      for (let c = first; c <= last; c++) {
        out += element(values[r * columns + c], format);
        if (c !== last) {
          out += ' ';
          continue;
        }
        out += '\n';
        // The continuation indent; c10 adds a space under a factored-out scale.
        if (r !== rows - 1) out += format.scale !== 1 ? `${pad} ` : pad;
      }
    }
    first = last + 1;
  }
  return out;
}

/** __printTensor: every matrix of the last two dimensions, headed by its leading indices. */
function higherText(values: readonly number[], sizes: readonly number[]): string {
  const rows = sizes[sizes.length - 2];
  const columns = sizes[sizes.length - 1];
  const matrixSize = rows * columns;
  const leading = sizes.slice(0, -2);
  const count = leading.reduce((a, b) => a * b, 1);
  const blocks: string[] = [];
  for (let k = 0; k < count; k++) {
    const index: number[] = [];
    // The first leading dimension varies fastest, as c10's counter does.
    let rest = k;
    for (const size of leading) {
      index.push((rest % size) + 1);
      rest = Math.floor(rest / size);
    }
    const offset = index.reduce((acc, i, d) => acc + (i - 1) * stride(leading, d), 0) * matrixSize;
    const matrix = values.slice(offset, offset + matrixSize);
    blocks.push(`(${index.join(',')},.,.) = \n${matrixText(matrix, rows, columns, 1)}`);
  }
  return blocks.join('\n');
}

/** The row-major stride of leading dimension `d`, in matrices. */
function stride(leading: readonly number[], d: number): number {
  return leading.slice(d + 1).reduce((a, b) => a * b, 1);
}

/** __printFormat: the notation, width and scale shared by every element. */
function elementFormat(values: readonly number[]): ElementFormat {
  const intMode = values.every((z) => !Number.isFinite(z) || z === Math.ceil(z));
  const [expMin, expMax] = exponentRange(values);
  if (intMode) {
    return expMax > 9
      ? { notation: 'scientific', width: 11, scale: 1 }
      : { notation: 'default', width: expMax + 1, scale: 1 };
  }
  if (expMax - expMin > 4) {
    const wide = Math.abs(expMax) > 99 || Math.abs(expMin) > 99;
    return { notation: 'scientific', width: wide ? 12 : 11, scale: 1 };
  }
  if (expMax > 5 || expMax < 0) {
    return { notation: 'fixed', width: 7, scale: Math.pow(10, expMax - 1) };
  }
  return { notation: 'fixed', width: expMax === 0 ? 7 : expMax + 6, scale: 1 };
}

/**
 * The decimal exponents (floor(log10) + 1) of the smallest and largest finite magnitudes. As in
 * c10, the largest is updated only by values greater than it with their sign, so a negative
 * number larger in magnitude than every positive one does not widen the column.
 */
function exponentRange(values: readonly number[]): [number, number] {
  const finite = values.findIndex((z) => Number.isFinite(z));
  if (finite < 0) return [1, 1];
  let min = Math.abs(values[finite]);
  let max = min;
  for (let i = finite; i < values.length; i++) {
    const z = Math.abs(values[i]);
    if (!Number.isFinite(z)) continue;
    if (z < min) min = z;
    if (values[i] > max) max = z;
  }
  const exponent = (x: number) => (x === 0 ? 1 : Math.floor(Math.log10(x)) + 1);
  return [exponent(min), exponent(max)];
}

function element(v: number, format: ElementFormat): string {
  return streamDouble(v / format.scale, format.notation).padStart(format.width);
}

function scaleLine(scale: number): string {
  return `${streamDouble(scale, 'default')} *\n`;
}

/** A double as a C++ stream writes it with precision 6 (default) or 4 (fixed, scientific). */
function streamDouble(v: number, notation: Notation): string {
  if (notation === 'fixed') return formatFixed(v, 4);
  if (notation === 'scientific') return formatExponential(v, 4);
  return formatFloat(v, '.6g');
}
