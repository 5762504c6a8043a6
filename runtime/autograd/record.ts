// Recording: every operator's implementation is wrapped (index.ts) so that a call made with grad
// mode on, with an argument that requires grad, adds a node to the graph and makes the outputs
// point at it. Calls that need no recording cost one flag check and a look at the tensor
// arguments. In-place operators also count writes (each storage's version) whether recorded or
// not, so that a saved tensor changed before backward is caught.

import { runtimeError } from '../errors.js';
import type { Impl, Operator } from '../ops/registry.js';
import { qualifiedName, type SchemaType } from '../ops/schema.js';
import { isFloating } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { edgeOf } from './accumulate_grad.js';
import type { Recorded } from './context.js';
import { AsStridedBackward, CopySlices, geometryOf } from './copy_slices.js';
import { entryOf, metaOf, type Derivative, type Entry, type TensorMeta } from './derivatives.js';
import { FormulaNode, UnsupportedNode, type ArgumentEdges } from './formula_node.js';
import { clone } from './functions.js';
import { gradMode, withGradMode } from './grad_mode.js';
import type { Edge, Node } from './node.js';
import nodeNames from './node_names.json' with { type: 'json' };
import { SavedTensor } from './saved.js';

/** A Tensor, Tensor?, Tensor[] or Tensor?[] argument. */
interface TensorArgument {
  readonly index: number;
  readonly name: string;
  readonly list: boolean;
}

/** What is decided once per operator about recording its calls. */
interface Plan {
  readonly op: Operator;
  readonly qualified: string;
  readonly tensorArgs: readonly TensorArgument[];
  /** Arguments the operator writes to. */
  readonly writes: readonly number[];
  /** Writes its first argument and returns it (add_, copy_). */
  readonly inplace: boolean;
  /** Writes an `out=` argument. */
  readonly outVariant: boolean;
  /** Names the derivative may save outputs by: `result`, or the schema's return names. */
  readonly outputNames: readonly string[];
  /** Changes only self's shape or strides (squeeze_): no write to a view's base. */
  readonly metadataOnly: boolean;
  /** The positions of tensorArgs, for recordArguments. */
  readonly tensorIndices: ReadonlySet<number>;
  /** How the operator records, looked up on its first recorded call (formulas load last). */
  resolved?: Resolution;
  /** The edges' slices per argument, where every call has the same (see collectEdges). */
  slices?: readonly ArgumentEdges[];
}

type Resolution = Entry | { readonly kind: 'unsupported'; readonly name: string } | null;

/** Operators about autograd's own state, which never record. */
const untracked = new Set(
  [
    'requires_grad_',
    'detach_',
    'retain_grad',
    'backward',
    'backward.TensorList',
    'grad',
    '_version',
    'output_nr',
    'set_grad_enabled',
    'detach',
    'tensor',
    'histc',
    'bernoulli.p',
    'sorted.Tensor',
  ].map((name) => `aten::${name}`),
);

/** Factories shaped like a tensor (zeros_like, new_ones...): PyTorch never records them. */
function isFactory(qualified: string): boolean {
  return /^aten::(\w+_like|new_\w+)(\.|$)/.test(qualified);
}

/** In-place operators that change only the shape or strides of self, not its memory. */
const metadataOnly = new Set(
  ['squeeze_', 'squeeze_.dim', 'unsqueeze_', 't_', 'transpose_', 'swapdims_', 'swapaxes_'].map(
    (name) => `aten::${name}`,
  ),
);

const names = nodeNames as Readonly<Record<string, string | null>>;

export function recordingImplementation(op: Operator): Impl {
  const impl = op.impl;
  const plan = planOf(op);
  if (plan === null) return impl;
  const args = plan.tensorArgs;
  if (plan.writes.length === 0) {
    return (...values: unknown[]) =>
      gradMode.enabled && anyRequiresGrad(values, args)
        ? record(plan, impl, values)
        : impl(...values);
  }
  return (...values: unknown[]) => {
    if (gradMode.enabled && anyRequiresGrad(values, args)) return record(plan, impl, values);
    const result = impl(...values);
    bumpVersions(values, plan.writes);
    return result;
  };
}

function planOf(op: Operator): Plan | null {
  const qualified = qualifiedName(op.schema);
  if (op.typed || untracked.has(qualified) || isFactory(qualified)) return null;
  const params = op.schema.args;
  const tensorArgs: TensorArgument[] = [];
  params.forEach((p, index) => {
    const kind = tensorKind(p.type);
    if (kind !== null) tensorArgs.push({ index, name: p.name, list: kind === 'list' });
  });
  const writes = params.flatMap((p, i) => (p.alias?.isWrite === true ? [i] : []));
  const returnsTensors = op.schema.returns.some((r) => tensorKind(r.type) !== null);
  if (tensorArgs.length === 0 || (!returnsTensors && writes.length === 0)) return null;
  const outVariant = writes.some((i) => params[i].kwargOnly);
  const returns = op.schema.returns;
  return {
    op,
    qualified,
    tensorArgs,
    writes,
    inplace: writes.length > 0 && writes[0] === 0 && !outVariant,
    outVariant,
    outputNames: returns.map((r, i) => (i === 0 ? 'result' : r.name || `result${i}`)),
    metadataOnly: metadataOnly.has(qualified),
    tensorIndices: new Set(tensorArgs.map((a) => a.index)),
  };
}

