// The compiler's entry points: functions, TorchScript classes and NamedTuples defined from
// source text, compiled on first use into graphs that have been through PyTorch's clean-up.

// Installs the builtin function library the emitter matches calls against.
import './builtin_functions.js';
import { convertToSSA } from './frontend/convert_to_ssa.js';
import { CompileError } from './frontend/errors.js';
import { Frontend } from './frontend/frontend.js';
import { ScriptFunction } from './frontend/function.js';
import { IREmitter, type Resolver, type Self } from './frontend/ir_emitter.js';
import { parseModule } from './frontend/parser.js';
import { SourceRange, type Source } from './frontend/source.js';
import { SimpleValue, type SugaredValue } from './frontend/sugared_value.js';
import type * as P from './frontend/tree.js';
import type * as T from './frontend/tree_views.js';
import { ConstantList, constantText, type ConstantValue } from './ir/constants.js';
import type { Graph, Value } from './ir/ir.js';
import { canonicalizeModifiedLoops } from './passes/canonicalize_modified_loops.js';
import { runCleanupPasses } from './passes/cleanup.js';
import { normalizeOps } from './passes/normalize_ops.js';
import type { Signature } from './types/signature.js';
import { ClassType, type Type } from './types/types.js';
import { ModuleValue, type ModuleInfo, type ModuleKind } from './frontend/module_value.js';
import type { PythonFunction } from './frontend/python_function.js';
import { pythonFunctionSignature } from './frontend/python_signature.js';
import type { PythonCallable } from './ir/python_ops.js';

/** Where a function's source comes from, as the host gives it. */
export interface FunctionSource {
  /** The source of the def alone (decorators included), as inspect.getsource returns it. */
  readonly source: Source;
  /** The defaults of its parameters, already evaluated by the host. */
  readonly defaults?: ReadonlyMap<string, ConstantValue>;
}

/** Parses a source holding one function definition (possibly indented: a method). */
export function parseDef(source: Source, selfName: string | null = null, name?: string): T.Def {
  const body = parseModule(source).body;
  const fn = body.find((s): s is P.FunctionDef => s.kind === 'FunctionDef');
  if (body.length !== 1 || fn === undefined) {
    throw new CompileError(
      `Expected a single top-level function: ${source.filename}:${source.lineOffset + 1}`,
      [],
    );
  }
  return new Frontend(source).def(fn, name ?? fn.name, selfName);
}

/**
 * A def's declaration alone, its body left out: what a Python function left to Python (an
 * ignored method) shows TorchScript, whatever Python its body holds.
 */
export function parseDeclaration(source: Source, selfName: string | null, name: string): T.Def {
  const body = parseModule(source).body;
  const fn = body.find((s): s is P.FunctionDef => s.kind === 'FunctionDef');
  if (fn === undefined) throw new CompileError(`Expected a function: ${source.filename}`, []);
  return new Frontend(source).def({ ...fn, body: [] }, name, selfName);
}

/** Emits a def into `fn`'s graph and runs the passes PyTorch runs before showing it. */
export function emitFunction(
  fn: ScriptFunction,
  def: T.Def,
  resolver: Resolver,
  self: Self | null = null,
  defaults: ReadonlyMap<string, ConstantValue> = new Map(),
): Signature {
  const emitter = new IREmitter(fn, resolver);
  const sig = emitter.emitDef(def, self, fn.graph.block, defaults);
  const g = fn.graph;
  convertToSSA(g);
  canonicalizeModifiedLoops(g);
  normalizeOps(g);
  runCleanupPasses(g);
  return sig;
}

/** emitFunction for Python's source, whose defaults Python evaluated. */
function emitPythonFunction(
  fn: ScriptFunction,
  def: T.Def,
  resolver: Resolver,
  self: Self | null,
  defaults: ReadonlyMap<string, ConstantValue> = new Map(),
): Signature {
  checkMutableDefaults(def, defaults);
  return emitFunction(fn, def, resolver, self, defaults);
}

/** PyTorch refuses list defaults (Python would share one list between calls), underlining from
 * the first parameter to the end of the function. */
function checkMutableDefaults(def: T.Def, defaults: ReadonlyMap<string, ConstantValue>): void {
  for (const p of def.decl.params) {
    if (!(defaults.get(p.ident.name) instanceof ConstantList)) continue;
    throw CompileError.at(
      new SourceRange(def.range.source, def.decl.params[0].range.start, def.range.end),
      'Mutable default parameters are not supported because Python binds them to the function ' +
        'and they persist across function calls.\n As a workaround, make the default None and ' +
        'instantiate the default parameter within the body of the function. Found ' +
        `<class 'list'> on parameter ${p.ident.name}`,
    );
  }
}

