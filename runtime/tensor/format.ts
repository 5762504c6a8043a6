// repr(tensor) / str(tensor) exactly as PyTorch 1.13 prints a CPU strided tensor
// (torch/_tensor_str.py): one element formatter chosen from all shown values, rows wrapped at
// the line width, dimensions summarised with '...', then the suffixes (device, dtype, grad).

import { getDefaultDType, isFloating, type DType } from './dtype.js';
import { formatExponential, formatFixed, formatFloat } from './pyfloat.js';
import { getPrintOptions, type PrintOptions } from './printoptions.js';
import type { Tensor } from './tensor.js';
import { notSupported, runtimeError } from '../errors.js';

export function formatTensor(t: Tensor): string {
  const options = getPrintOptions();
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  if (t.device.type !== 'cpu') suffixes.push(`device='${t.device.type}:${t.device.index ?? 0}'`);
  let body: string;
  if (t.numel() === 0) {
    // No elements to tell an integer tensor from a float one, so only float32 hides its dtype.
    if (t.ndim !== 1) suffixes.push(`size=${shapeTuple(t.shape)}`);
    if (t.dtype !== getDefaultDType()) suffixes.push(`dtype=torch.${t.dtype}`);
    body = '[]';
  } else {
    if (!hidesDType(t.dtype)) suffixes.push(`dtype=torch.${t.dtype}`);
    body = tensorBody(t, indent, options);
  }
  if (t.gradFn !== null && t.gradFn !== undefined)
    suffixes.push(`grad_fn=<${gradFnName(t.gradFn)}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent, options.linewidth);
}

/** The dtypes a repr leaves implicit: the default float type, int64 and bool. */
function hidesDType(dtype: DType): boolean {
  return dtype === getDefaultDType() || dtype === 'int64' || dtype === 'bool';
}

/** Python's str of a shape tuple: (0, 3), (0,). */
function shapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function gradFnName(gradFn: unknown): string {
  if (typeof gradFn === 'string') return gradFn;
  const name = (gradFn as { name?: unknown }).name;
  if (typeof name === 'string') return name;
  throw notSupported('printing a grad_fn without a name');
}

/** Suffixes go on the last line while it stays within the line width, else on a new line. */
function addSuffixes(text: string, suffixes: string[], indent: number, linewidth: number): string {
  const parts = [text];
  // PyTorch's count, one more than the last line's length when the text has no newline.
  let lastLineLength = text.length - text.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`);
      lastLineLength = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLength += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Which elements are shown

interface Shown {
  head: number[];
  /** null when the dimension is shown whole, without '...'. */
  tail: number[] | null;
}

/**
 * The indices a dimension of size n shows: all of them, or a head and a tail around '...'.
 * A vector uses Python slices (x[:e], x[-e:]) and a higher dimension ranges, as PyTorch does,
 * which matters for edgeitems <= 0.
 */
function shownIndices(n: number, isVector: boolean, summarize: boolean, edgeitems: number): Shown {
  if (!summarize || n <= 2 * edgeitems) return { head: range(0, n), tail: null };
  if (isVector) {
    // 0 - edgeitems, not -edgeitems: x[-0:] is the whole of x.
    const head = range(0, sliceBound(edgeitems, n));
    return { head, tail: range(sliceBound(0 - edgeitems, n), n) };
  }
  return { head: range(0, edgeitems), tail: range(n - edgeitems, n) };
}

/** A Python slice bound normalised into [0, n]. */
function sliceBound(bound: number, n: number): number {
  return bound < 0 ? Math.max(0, n + bound) : Math.min(bound, n);
}

function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

/** The values the formatter sizes itself on: the summarised tensor when summarising. */
function shownValues(t: Tensor, summarize: boolean, edgeitems: number): number[] {
  const values: number[] = [];
  const data = t.data;
  const visit = (dim: number, offset: number): void => {
    if (dim === t.ndim) {
      values.push(data[offset]);
      return;
    }
    const isVector = dim === t.ndim - 1;
    const { head, tail } = shownIndices(t.shape[dim], isVector, summarize, edgeitems);
    const indices = tail === null ? head : head.concat(tail);
    // get_summarized_data stacks the kept sub-tensors of a matrix, which fails when there are none.
    if (indices.length === 0 && !isVector) {
      throw runtimeError('stack expects a non-empty TensorList');
    }
    for (const i of indices) visit(dim + 1, offset + i * t.strides[dim]);
  };
  visit(0, t.offset);
  return values;
}

// ---------------------------------------------------------------------------------------------
// The element formatter (PyTorch's _Formatter)

class ElementFormatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;
  private readonly floating: boolean;
  private readonly precision: number;

  constructor(dtype: DType, values: number[], options: PrintOptions) {
    this.floating = isFloating(dtype);
    this.precision = options.precision;
    if (!this.floating) {
      const text = dtype === 'bool' ? boolText : intText;
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, text(v).length);
      return;
    }
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    // With no finite non-zero value PyTorch stops here, before applying sci_mode.
    if (finite.length === 0) return;
    this.chooseFloatMode(finite);
    if (options.sciMode !== null) this.sciMode = options.sciMode;
  }

  get width(): number {
    return this.maxWidth;
  }

  private chooseFloatMode(finite: number[]): void {
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    const wide = max / min > 1000 || max > 1e8;
    this.sciMode = this.intMode ? wide : wide || min < 1e-4;
    for (const v of finite) this.maxWidth = Math.max(this.maxWidth, this.sizingText(v).length);
  }

  /** The text PyTorch measures a value by while choosing the width. */
  private sizingText(v: number): string {
    if (this.sciMode) return this.exponential(v);
    // Integer-valued floats print with a trailing '.', counted here.
    if (this.intMode) return formatFixed(v, 0) + '.';
    return this.fixed(v);
  }

  format(v: number, dtype: DType): string {
    let text: string;
    if (!this.floating) text = dtype === 'bool' ? boolText(v) : intText(v);
    else if (this.sciMode) text = this.exponential(v);
    else if (this.intMode) text = Number.isFinite(v) ? formatFixed(v, 0) + '.' : formatFixed(v, 0);
    else text = this.fixed(v);
    return text.padStart(this.maxWidth);
  }

  // PyTorch pastes the precision into a format string, so a bad one fails as Python's format does.
  private fixed(v: number): string {
    const p = this.precision;
    return Number.isInteger(p) && p >= 0 ? formatFixed(v, p) : formatFloat(v, `.${p}f`);
  }

  private exponential(v: number): string {
    const p = this.precision;
    return Number.isInteger(p) && p >= 0 ? formatExponential(v, p) : formatFloat(v, `.${p}e`);
  }
}