function tensorKind(type: SchemaType): 'tensor' | 'list' | null {
  if (type.kind === 'optional') return tensorKind(type.elem);
  if (type.kind === 'base') return type.name === 'Tensor' ? 'tensor' : null;
  if (type.kind === 'list') return tensorKind(type.elem) === 'tensor' ? 'list' : null;
  return null;
}

function anyRequiresGrad(values: readonly unknown[], args: readonly TensorArgument[]): boolean {
  for (const a of args) {
    const v = values[a.index];
    if (v instanceof Tensor) {
      if (v.requiresGrad) return true;
    } else if (a.list && Array.isArray(v)) {
      for (const t of v) if (t instanceof Tensor && t.requiresGrad) return true;
    }
  }
  return false;
}

function bumpVersions(values: readonly unknown[], writes: readonly number[]): void {
  for (const i of writes) {
    const v = values[i];
    if (v instanceof Tensor) v.storage.version++;
  }
}

// ---- recording one call ----

/** The entry of the table for an operator; null where PyTorch does not differentiate it. */
function resolve(plan: Plan): Resolution {
  if (plan.resolved === undefined) plan.resolved = lookupResolution(plan);
  return plan.resolved;
}

function lookupResolution(plan: Plan): Resolution {
  const entry = entryOf(plan.qualified);
  if (entry !== undefined) return entry;
  const name = names[plan.qualified];
  if (name === null) return null;
  return { kind: 'unsupported', name: name ?? fallbackName(plan.op.schema.name) };
}

/** `aten::foo_bar` → FooBarBackward0, PyTorch's pattern for an operator's first formula. */
function fallbackName(name: string): string {
  const base = name.replace(/^\w+::/, '').replace(/_$/, '');
  const camel = base
    .split('_')
    .filter((s) => s !== '')
    .map((s) => s[0].toUpperCase() + s.slice(1))
    .join('');
  return `${camel}Backward0`;
}

function record(plan: Plan, impl: Impl, values: unknown[]): unknown {
  if (plan.outVariant) {
    const short = plan.op.schema.name.replace(/^\w+::/, '');
    throw runtimeError(
      `${short}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`,
    );
  }
  const entry = resolve(plan);
  if (entry?.kind === 'decomposition') return entry.run(...values);
  const derivative = entry?.kind === 'derivative' ? entry.derivative : null;
  if (entry === null) return runUnrecorded(plan, impl, values);
  const { edges, slices } = collectEdges(plan, values, derivative);
  if (edges.every((e) => e === null)) return runUnrecorded(plan, impl, values);
  const self = plan.inplace && values[0] instanceof Tensor ? values[0] : null;
  if (self !== null) checkInPlace(self);
  const recorded = recordArguments(plan, values, derivative);
  const result = impl(...values);
  bumpVersions(values, plan.writes);
  const outputs = outputTensors(result);
  const node =
    derivative === null
      ? new UnsupportedNode(entry.kind === 'unsupported' ? entry.name : '', edges, plan.qualified)
      : new FormulaNode(edges, derivative, recorded, slices);
  recorded.outputs.push(...outputs.map(metaOf));
  saveOutputs(plan, derivative, recorded, outputs);
  const differentiable = derivative?.outputs ?? outputs.length;
  attachOutputs(node, outputs.slice(0, differentiable), values, self, !plan.metadataOnly);
  return result;
}

function runUnrecorded(plan: Plan, impl: Impl, values: unknown[]): unknown {
  const result = impl(...values);
  bumpVersions(values, plan.writes);
  return result;
}

function collectEdges(
  plan: Plan,
  values: readonly unknown[],
  derivative: Derivative | null,
): { edges: (Edge | null)[]; slices: readonly ArgumentEdges[] } {
  const edges: (Edge | null)[] = [];
  // With a formula and no list arguments, every argument it differentiates has one edge: the
  // slices are the same for every call, made once.
  const fixed = derivative !== null && !plan.tensorArgs.some((a) => a.list);
  const slices: ArgumentEdges[] | null = fixed && plan.slices !== undefined ? null : [];
  for (const a of plan.tensorArgs) {
    if (derivative !== null && !(a.name in derivative.grads)) continue;
    const v = values[a.index];
    const start = edges.length;
    if (a.list) {
      if (Array.isArray(v)) {
        for (const t of v)
          if (derivative !== null || isDifferentiable(t)) edges.push(edgeOrNull(t));
      }
    } else if (derivative !== null || isDifferentiable(v)) {
      edges.push(edgeOrNull(v));
    }
    slices?.push({ name: a.name, start, count: edges.length - start, list: a.list });
  }
  if (slices === null) return { edges, slices: plan.slices! };
  if (fixed) plan.slices = slices;
  return { edges, slices };
}

