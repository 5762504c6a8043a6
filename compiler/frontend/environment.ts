// Variable scopes while emitting a function. Python has function scope, TorchScript blocks:
// each `if` branch and loop body gets a frame. First-class values are written with prim::Store
// and read with prim::Load (ConvertToSSA turns these into block inputs and outputs later);
// sugared values (modules, functions, ranges) live in a table and are never stored.

import { createLoad, createStore } from '../ir/create.js';
import type { Block, Value } from '../ir/ir.js';
import { isSubtype } from '../types/subtype.js';
import { ListType, Type } from '../types/types.js';
import { CompileError } from './errors.js';
import { tryConvertToType } from './schema_matching.js';
import type { SourceRange } from './source.js';
import { SimpleValue, type Method, type SugaredValue } from './sugared_value.js';
import { unshaped } from '../types/subtype.js';

/** Names the compiler does not store: `$tmp` temporaries and `_0`-style names. */
export function meaningfulName(name: string): boolean {
  if (name.length === 0 || name[0] === '$') return false;
  if (name[0] !== '_') return true;
  return !/^_\d+$/.test(name);
}

export class Environment {
  private readonly typeTable = new Map<string, Type>();
  private readonly valueTable = new Map<string, SugaredValue>();
  /** Set on the outermost frame: why a variable is undefined, if a branch left it so. */
  private readonly errorMessages = new Map<string, () => CompileError>();

  constructor(
    readonly method: Method,
    readonly block: Block,
    readonly next: Environment | null,
    /** Looks up names that are not variables: builtins, then the host's resolver. */
    private readonly lookupGlobal: (name: string, range: SourceRange) => SugaredValue | null,
  ) {}

  private get graph() {
    return this.method.graph;
  }

  private root(): Environment {
    let e: Environment = this;
    while (e.next !== null) e = e.next;
    return e;
  }

  setVariableTypeError(name: string, error: () => CompileError): void {
    this.root().errorMessages.set(name, error);
  }

  findVariableTypeError(name: string): (() => CompileError) | undefined {
    return this.root().errorMessages.get(name);
  }

  private insertLoad(name: string, type: Type): SugaredValue {
    const load = this.graph.insertNode(createLoad(this.graph, name, type));
    if (meaningfulName(name)) load.output().setDebugName(name);
    return new SimpleValue(load.output());
  }

  private insertStore(name: string, range: SourceRange, v: Value, type: Type): void {
    const store = this.graph.insertNode(createStore(this.graph, name, v));
    store.sourceRange = range;
    this.typeTable.set(name, type);
  }

  findInThisFrame(name: string): SugaredValue | null {
    const v = this.valueTable.get(name);
    if (v !== undefined) return v;
    const t = this.typeTable.get(name);
    return t === undefined ? null : this.insertLoad(name, t);
  }

  findInParentFrame(name: string): SugaredValue | null {
    return this.next === null ? null : this.next.findInAnyFrame(name);
  }

  findInAnyFrame(name: string): SugaredValue | null {
    for (let e: Environment | null = this; e !== null; e = e.next) {
      const v = e.findInThisFrame(name);
      if (v !== null) return v;
    }
    return null;
  }

  setType(name: string, type: Type): void {
    this.typeTable.set(name, type);
  }

  setVar(range: SourceRange, name: string, v: Value): void {
    this.setSugaredVar(range, name, new SimpleValue(v), null);
  }

  setSugaredVar(
    range: SourceRange,
    name: string,
    value: SugaredValue,
    annotated: Type | null,
  ): void {
    let simple = value instanceof SimpleValue ? value.value : null;
    if (
      simple !== null &&
      simple.debugName === null &&
      meaningfulName(name) &&
      // Block parameters belong to their block, as PyTorch's param nodes do.
      (simple.node?.owningBlock ?? simple.block) === this.block
    ) {
      simple.setDebugName(name);
    }
    // A variable defined outside this block keeps its type: only first-class values may change.
    const parent = this.findInParentFrame(name);
    if (parent !== null) {
      if (annotated !== null) {
        throw CompileError.at(
          range,
          `Attempting to declare and annotate the type of variable '${name}' but it is already defined in an outer block`,
        );
      }
      if (simple === null) {
        throw CompileError.at(
          range,
          `Cannot re-assign '${name}' to a value of type ${value.kind()} because ${name} is not a first-class value.  Only reassignments to first-class values are allowed`,
        );
      }
      if (!(parent instanceof SimpleValue)) {
        throw CompileError.at(
          range,
          `Cannot re-assign '${name}' because it has type ${value.kind()} and ${name} is not a first-class value.  Only reassignments to first-class values are allowed`,
        );
      }
      const parentType = unshaped(parent.value.type);
      simple = tryConvertToType(range, this.graph, parentType, simple, true);
      if (!isSubtype(simple.type, parentType)) {
        let message = `Variable '${name}' previously has type ${parent.value.type.annotation()} but is now being assigned to a value of type ${simple.type.annotation()}`;
        if (parent.value.type instanceof ListType && simple.type instanceof ListType) {
          message +=
            '\nEmpty lists default to List[Tensor]. Add a variable annotation to the assignment to create an empty list of another type (torch.jit.annotate(List[T, []]) where T is the type of elements in the list for Python 2)';
        }
        throw CompileError.at(range, `${message}\n`);
      }
    }
    if (simple !== null) {
      if (annotated !== null && !isSubtype(simple.type, annotated)) {
        throw CompileError.at(
          range,
          `Variable '${name}' is annotated with type ${annotated.annotation()} but is being assigned to a value of type ${simple.type.annotation()}`,
        );
      }
      this.insertStore(name, range, simple, annotated ?? simple.type);
    } else {
      this.valueTable.set(name, value);
    }
  }

  getSugaredVar(name: string, range: SourceRange, required = true): SugaredValue | null {
    let v = this.findInAnyFrame(name);
    if (v === null) v = this.lookupGlobal(name, range);
    if (v === null && required) {
      const error = this.findVariableTypeError(name);
      if (error !== undefined) {
        // PyTorch rethrows the stored report's text, which starts with its own newline.
        const e = error();
        throw new CompileError(`\n${e.detail}`, [...e.parts, { range, lead: 'and was used here' }]);
      }
      throw CompileError.at(range, `undefined value ${name}`);
    }
    return v;
  }

  getVar(name: string, range: SourceRange): Value {
    return this.getSugaredVar(name, range)!.asValue(range, this.method);
  }

  removeVar(name: string, range: SourceRange, checkRemoved = false): void {
    let removed = false;
    for (let e: Environment | null = this; e !== null; e = e.next) {
      const a = e.valueTable.delete(name);
      const b = e.typeTable.delete(name);
      removed = a || b;
    }
    if (checkRemoved && !removed) throw CompileError.at(range, `undefined value ${name}`);
  }

  /** Names stored in this frame, sorted: PyTorch visits them through ordered sets. */
  definedVariables(): string[] {
    return [...this.typeTable.keys()].sort();
  }
}