/** A module attribute's slot: parameters and buffers are tensors the module owns. */
export interface ModuleAttribute {
  readonly name: string;
  readonly type: Type;
  readonly isParameter?: boolean;
  readonly isBuffer?: boolean;
}

/**
 * What the host knows of an nn.Module instance to script (PyTorch's ConcreteModuleType): its
 * class, attributes with their types, constants, submodules, and its Python methods.
 */
export interface ModuleSpec {
  /** The Python class, qualified: `__torch__.case.Stack`. */
  readonly qualifiedName: string;
  readonly kind: ModuleKind;
  readonly attributes: readonly ModuleAttribute[];
  readonly constants: ReadonlyMap<string, ConstantValue>;
  /** Submodules to define, or defined already (a module scripted before its parent). */
  readonly submodules: readonly (readonly [string, ModuleSpec | ModuleInfo])[];
  readonly ignored: ReadonlyMap<
    string,
    {
      readonly kind: PythonFunction['kind'];
      readonly source: FunctionSource;
      readonly call: PythonCallable;
    }
  >;
  /** Attributes without a TorchScript type, with the reason. */
  readonly failedAttributes: ReadonlyMap<string, string>;
  /** Methods compiled with the module: forward and the @torch.jit.export ones. */
  readonly compiledMethods: readonly string[];
  /** False for a torch.jit.ScriptModule subclass: each instance gets a type of its own. */
  readonly shareType: boolean;
  /** The source of a Python method of the class, or null when it has none. */
  methodSource(name: string): FunctionSource | null;
  /** Names the class's methods use from their Python module. */
  readonly resolver: Resolver;
}

export class CompilationUnit {
  private readonly functions = new Map<string, ScriptFunction>();
  private readonly classes = new Map<string, ClassType>();
  /** Module types by structure: equal specs share a type, others of a class get mangled names. */
  private readonly modules = new Map<string, ModuleInfo>();
  private readonly moduleNames = new Set<string>();
  private mangleCount = 0;

  /** Defines (lazily) the function `qualifiedName` from its source. */
  defineFunction(qualifiedName: string, src: FunctionSource, resolver: Resolver): ScriptFunction {
    const existing = this.functions.get(qualifiedName);
    if (existing !== undefined) return existing;
    const fn = new ScriptFunction(qualifiedName, (f) => {
      const def = parseDef(src.source);
      return emitPythonFunction(f, def, resolver, null, src.defaults);
    });
    this.functions.set(qualifiedName, fn);
    return fn;
  }

  /**
   * Defines a function even when one of that name exists (a notebook cell run again redefines
   * it): the newcomer gets a mangled name, `__torch__.___torch_mangle_3.fn`, as PyTorch's does.
   */
  defineNewFunction(
    qualifiedName: string,
    src: FunctionSource,
    resolver: Resolver,
  ): ScriptFunction {
    const name = this.functions.has(qualifiedName) ? this.mangled(qualifiedName) : qualifiedName;
    return this.defineFunction(name, src, resolver);
  }

  private mangled(qualifiedName: string): string {
    const dot = qualifiedName.lastIndexOf('.');
    return `${qualifiedName.slice(0, dot)}.___torch_mangle_${this.mangleCount++}${qualifiedName.slice(dot)}`;
  }

  /**
   * Defines a function made otherwise than from source (a trace records its graph): `creator`
   * fills the graph and returns the signature. A taken name is mangled.
   */
  defineFunctionFrom(
    qualifiedName: string,
    creator: (fn: ScriptFunction) => Signature,
    graph?: Graph,
  ): ScriptFunction {
    const name = this.functions.has(qualifiedName) ? this.mangled(qualifiedName) : qualifiedName;
    const fn = new ScriptFunction(name, creator, undefined, graph);
    this.functions.set(name, fn);
    fn.ensureDefined();
    return fn;
  }

  /**
   * A new module type of the class `qualifiedName`, shared with no other module (a traced
   * module's: its methods are its own traces), mangled when the name is taken.
   */
  newModuleType(qualifiedName: string): ClassType {
    return new ClassType(this.moduleTypeName(qualifiedName), true);
  }

  findFunction(qualifiedName: string): ScriptFunction | undefined {
    return this.functions.get(qualifiedName);
  }

