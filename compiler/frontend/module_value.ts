// A scripted nn.Module inside the code compiled for it: `self`, its submodules and containers.
// What a module holds is known at compile time (its ModuleInfo, built from the Python instance):
// `self.linear` is a submodule, `self.weight` a parameter read with prim::GetAttr, `self.k` of a
// Final or __constants__ name a constant, `self.helper(x)` a method compiled on first use,
// `for layer in self.layers` an unrolled loop over a ModuleList.

import { insertConstant, type ConstantValue } from '../ir/constants.js';
import { createGetAttr } from '../ir/create.js';
import type { Node, Value } from '../ir/ir.js';
import type { ClassType, Type } from '../types/types.js';
import { CompileError } from './errors.js';
import { PythonFunctionValue, type PythonFunction } from './python_function.js';
import type { ScriptFunction } from './function.js';
import { NamedValue } from './schema_matching.js';
import type { SourceRange } from './source.js';
import {
  MethodValue,
  SimpleValue,
  SugaredTupleValue,
  SugaredValue,
  type Method,
} from './sugared_value.js';

export type ModuleKind = 'module' | 'ModuleList' | 'Sequential' | 'ModuleDict';

export interface ModuleInfo {
  readonly type: ClassType;
  readonly kind: ModuleKind;
  readonly submodules: ReadonlyMap<string, ModuleInfo>;
  readonly constants: ReadonlyMap<string, ConstantValue>;
  readonly ignored: ReadonlyMap<string, PythonFunction>;
  /** Attributes the host could not give a TorchScript type, with why. */
  readonly failedAttributes: ReadonlyMap<string, string>;
  /** The method `name`, compiled on first use; null when the Python class has none. */
  method(name: string): ScriptFunction | null;
}

export class ModuleValue extends SugaredValue {
  constructor(
    readonly self: Value,
    readonly info: ModuleInfo,
  ) {
    super();
  }

  kind(): string {
    return 'module';
  }

  override asValue(): Value {
    return this.self;
  }

  override attr(range: SourceRange, m: Method, field: string): SugaredValue {
    const { info } = this;
    const g = m.graph;
    if (info.kind === 'ModuleDict' && ['keys', 'values', 'items'].includes(field)) {
      return new ContainerMethodValue(this, field);
    }
    const sub = info.submodules.get(field);
    if (sub !== undefined) {
      const get = g.insertNode(createGetAttr(g, this.self, field, sub.type));
      return new ModuleValue(get.output(), sub);
    }
    const attribute = info.type.findAttribute(field);
    if (attribute !== undefined) {
      return new SimpleValue(
        g.insertNode(createGetAttr(g, this.self, field, attribute.type)).output(),
      );
    }
    const constant = info.constants.get(field);
    if (constant !== undefined) return new SimpleValue(insertConstant(g, constant, range));
    const ignored = info.ignored.get(field);
    if (ignored !== undefined) return new PythonFunctionValue(this.self, field, ignored);
    const method = info.method(field);
    if (method !== null) return new MethodValue(this.self, field);
    const failure = info.failedAttributes.get(field);
    const hint = failure === undefined ? '' : ` (${failure})`;
    throw CompileError.at(range, `Module '${info.type.name}' has no attribute '${field}'${hint}`);
  }

  override hasAttr(range: SourceRange, m: Method, field: string): boolean {
    void range;
    void m;
    const { info } = this;
    return (
      info.submodules.has(field) ||
      info.type.findAttribute(field) !== undefined ||
      info.constants.has(field) ||
      info.method(field) !== null
    );
  }

  override setAttr(range: SourceRange, m: Method, field: string, v: Value): void {
    new SimpleValue(this.self).setAttr(range, m, field, v);
  }

  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
    nBinders: number,
  ): SugaredValue {
    return this.attr(range, m, 'forward').call(range, m, args, kwargs, nBinders);
  }

  /** The submodules of a container in order, each read once (GetAttr) before the loop. */
  private children(m: Method): [string, ModuleValue][] {
    const g = m.graph;
    return [...this.info.submodules].map(([name, sub]) => {
      const get = g.insertNode(createGetAttr(g, this.self, name, sub.type));
      return [name, new ModuleValue(get.output(), sub)];
    });
  }

  override iter(range: SourceRange, m: Method): SugaredValue {
    switch (this.info.kind) {
      case 'ModuleList':
      case 'Sequential':
        return new SugaredTupleValue(this.children(m).map(([, v]) => v));
      case 'ModuleDict':
        return new SugaredTupleValue(this.keys(m));
      default:
        throw CompileError.at(range, `'${this.info.type.annotation()}' object is not iterable`);
    }
  }

  private keys(m: Method): SugaredValue[] {
    return [...this.info.submodules.keys()].map((k) => new SimpleValue(insertConstant(m.graph, k)));
  }

  override staticLen(): number | null {
    return this.info.kind === 'module' ? null : this.info.submodules.size;
  }

  override len(range: SourceRange, m: Method): Value {
    const n = this.staticLen();
    if (n === null) throw CompileError.at(range, `object of type 'module' has no len()`);
    return insertConstant(m.graph, BigInt(n), range);
  }

  override getitem(
    range: SourceRange,
    m: Method,
    idx: Value,
    typeHint: Type | null = null,
  ): SugaredValue {
    void typeHint;
    const key = idx.node?.kind === 'prim::Constant' ? constantKey(idx.node) : null;
    const names = [...this.info.submodules.keys()];
    let name: string | undefined;
    if (this.info.kind === 'ModuleDict' && typeof key === 'string') name = key;
    else if (this.info.kind !== 'module' && typeof key === 'number') {
      name = names[key < 0 ? key + names.length : key];
    }
    if (name === undefined || !this.info.submodules.has(name)) {
      throw CompileError.at(
        range,
        this.info.kind === 'module'
          ? `'${this.info.type.annotation()}' object is not subscriptable`
          : `Index ${String(key)} is not a valid key or index of ${this.info.kind} ${this.info.type.name}`,
      );
    }
    return this.attr(range, m, name);
  }

  /** ModuleDict's keys(), values() and items(), unrolled like iteration. */
  containerItems(m: Method, name: string): SugaredValue {
    const children = this.children(m);
    switch (name) {
      case 'keys':
        return new SugaredTupleValue(this.keys(m));
      case 'values':
        return new SugaredTupleValue(children.map(([, v]) => v));
      case 'items':
        return new SugaredTupleValue(
          children.map(
            ([k, v]) => new SugaredTupleValue([new SimpleValue(insertConstant(m.graph, k)), v]),
          ),
        );
      default:
        throw new Error(`ModuleDict has no ${name}()`);
    }
  }
}

/** `self.heads.items()` on a ModuleDict. */
class ContainerMethodValue extends SugaredValue {
  constructor(
    private readonly dict: ModuleValue,
    private readonly name: string,
  ) {
    super();
  }

  kind(): string {
    return 'builtin method';
  }

  override call(range: SourceRange, m: Method, args: NamedValue[]): SugaredValue {
    if (args.length > 0) throw CompileError.at(range, `${this.name}() takes no arguments`);
    return this.dict.containerItems(m, this.name);
  }
}

function constantKey(n: Node): string | number | null {
  const a = n.attribute('value');
  if (a?.kind === 's') return a.value;
  if (a?.kind === 'i') return Number(a.value);
  return null;
}