/**
 * Whether an argument of an operator without a formula gets an edge: PyTorch's nodes have one
 * per differentiable input, which floating point tensors are and indices or masks are not.
 */
function isDifferentiable(v: unknown): boolean {
  return v instanceof Tensor && isFloating(v.dtype);
}

function edgeOrNull(v: unknown): Edge | null {
  return v instanceof Tensor ? gradEdge(v) : null;
}

/** Only floating point tensors carry gradients. */
function gradEdge(t: Tensor): Edge | null {
  return isFloating(t.dtype) ? edgeOf(t) : null;
}

interface MutableRecorded extends Recorded {
  readonly values: Record<string, unknown>;
  readonly saved: Record<string, SavedTensor | readonly (SavedTensor | null)[]>;
  readonly metas: Record<string, TensorMeta | readonly (TensorMeta | null)[]>;
  readonly outputs: TensorMeta[];
}

/** What the node keeps of the arguments, taken before the call (an in-place call changes self). */
function recordArguments(
  plan: Plan,
  values: readonly unknown[],
  derivative: Derivative | null,
): MutableRecorded {
  const params = plan.op.schema.args;
  const saves = derivative?.saves ?? [];
  const recorded: MutableRecorded = { values: {}, saved: {}, metas: {}, outputs: [] };
  const tensorArgs = plan.tensorIndices;
  params.forEach((p, i) => {
    const v = values[i];
    if (!tensorArgs.has(i)) {
      recorded.values[p.name] = v;
      return;
    }
    if (v instanceof Tensor) {
      recorded.metas[p.name] = metaOf(v);
      if (saves.includes(p.name)) recorded.saved[p.name] = saveInput(plan, i, v);
    } else if (Array.isArray(v)) {
      recorded.metas[p.name] = v.map((t) => (t instanceof Tensor ? metaOf(t) : null));
      if (saves.includes(p.name)) {
        recorded.saved[p.name] = v.map((t) => (t instanceof Tensor ? new SavedTensor(t) : null));
      }
    }
  });
  return recorded;
}

/** An input to keep; an in-place operation's self is kept as it was before the write. */
function saveInput(plan: Plan, index: number, t: Tensor): SavedTensor {
  if (plan.inplace && index === 0) return new SavedTensor(withGradMode(false, () => clone(t)));
  return new SavedTensor(t);
}

function saveOutputs(
  plan: Plan,
  derivative: Derivative | null,
  recorded: MutableRecorded,
  outputs: readonly Tensor[],
): void {
  const saves = derivative?.saves ?? [];
  plan.outputNames.forEach((name, i) => {
    if (saves.includes(name) && outputs[i] !== undefined) {
      recorded.saved[name] = new SavedTensor(outputs[i]);
    }
  });
}

/** The tensors an operator returned, in order (a Tensor[] result: each element). */
function outputTensors(result: unknown): Tensor[] {
  if (result instanceof Tensor) return [result];
  if (!Array.isArray(result)) return [];
  const out: Tensor[] = [];
  for (const r of result) {
    if (r instanceof Tensor) out.push(r);
    else if (Array.isArray(r)) out.push(...r.filter((t): t is Tensor => t instanceof Tensor));
  }
  return out;
}

/**
 * Makes the outputs results of `node`. An output that is one of the inputs, returned as it is
 * (contiguous() of a contiguous tensor), keeps its history, except an in-place operation's self,
 * whose history the node continues; a view changed in place changes its base's history too.
 */
function attachOutputs(
  node: Node,
  outputs: readonly Tensor[],
  values: readonly unknown[],
  self: Tensor | null,
  writesMemory: boolean,
): void {
  outputs.forEach((t, i) => {
    if (!isFloating(t.dtype)) return;
    if (t === self) {
      if (writesMemory && t.base !== null) return rebaseView(node, t);
    } else if (values.includes(t)) {
      return;
    }
    t.gradFn = node;
    t.outputNr = i;
    t.requiresGrad = true;
  });
}

/** An in-place operation on a view: the base's history becomes CopySlices of the operation. */
function rebaseView(node: Node, view: Tensor): void {
  const base = view.base!;
  const length = base.storage.data.length;
  const baseGeometry = geometryOf(base);
  const copySlices = new CopySlices(edgeOf(base), baseGeometry, geometryOf(view), length, node);
  base.gradFn = copySlices;
  base.outputNr = 0;
  base.requiresGrad = true;
  view.gradFn = new AsStridedBackward(edgeOf(base), baseGeometry, geometryOf(view), length);
  view.outputNr = 0;
  view.requiresGrad = true;
}

/** PyTorch's refusals of in-place operations that would lose gradients. */
function checkInPlace(self: Tensor): void {
  if (self.requiresGrad && self.gradFn === null && self.base === null) {
    throw runtimeError(
      'a leaf Variable that requires grad is being used in an in-place operation.',
    );
  }
  const base = self.base;
  if (base !== null && base.requiresGrad && base.gradFn === null) {
    throw runtimeError(
      'a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
  }
}
