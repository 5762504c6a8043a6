// einsum, general: explicit and implicit outputs, ellipses that broadcast, repeated subscripts
// (diagonals), size-1 broadcasting, any number of operands. It follows PyTorch 1.13's plan, so
// dtypes and errors match too: every operand is viewed as [output dims..., contracted dims...]
// (diagonals and missing dims as strided views); contracted dims an operand alone holds are summed
// (which promotes integers to int64, as at::sum does); then operands combine left to right, by
// bmm where they share contracted dims and by a broadcast multiply where they share none.

import { check, runtimeError } from '../errors.js';
import { isFloating, type DType } from '../tensor/dtype.js';
import { numelOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { mul } from './arithmetic.js';
import { bmm, range } from './linalg.js';
import { permuteView, reshapeTo } from './linalg-views.js';
import { def } from './registry.js';

/** Subscript letters as numbers: A-Z are 0-25, a-z 26-51 (implicit outputs sort this way). */
type Label = number;
const ELLIPSIS = -1;
const LABELS = 52;

function labelOf(c: string): Label | null {
  const code = c.charCodeAt(0);
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 97 + 26;
  return null;
}

function letterOf(label: Label): string {
  return String.fromCharCode(label < 26 ? label + 65 : label - 26 + 97);
}

function invalidSubscript(index: number): never {
  throw runtimeError(
    `einsum(): invalid subscript given at index ${index} in the equation string, subscripts must be in [a-zA-Z]`,
  );
}

type Side = 'inputs' | 'output';

/** How messages name a term: "operand 1", or "output". */
function termName(side: Side, index: number): string {
  return side === 'output' ? 'output' : `operand ${index}`;
}

/**
 * Reads subscripts from equation[start, end): labels and ELLIPSIS, per comma-separated term
 * (the output has one term, where a comma is just an invalid subscript).
 */
function parseTerms(equation: string, start: number, end: number, side: Side): Label[][] {
  const terms: Label[][] = [[]];
  let hasEllipsis = false;
  for (let i = start; i < end; i++) {
    const c = equation[i];
    if (c === ' ') continue;
    if (c === ',' && side === 'inputs') {
      terms.push([]);
      hasEllipsis = false;
      continue;
    }
    if (c === '.') {
      const term = termName(side, terms.length - 1);
      check(!hasEllipsis, () => `einsum(): found '.' for ${term} ${hasEllipsisMessage(term)}`);
      check(
        equation[i + 1] === '.' && equation[i + 2] === '.' && i + 2 < end,
        () =>
          `einsum(): found '.' for ${term} that is not part of any ellipsis${term === 'output' ? ' (...)' : ''}`,
      );
      terms[terms.length - 1].push(ELLIPSIS);
      hasEllipsis = true;
      i += 2;
      continue;
    }
    const label = labelOf(c);
    if (label === null) invalidSubscript(i);
    terms[terms.length - 1].push(label);
  }
  return terms;
}

function hasEllipsisMessage(term: string): string {
  return term === 'output'
    ? 'but an ellipsis (...) was already found'
    : 'for which an ellipsis was already found';
}

interface Plan {
  /** Each operand's subscripts, ELLIPSIS where its ellipsis stands. */
  inputs: Label[][];
  /** The output's subscripts, ELLIPSIS for the ellipsis dims. */
  output: Label[];
  /** How many dims the ellipsis covers (the most any operand gives it). */
  ellipsisDims: number;
}

function parseEquation(equation: string, operands: readonly Tensor[]): Plan {
  check(operands.length > 0, () => 'einsum(): must provide at least one operand');
  const arrow = equation.indexOf('->');
  const lhsEnd = arrow < 0 ? equation.length : arrow;
  const inputs = parseTerms(equation, 0, lhsEnd, 'inputs');
  check(
    inputs.length <= operands.length,
    () => 'einsum(): fewer operands were provided than specified in the equation',
  );
  check(
    inputs.length >= operands.length,
    () => 'einsum(): more operands were provided than specified in the equation',
  );
  let ellipsisDims = 0;
  const counts = new Array<number>(LABELS).fill(0);
  inputs.forEach((labels, i) => {
    const named = labels.filter((l) => l !== ELLIPSIS).length;
    const ndim = operands[i].ndim;
    if (labels.includes(ELLIPSIS)) {
      check(
        named <= ndim,
        () =>
          `einsum(): the number of subscripts in the equation (${named}) is more than the number of dimensions (${ndim}) for operand ${i}`,
      );
      ellipsisDims = Math.max(ellipsisDims, ndim - named);
    } else {
      check(
        named === ndim,
        () =>
          `einsum(): the number of subscripts in the equation (${named}) does not match the number of dimensions (${ndim}) for operand ${i} and no ellipsis was given`,
      );
    }
    for (const l of labels) if (l !== ELLIPSIS) counts[l]++;
  });
  const output =
    arrow < 0 ? implicitOutput(inputs, counts) : explicitOutput(equation, arrow + 2, counts);
  return { inputs, output, ellipsisDims };
}

/** Without "->": the ellipsis, then every subscript seen exactly once, in label order. */
function implicitOutput(inputs: Label[][], counts: number[]): Label[] {
  const output: Label[] = inputs.some((t) => t.includes(ELLIPSIS)) ? [ELLIPSIS] : [];
  for (let l = 0; l < LABELS; l++) if (counts[l] === 1) output.push(l);
  return output;
}

function explicitOutput(equation: string, start: number, counts: number[]): Label[] {
  const [output] = parseTerms(equation, start, equation.length, 'output');
  const seen = new Set<Label>();
  for (const l of output) {
    if (l === ELLIPSIS) continue;
    check(
      counts[l] > 0,
      () =>
        `einsum(): output subscript ${letterOf(l)} does not appear in the equation for any input operand`,
    );
    check(
      !seen.has(l),
      () => `einsum(): output subscript ${letterOf(l)} appears more than once in the output`,
    );
    seen.add(l);
  }
  return output;
}

/** Positions of the common layout: output dims first, then the contracted ones. */
interface Layout {
  /** The layout position of each label, -1 for labels not used. */
  position: number[];
  /** Where the ellipsis dims start (in the output, or first among the contracted). */
  ellipsisAt: number;
  outputDims: number;
  totalDims: number;
}

function layoutOf(plan: Plan): Layout {
  const position = new Array<number>(LABELS).fill(-1);
  let next = 0;
  let ellipsisAt = -1;
  for (const l of plan.output) {
    if (l === ELLIPSIS) {
      ellipsisAt = next;
      next += plan.ellipsisDims;
    } else position[l] = next++;
  }
  const outputDims = next;
  // An ellipsis the output leaves out is summed, like a contracted label.
  if (ellipsisAt < 0) {
    ellipsisAt = next;
    next += plan.ellipsisDims;
  }
  const used = new Set(plan.inputs.flat());
  for (let l = 0; l < LABELS; l++) if (used.has(l) && position[l] < 0) position[l] = next++;
  return { position, ellipsisAt, outputDims, totalDims: next };
}

/** An operand as a view in the common layout: diagonals for repeats, size-1 gaps elsewhere. */
function toLayout(t: Tensor, labels: Label[], plan: Plan, layout: Layout, index: number): Tensor {
  const shape = new Array<number>(layout.totalDims).fill(1);
  const strides = new Array<number>(layout.totalDims).fill(0);
  const seen = new Array<boolean>(LABELS).fill(false);
  let dim = 0;
  for (const l of labels) {
    if (l === ELLIPSIS) {
      const own = ownEllipsisDims(t, labels);
      const start = layout.ellipsisAt + plan.ellipsisDims - own;
      for (let e = 0; e < own; e++, dim++) {
        shape[start + e] = t.shape[dim];
        strides[start + e] = t.strides[dim];
      }
      continue;
    }
    const p = layout.position[l];
    if (seen[l]) {
      check(
        shape[p] === t.shape[dim],
        () =>
          `einsum(): subscript ${letterOf(l)} is repeated for operand ${index} but the sizes don't match, ${t.shape[dim]} != ${shape[p]}`,
      );
      strides[p] += t.strides[dim];
    } else {
      shape[p] = t.shape[dim];
      strides[p] = t.strides[dim];
      seen[l] = true;
    }
    dim++;
  }
  return t.view(shape, strides);
}

function ownEllipsisDims(t: Tensor, labels: Label[]): number {
  return labels.includes(ELLIPSIS) ? t.ndim - labels.filter((l) => l !== ELLIPSIS).length : 0;
}

/** Which layout positions an operand really has (not a size-1 gap inserted for it). */
function heldPositions(t: Tensor, labels: Label[], plan: Plan, layout: Layout): Set<number> {
  const held = new Set<number>();
  for (const l of labels) if (l !== ELLIPSIS) held.add(layout.position[l]);
  const own = ownEllipsisDims(t, labels);
  for (let e = plan.ellipsisDims - own; e < plan.ellipsisDims; e++) held.add(layout.ellipsisAt + e);
  return held;
}

/** Sizes must agree across operands, or be 1 (broadcast). */
function checkSizes(views: Tensor[], plan: Plan, layout: Layout): void {
  const sizes = new Array<number>(layout.totalDims).fill(1);
  views.forEach((v, i) => {
    for (let d = 0; d < layout.totalDims; d++) {
      const s = v.shape[d];
      if (s === 1 || sizes[d] === s) continue;
      if (sizes[d] === 1) {
        sizes[d] = s;
        continue;
      }
      // (PyTorch's message runs "operand 1" into "has"; so does ours.)
      if (d >= layout.ellipsisAt && d < layout.ellipsisAt + plan.ellipsisDims) {
        throw runtimeError(
          `einsum(): dimension ${d - layout.ellipsisAt} covered by ellipsis in operand ${i}has size ${s} which does not broadcast with previously seen ellipsis with size ${sizes[d]} for the respective dimension`,
        );
      }
      throw runtimeError(
        `einsum(): subscript ${letterOf(layout.position.indexOf(d))} has size ${s} for operand ${i} which does not broadcast with previously seen size ${sizes[d]}`,
      );
    }
  });
}

export function einsum(
  equation: string,
  tensors: readonly Tensor[],
  path: readonly number[] | null = null,
): Tensor {
  // A contraction path only reorders the pairwise products; results agree to rounding.
  void path;
  const plan = parseEquation(equation, tensors);
  const layout = layoutOf(plan);
  const views = tensors.map((t, i) => toLayout(t, plan.inputs[i], plan, layout, i));
  checkSizes(views, plan, layout);
  const contracted = range(layout.totalDims).slice(layout.outputDims);
  const lastOperand = new Map<number, number>();
  tensors.forEach((t, i) => {
    for (const d of heldPositions(t, plan.inputs[i], plan, layout)) {
      if (d >= layout.outputDims) lastOperand.set(d, i);
    }
  });
  const result = contract(views, contracted, lastOperand);
  // Every contracted dim is size 1 by now.
  return result.view(
    result.shape.slice(0, layout.outputDims),
    result.strides.slice(0, layout.outputDims),
  );
}

/**
 * Left-to-right combination. All tensors keep every layout dim (summed ones as size 1), so dims
 * never need renumbering; PyTorch squeezes them instead, with the same sums, dtypes and errors.
 */
function contract(views: Tensor[], contracted: number[], lastOperand: Map<number, number>): Tensor {
  let result = views[0];
  for (const d of contracted) {
    if ((lastOperand.get(d) ?? 0) === 0 && result.shape[d] > 1) result = keepSum(result, d);
  }
  for (let i = 1; i < views.length; i++) {
    let operand = views[i];
    const sumDims: number[] = [];
    for (const d of contracted) {
      if (lastOperand.get(d) !== i) continue;
      if (result.shape[d] === 1) {
        if (operand.shape[d] > 1) operand = keepSum(operand, d);
      } else if (operand.shape[d] === 1) result = keepSum(result, d);
      else sumDims.push(d);
    }
    result = sumDims.length === 0 ? mul(result, operand) : sumProductPair(result, operand, sumDims);
  }
  return result;
}

/** at::sum over one dim: integers and bools sum to int64. */
export function sumAt(t: Tensor, dim: number): Tensor {
  const dtype: DType = isFloating(t.dtype) ? t.dtype : 'int64';
  const shape = t.shape.filter((_, i) => i !== dim);
  const out = Tensor.empty(shape, dtype, t.device);
  const size = t.shape[dim];
  const step = t.strides[dim];
  const rest = t.view(
    shape,
    t.strides.filter((_, i) => i !== dim),
  );
  const n = numelOf(shape);
  for (let i = 0; i < n; i++) {
    let at = rest.storageIndex(i);
    let sum = 0;
    for (let k = 0; k < size; k++, at += step) sum += t.data[at];
    out.data[i] = sum;
  }
  return out;
}

/** sum(dim, keepdim=True). */
function keepSum(t: Tensor, dim: number): Tensor {
  const summed = sumAt(t, dim);
  const shape = t.shape.slice();
  shape[dim] = 1;
  return reshapeTo(summed, shape);
}

/**
 * PyTorch's sumproduct_pair: dims both sides hold are batch dims, dims one side holds stay on
 * that side, summed dims (both hold them) contract; one bmm does it all. Summed dims come back
 * as size 1.
 */
function sumProductPair(left: Tensor, right: Tensor, sumDims: readonly number[]): Tensor {
  const ndim = left.ndim;
  const batch: number[] = [];
  const leftOnly: number[] = [];
  const rightOnly: number[] = [];
  for (let d = 0; d < ndim; d++) {
    if (sumDims.includes(d)) continue;
    const sl = left.shape[d] > 1;
    const sr = right.shape[d] > 1;
    if (sl && !sr) leftOnly.push(d);
    else if (sr && !sl) rightOnly.push(d);
    else batch.push(d);
  }
  const size = (t: Tensor, dims: readonly number[]) => numelOf(dims.map((d) => t.shape[d]));
  const b = size(left, batch);
  const l = reshapeTo(permuteView(left, [...batch, ...leftOnly, ...sumDims, ...rightOnly]), [
    b,
    size(left, leftOnly),
    size(left, sumDims),
  ]);
  const r = reshapeTo(permuteView(right, [...batch, ...sumDims, ...rightOnly, ...leftOnly]), [
    b,
    size(right, sumDims),
    size(right, rightOnly),
  ]);
  const order = [...batch, ...leftOnly, ...rightOnly];
  const sizes: Shape = order.map((d) => Math.max(left.shape[d], right.shape[d]));
  const grouped = reshapeTo(bmm(l, r), sizes);
  const shape = range(ndim).map((d) => (sumDims.includes(d) ? 1 : grouped.shape[order.indexOf(d)]));
  const strides = range(ndim).map((d) =>
    sumDims.includes(d) ? 0 : grouped.strides[order.indexOf(d)],
  );
  return grouped.view(shape, strides);
}

def('aten::einsum(str equation, Tensor[] tensors, *, int[]? path=None) -> Tensor', einsum);
