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
import type { Source } from './frontend/source.js';
import { SimpleValue, type SugaredValue } from './frontend/sugared_value.js';
import type * as P from './frontend/tree.js';
import type * as T from './frontend/tree_views.js';
import type { ConstantValue } from './ir/constants.js';
import type { Value } from './ir/ir.js';
import { canonicalizeModifiedLoops } from './passes/canonicalize_modified_loops.js';
import { runCleanupPasses } from './passes/cleanup.js';
import { normalizeOps } from './passes/normalize_ops.js';
import type { Signature } from './types/signature.js';
import { ClassType } from './types/types.js';

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

export class CompilationUnit {
  private readonly functions = new Map<string, ScriptFunction>();
  private readonly classes = new Map<string, ClassType>();

  /** Defines (lazily) the function `qualifiedName` from its source. */
  defineFunction(qualifiedName: string, src: FunctionSource, resolver: Resolver): ScriptFunction {
    const existing = this.functions.get(qualifiedName);
    if (existing !== undefined) return existing;
    const fn = new ScriptFunction(qualifiedName, (f) => {
      const def = parseDef(src.source);
      return emitFunction(f, def, resolver, null, src.defaults ?? new Map());
    });
    this.functions.set(qualifiedName, fn);
    return fn;
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
          emitFunction(
            f,
            parseDef(m.src.source, type.name, m.name),
            resolver,
            self,
            m.src.defaults ?? new Map(),
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
}