function boolText(v: number): string {
  return v !== 0 ? 'True' : 'False';
}

/** An integer element as Python prints it (int64 is held in a double, exact to 2^53). */
function intText(v: number): string {
  return v === 0 ? '0' : Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
}

// ---------------------------------------------------------------------------------------------
// Layout

interface Printer {
  t: Tensor;
  formatter: ElementFormatter;
  summarize: boolean;
  options: PrintOptions;
}

function tensorBody(t: Tensor, indent: number, options: PrintOptions): string {
  const summarize = t.numel() > options.threshold;
  const values = shownValues(t, summarize, options.edgeitems);
  const formatter = new ElementFormatter(t.dtype, values, options);
  return nested({ t, formatter, summarize, options }, 0, t.offset, indent);
}

function nested(p: Printer, dim: number, offset: number, indent: number): string {
  const { t } = p;
  const rank = t.ndim - dim;
  if (rank === 0) return p.formatter.format(t.data[offset], t.dtype);
  if (rank === 1) return vector(p, offset, indent);
  const stride = t.strides[dim];
  const { head, tail } = shownIndices(t.shape[dim], false, p.summarize, p.options.edgeitems);
  const slice = (i: number) => nested(p, dim + 1, offset + i * stride, indent + 1);
  const slices = head.map(slice);
  if (tail !== null) slices.push('...', ...tail.map(slice));
  return `[${slices.join(`,${'\n'.repeat(rank - 1)}${' '.repeat(indent + 1)}`)}]`;
}

/** One row: elements of equal width, as many to a line as fit in the line width. */
function vector(p: Printer, offset: number, indent: number): string {
  const { t, formatter, options } = p;
  const dim = t.ndim - 1;
  const stride = t.strides[dim];
  const { head, tail } = shownIndices(t.shape[dim], true, p.summarize, options.edgeitems);
  const element = (i: number) => formatter.format(t.data[offset + i * stride], t.dtype);
  const items = head.map(element);
  if (tail !== null) items.push(' ...', ...tail.map(element));
  const perLine = Math.max(1, Math.floor((options.linewidth - indent) / (formatter.width + 2)));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine)
    lines.push(items.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}
