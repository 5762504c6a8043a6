// The code/ records of an archive: every class, NamedTuple and function a module needs, printed
// into one file per Python module path, as PyTorch's ScriptModuleSerializer lays them out:
// `__torch__.a.b.C` goes to code/__torch__/a/b.py, `__torch__.M` to code/__torch__.py.
//
// Each definition is printed once (see Exporter for the order); all files share the constant
// table (CONSTANTS.cN, saved as constants.pkl) and each file shares its name counters between
// its definitions.

import { CompileError } from '../frontend/errors.js';
import { ScriptFunction } from '../frontend/function.js';
import type { ModuleInfo } from '../frontend/module_value.js';
import type { ConstantValue } from '../ir/constants.js';
import type { Block, Node } from '../ir/ir.js';
import { ClassType, FunctionType, InterfaceType, TupleType, type Type } from '../types/types.js';
import {
  printClass,
  printDefinition,
  printNamedTuple,
  type FilePrintContext,
} from './class_printer.js';
import { producedVersion } from './operator_versions.js';

export interface ExportedCode {
  /** Record paths inside the archive folder (`code/__torch__.py`) to their text, in order. */
  readonly files: ReadonlyMap<string, string>;
  /** The CONSTANTS table the code refers to: tensors, non-ASCII strings. */
  readonly constants: readonly unknown[];
  /** The archive format version the code needs (operator_versions.ts). */
  readonly version: number;
}

type Definition = ClassType | TupleType | ScriptFunction;

/**
 * Prints definitions in PyTorch's order: first the classes of the objects the data pickle holds,
 * in the order it holds them, then the dependencies the printing registered, in the order it
 * registered them (PythonPrint's deps table: attribute types, then each function's parameter
 * and return types, its constants, its nodes' input and output types and called functions).
 */
class Exporter {
  private readonly registered: Definition[] = [];
  private readonly byName = new Map<string, Definition>();
  private readonly converted = new Set<Definition>();
  private readonly files = new Map<string, { text: string; ctx: FilePrintContext }>();
  private readonly constants: unknown[] = [];
  private readonly functions: ScriptFunction[] = [];

  constructor(
    private readonly moduleConstants: ReadonlyMap<ClassType, ReadonlyMap<string, ConstantValue>>,
  ) {}

  run(root: ClassType, pickledClasses: readonly ClassType[]): ExportedCode {
    for (const c of pickledClasses) this.convert(c);
    this.register(root);
    for (let i = 0; i < this.registered.length; i++) this.convert(this.registered[i]);
    const files = new Map([...this.files].map(([path, f]) => [path, f.text]));
    const version = producedVersion(this.functions.map((f) => f.graph));
    return { files, constants: this.constants, version };
  }

  private convert(d: Definition): void {
    if (this.converted.has(d)) return;
    this.checkName(d);
    this.converted.add(d);
    const name = qualifiedNameOf(d);
    const file = this.file(name.slice(0, name.lastIndexOf('.')));
    if (d instanceof ScriptFunction) {
      file.text += printDefinition(d, d.name, file.ctx);
      this.functionDependencies(d);
    } else if (d instanceof TupleType) {
      file.text += printNamedTuple(d);
      d.elems.forEach((t) => this.registerType(t));
    } else {
      const constants = this.moduleConstants.get(d) ?? (d.constants as Map<string, ConstantValue>);
      file.text += printClass(d, constants, file.ctx);
      for (const a of d.attributes) this.registerType(a.type);
      for (const fn of d.methods.values()) this.functionDependencies(fn as ScriptFunction);
    }
  }

  private file(qualifier: string): { text: string; ctx: FilePrintContext } {
    const path = `code/${qualifier.replace(/\./g, '/')}.py`;
    let f = this.files.get(path);
    if (f === undefined) {
      f = { text: '', ctx: { constants: this.constants, nameCounters: new Map() } };
      this.files.set(path, f);
    }
    return f;
  }