  /**
   * Defines a TorchScript class: its methods compile against a class type whose attributes
   * __init__ declares, so __init__ is compiled first.
   */
  defineClass(
    qualifiedName: string,
    methods: readonly { name: string; src: FunctionSource }[],
    resolver: Resolver,
    isModule = false,
  ): ClassType {
    const existing = this.classes.get(qualifiedName);
    if (existing !== undefined) return existing;
    const type = new ClassType(qualifiedName, isModule);
    this.classes.set(qualifiedName, type);
    const self: Self = { type, makeSugared: (v: Value): SugaredValue => new SimpleValue(v) };
    const fns: ScriptFunction[] = [];
    for (const m of methods) {
      const fn = new ScriptFunction(
        `${qualifiedName}.${m.name}`,
        (f) =>
          emitPythonFunction(
            f,
            parseDef(m.src.source, type.name, m.name),
            resolver,
            self,
            m.src.defaults,
          ),
        `${type.name}.${m.name}`,
      );
      type.methods.set(m.name, fn);
      fns.push(fn);
    }
    // __init__ declares the attributes the other methods use.
    (type.methods.get('__init__') as ScriptFunction | undefined)?.ensureDefined();
    for (const fn of fns) fn.ensureDefined();
    return type;
  }

  findClass(qualifiedName: string): ClassType | undefined {
    return this.classes.get(qualifiedName);
  }

  /** The module type of `spec` (shared with structurally equal modules), methods compiled. */
  defineModule(spec: ModuleSpec): ModuleInfo {
    const submodules = new Map(
      spec.submodules.map(([name, s]) => [name, 'method' in s ? s : this.defineModule(s)]),
    );
    const key = spec.shareType ? moduleKey(spec, submodules) : null;
    const existing = key === null ? undefined : this.modules.get(key);
    if (existing !== undefined) return existing;
    const type = new ClassType(this.moduleTypeName(spec.qualifiedName), true);
    for (const a of spec.attributes) type.addAttribute(a.name, a.type, a);
    for (const [name, sub] of submodules) type.addAttribute(name, sub.type);
    const ignored = new Map(
      [...spec.ignored].map(([name, m]) => {
        const def = parseDeclaration(m.source.source, type.name, name);
        const qualified = `${type.qualifiedName}.${name}`;
        const signature = pythonFunctionSignature(
          def,
          qualified,
          type,
          spec.resolver,
          m.source.defaults,
        );
        return [name, { kind: m.kind, signature, call: m.call }];
      }),
    );
    const info: ModuleInfo = {
      type,
      kind: spec.kind,
      submodules,
      constants: spec.constants,
      ignored,
      failedAttributes: spec.failedAttributes,
      method: (name) => this.moduleMethod(info, spec, name),
    };
    if (key !== null) this.modules.set(key, info);
    for (const name of spec.compiledMethods) info.method(name)?.ensureDefined();
    return info;
  }

  /** The class's qualified name, mangled when another module type already took it. */
  private moduleTypeName(qualifiedName: string): string {
    if (!this.moduleNames.has(qualifiedName)) {
      this.moduleNames.add(qualifiedName);
      return qualifiedName;
    }
    return this.mangled(qualifiedName);
  }

  private moduleMethod(info: ModuleInfo, spec: ModuleSpec, name: string): ScriptFunction | null {
    const type = info.type;
    const existing = type.methods.get(name) as ScriptFunction | undefined;
    if (existing !== undefined) return existing;
    const src = spec.methodSource(name);
    if (src === null) return null;
    const self: Self = { type, makeSugared: (v: Value) => new ModuleValue(v, info) };
    const fn = new ScriptFunction(
      `${type.qualifiedName}.${name}`,
      (f) =>
        emitPythonFunction(
          f,
          parseDef(src.source, type.name, name),
          spec.resolver,
          self,
          src.defaults,
        ),
      `${type.name}.${name}`,
    );
    type.methods.set(name, fn);
    return fn;
  }
}

/** Modules of one class share a type when everything the compiler reads of them is equal. */
function moduleKey(spec: ModuleSpec, submodules: ReadonlyMap<string, ModuleInfo>): string {
  return JSON.stringify([
    spec.qualifiedName,
    spec.kind,
    spec.attributes.map((a) => [a.name, a.type.str(), a.isParameter ?? false, a.isBuffer ?? false]),
    [...spec.constants].map(([k, v]) => [k, constantText(v)]),
    [...submodules].map(([k, m]) => [k, m.type.qualifiedName]),
    [...spec.ignored].map(([k, m]) => [k, m.kind]),
    [...spec.failedAttributes.keys()],
  ]);
}