  /** Names are the archive's keys: two different definitions may not share one. */
  private checkName(d: Definition): void {
    const name = qualifiedNameOf(d);
    const known = this.byName.get(name);
    if (known !== undefined && known !== d) {
      throw new CompileError(
        `saving two different classes or functions named ${name} in one archive: not supported yet`,
        [],
      );
    }
    if (!name.startsWith('__torch__.')) {
      throw new CompileError(
        `saving ${name}, which is not a class or function of __torch__: not supported yet`,
        [],
      );
    }
    this.byName.set(name, d);
  }

  private register(d: Definition): void {
    if (!this.registered.includes(d)) this.registered.push(d);
  }

  private registerType(t: Type): void {
    if (t instanceof ClassType) this.register(t);
    else if (t instanceof TupleType && t.named !== null && t.named.name !== '') this.register(t);
    else if (t instanceof InterfaceType) {
      throw new CompileError(`saving interface types (${t.qualifiedName}): not supported yet`, []);
    }
    t.containedTypes().forEach((c) => this.registerType(c));
  }

  private functionDependencies(fn: ScriptFunction): void {
    this.functions.push(fn);
    const sig = fn.signature;
    sig.args.forEach((a) => this.registerType(a.type));
    sig.returns.forEach((r) => this.registerType(r.type));
    this.bodyDependencies(fn.graph.block);
  }

  /** As printBody: the constants first, in the order they are used, then the nodes. */
  private bodyDependencies(b: Block): void {
    for (const c of constantsInUseOrder(b)) this.nodeDependencies(c);
    this.blockDependencies(b);
    this.nodeDependencies(b.returnNode);
  }

  private blockDependencies(b: Block): void {
    for (const n of b.nodes) {
      this.nodeDependencies(n);
      n.blocks.forEach((inner) => this.blockDependencies(inner));
      const sub = n.attribute('Subgraph');
      if (sub?.kind === 'g') this.bodyDependencies(sub.value.block);
    }
  }

  private nodeDependencies(n: Node): void {
    n.inputs.forEach((v) => this.registerType(v.type));
    n.outputs.forEach((v) => this.registerType(v.type));
    for (const a of n.attributes.values()) if (a.kind === 'ty') this.registerType(a.value);
    const out = n.outputs[0];
    if (n.kind === 'prim::Constant' && out?.type instanceof FunctionType) {
      const fn = out.type.fn;
      if (!(fn instanceof ScriptFunction)) {
        throw new CompileError(`saving a reference to ${fn.qualifiedName}: not supported yet`, []);
      }
      this.register(fn);
    }
  }
}

/** The prim::Constant nodes a block's nodes use, in order of first use (nested blocks too). */
function constantsInUseOrder(b: Block): Node[] {
  const out: Node[] = [];
  const seen = new Set<Node>();
  const visit = (block: Block): void => {
    for (const n of [...block.nodes, block.returnNode]) {
      for (const v of n.inputs) {
        if (v.node?.kind === 'prim::Constant' && !seen.has(v.node)) {
          seen.add(v.node);
          out.push(v.node);
        }
      }
      n.blocks.forEach(visit);
    }
  };
  visit(b);
  return out;
}

function qualifiedNameOf(d: Definition): string {
  if (d instanceof TupleType) return d.named!.name;
  return d.qualifiedName;
}

/** Final constants of every module type under `root`, which ModuleInfo keeps apart from types. */
function constantsByType(root: ModuleInfo): Map<ClassType, ReadonlyMap<string, ConstantValue>> {
  const out = new Map<ClassType, ReadonlyMap<string, ConstantValue>>();
  const visit = (info: ModuleInfo): void => {
    if (out.has(info.type)) return;
    out.set(info.type, info.constants);
    info.submodules.forEach(visit);
  };
  visit(root);
  return out;
}

/**
 * The code records of a module's archive. `pickledClasses` are the classes of the objects the
 * data pickle holds, in the order it holds them: PyTorch prints those first.
 */
export function exportCode(
  root: ModuleInfo,
  pickledClasses: readonly ClassType[] = [],
): ExportedCode {
  return new Exporter(constantsByType(root)).run(root.type, pickledClasses);
}
