// Compiling the functions of a Python module file without running Python: the module's imports,
// defs, TorchScript classes, NamedTuples and global values are read from its syntax tree. This is
// what the compile-only conformance mode and the command line use; inside the kernel, the
// Python host answers the same questions from live objects.

import { CompilationUnit, type FunctionSource } from '../compilation_unit.js';
import { CompileError } from '../frontend/errors.js';
import type { ScriptFunction } from '../frontend/function.js';
import type { Resolver } from '../frontend/ir_emitter.js';
import { parseModule } from '../frontend/parser.js';
import { Source, SourceRange } from '../frontend/source.js';
import {
  ClassValue,
  ExceptionValue,
  FunctionValue,
  NamedTupleConstructor,
  PythonValue,
  type Method,
  type SugaredValue,
} from '../frontend/sugared_value.js';
import * as P from '../frontend/tree.js';
import { Frontend } from '../frontend/frontend.js';
import { TypeParser } from '../frontend/type_parser.js';
import { literalDefaults } from '../frontend/literal_defaults.js';
import { TupleType, Type, Types } from '../types/types.js';
import {
  jitModule,
  mathModule,
  PythonModuleValue,
  torchModule,
  warningsModule,
} from './python_modules.js';
import {
  aliasTarget,
  booleanDispatch,
  isBooleanDispatchCall,
  isOverloadDecorator,
  overloadedFunction,
} from './module_bindings.js';
import { packageSubmodule } from './package_modules.js';

const builtinExceptions = new Set([
  'Exception',
  'ValueError',
  'RuntimeError',
  'TypeError',
  'KeyError',
  'IndexError',
  'NotImplementedError',
  'ZeroDivisionError',
  'AttributeError',
  'StopIteration',
  'ArithmeticError',
  'LookupError',
  'OverflowError',
]);

type Binding =
  | { kind: 'module'; path: string }
  | { kind: 'def'; node: P.FunctionDef }
  | { kind: 'class'; node: P.ClassDef }
  | { kind: 'namedtuple'; name: string; fields: string[]; types: (P.Expr | null)[] }
  | { kind: 'value'; pythonType: string }
  | { kind: 'alias'; expr: P.Expr; pythonType: string }
  | { kind: 'dispatch'; call: P.Call }
  | { kind: 'overloaded'; declarations: P.FunctionDef[]; implementation: P.FunctionDef }
  | { kind: 'typing'; name: string };

export class ModuleHost {
  readonly cu = new CompilationUnit();
  private readonly bindings = new Map<string, Binding>();
  private readonly lines: string[];
  private readonly namedTuples = new Map<string, TupleType>();
  /** @_overload declarations waiting for their implementation. */
  private readonly overloadDeclarations = new Map<string, P.FunctionDef[]>();
  private readonly resolvedSpecial = new Map<string, SugaredValue | null>();
  private mangleCount = 0;
  readonly resolver: Resolver;

  constructor(
    private readonly text: string,
    private readonly filename: string,
    /** The Python module name: qualified names are `__torch__.<module>.<name>`. */
    private readonly moduleName: string,
  ) {
    this.lines = text.split('\n');
    this.resolver = {
      resolveValue: (name, m, range) => this.resolveValue(name, m, range),
      resolveType: (name, range) => this.resolveType(name, range),
    };
    for (const s of parseModule(new Source(text, filename)).body) this.bind(s);
  }

  private bind(s: P.Stmt): void {
    switch (s.kind) {
      case 'Import':
        for (const a of s.names) {
          if (a.asname !== null) this.bindings.set(a.asname, { kind: 'module', path: a.name });
          else
            this.bindings.set(a.name.split('.')[0], { kind: 'module', path: a.name.split('.')[0] });
        }
        return;
      case 'ImportFrom':
        for (const a of s.names) {
          const local = a.asname ?? a.name;
          if (
            s.module === 'typing' ||
            s.module === 'typing_extensions' ||
            s.module === 'torch.jit'
          ) {
            this.bindings.set(local, { kind: 'typing', name: a.name });
          } else {
            this.bindings.set(local, { kind: 'module', path: `${s.module}.${a.name}` });
          }
        }
        return;
      case 'Try':
        for (const t of s.body) this.bind(t);
        return;
      case 'FunctionDef':
        this.bindFunction(s);
        return;
      case 'ClassDef':
        this.bindClass(s);
        return;
      case 'Assign':
      case 'AnnAssign': {
        const targets = s.kind === 'Assign' ? s.targets : [s.target];
        const value = s.value;
        for (const t of targets) {
          if (t.kind !== 'Name' || value === null) continue;
          const nt = namedTupleCall(value);
          this.bindings.set(t.id, nt ?? valueBinding(value));
        }
        return;
      }
    }
  }

  private bindFunction(s: P.FunctionDef): void {
    const declarations = this.overloadDeclarations.get(s.name) ?? [];
    if (s.decorators.some(isOverloadDecorator)) {
      this.overloadDeclarations.set(s.name, [...declarations, s]);
    } else if (declarations.length > 0) {
      this.overloadDeclarations.delete(s.name);
      this.bindings.set(s.name, { kind: 'overloaded', declarations, implementation: s });
    } else {
      this.bindings.set(s.name, { kind: 'def', node: s });
    }
  }

  private bindClass(c: P.ClassDef): void {
    const isNamedTuple = c.bases.some((b) => exprName(b)?.endsWith('NamedTuple'));
    if (!isNamedTuple) {
      this.bindings.set(c.name, { kind: 'class', node: c });
      return;
    }
    const fields: string[] = [];
    const types: (P.Expr | null)[] = [];
    for (const s of c.body) {
      if (s.kind === 'AnnAssign' && s.target.kind === 'Name') {
        fields.push(s.target.id);
        types.push(s.annotation);
      }
    }
    this.bindings.set(c.name, { kind: 'namedtuple', name: c.name, fields, types });
  }

  private qualified(name: string): string {
    return `__torch__.${this.moduleName}.${name}`;
  }

  /** The source of a def or class as inspect.getsource gives it: decorators included. */
  excerpt(node: P.FunctionDef | P.ClassDef): Source {
    const whole = new Source(this.text, this.filename);
    const startOffset =
      node.decorators.length > 0 ? node.decorators[0].range.start - 1 : node.range.start;
    const firstLine = whole.lineIndex(startOffset);
    const lastLine = whole.lineIndex(node.range.end - 1);
    const text = this.lines.slice(firstLine, lastLine + 1).join('\n') + '\n';
    return new Source(text, this.filename, firstLine);
  }

  private functionValue(name: string, node: P.FunctionDef): ScriptFunction {
    const src: FunctionSource = { source: this.excerpt(node), defaults: literalDefaults(node) };
    return this.cu.defineFunction(this.qualified(name), src, this.resolver);
  }

  /** Compiles the module-level function `name` (ensuring it is defined). */
  compileFunction(name: string): ScriptFunction {
    const b = this.bindings.get(name);
    if (b?.kind !== 'def') throw new Error(`${name} is not a function of the module`);
    const fn = this.functionValue(name, b.node);
    fn.ensureDefined();
    return fn;
  }

  /** Decorated definitions (@torch.jit.script) compile when the module loads. */
  compileScriptedDefinitions(): void {
    for (const [name, b] of this.bindings) {
      if (b.kind === 'def' && b.node.decorators.some(isScriptDecorator)) this.compileFunction(name);
      if (b.kind === 'class' && b.node.decorators.some(isScriptDecorator))
        this.classType(name, b.node);
    }
  }

  private classType(name: string, node: P.ClassDef): Type {
    // As PyTorch, only an explicitly scripted class is refused for its bases; a class compiled
    // because code uses it (torch.no_grad) compiles the methods it defines itself.
    if (node.bases.length > 0 && node.decorators.some(isScriptDecorator)) {
      throw CompileError.at(
        this.excerptRange(node),
        'TorchScript classes does not support inheritance yet',
      );
    }
    const methods = node.body
      .filter((s): s is P.FunctionDef => s.kind === 'FunctionDef')
      .map((m) => ({
        name: m.name,
        src: { source: this.excerpt(m), defaults: literalDefaults(m) },
      }));
    return this.cu.defineClass(this.qualified(name), methods, this.resolver);
  }

  private excerptRange(node: P.ClassDef): SourceRange {
    const src = this.excerpt(node);
    const offset = src.text.indexOf('class');
    return new SourceRange(src, offset, offset + 'class'.length);
  }

  private namedTupleType(b: Extract<Binding, { kind: 'namedtuple' }>): TupleType {
    let t = this.namedTuples.get(b.name);
    if (t === undefined) {
      const parser = new TypeParser((n, r) => this.resolveType(n, r));
      const frontend = new Frontend(new Source(this.text, this.filename));
      const types = b.types.map((e) =>
        e === null ? Types.Tensor : parser.parse(frontend.expr(e)),
      );
      t = new TupleType(types, { name: this.qualified(b.name), fields: b.fields });
      this.namedTuples.set(b.name, t);
    }
    return t;
  }

  resolveType(name: string, range: SourceRange): Type | null {
    void range;
    const b = this.bindings.get(name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name);
    if (b === undefined) return null;
    if (b.kind === 'namedtuple') return this.namedTupleType(b);
    if (b.kind === 'class') return this.classType(name, b.node);
    if (b.kind === 'module' && b.path === 'torch.Tensor') return Types.Tensor;
    return null;
  }

  private resolveValue(name: string, _m: Method, range: SourceRange): SugaredValue | null {
    const b = this.bindings.get(name);
    if (b === undefined) {
      if (builtinExceptions.has(name)) return new ExceptionValue(name, `builtins.${name}`);
      return null;
    }
    switch (b.kind) {
      case 'def':
        return new FunctionValue(this.functionValue(name, b.node));
      case 'class':
        return new ClassValue(this.classType(name, b.node) as never);
      case 'namedtuple': {
        const t = this.namedTupleType(b);
        return new NamedTupleConstructor(t);
      }
      case 'module':
        return this.moduleValue(b.path, range);
      case 'value':
        return new PythonValue(b.pythonType);
      case 'typing':
        return null;
      case 'alias':
      case 'dispatch':
      case 'overloaded':
        return this.specialValue(name, b);
    }
  }

  /** A module attribute as `module.name` finds it (null where the module has no such name). */
  attribute(name: string, range: SourceRange): SugaredValue | null {
    return this.resolveValue(name, null as never, range);
  }

  /** Aliases, dispatches and overloads are resolved once: overloads get mangled names. */
  private specialValue(
    name: string,
    b: Extract<Binding, { kind: 'alias' | 'dispatch' | 'overloaded' }>,
  ): SugaredValue | null {
    if (!this.resolvedSpecial.has(name)) {
      // A name that refers to itself (`a = a`) finds nothing rather than recursing.
      this.resolvedSpecial.set(name, null);
      const resolve = (n: string, r: SourceRange) => this.resolveValue(n, null as never, r);
      let v: SugaredValue | null;
      if (b.kind === 'alias') v = aliasTarget(b.expr, resolve) ?? new PythonValue(b.pythonType);
      else if (b.kind === 'dispatch') v = booleanDispatch(b.call, resolve);
      else v = this.overloaded(name, b.declarations, b.implementation);
      this.resolvedSpecial.set(name, v);
    }
    return this.resolvedSpecial.get(name)!;
  }

  private overloaded(
    name: string,
    declarations: P.FunctionDef[],
    implementation: P.FunctionDef,
  ): SugaredValue {
    return overloadedFunction({
      qualifiedName: this.qualified(name),
      declarations: declarations.map((node) => ({ node, source: this.excerpt(node) })),
      implementation: { node: implementation, source: this.excerpt(implementation) },
      resolver: this.resolver,
      nextMangle: () => this.mangleCount++,
    });
  }

  private moduleValue(path: string, range: SourceRange): SugaredValue | null {
    switch (path) {
      case 'torch':
        return torchModule(packageSubmodule);
      case 'math':
        return mathModule;
      case 'warnings':
        return warningsModule;
      case 'torch.jit':
        return jitModule;
      case 'torch.Tensor':
        return null;
      default:
        if (path.startsWith('torch.')) {
          const parts = path.split('.');
          let v: SugaredValue = torchModule(packageSubmodule);
          for (const p of parts.slice(1)) v = v.attr(range, null as never, p);
          return v;
        }
        return new PythonModuleValue(path, () => null);
    }
  }
}

function isScriptDecorator(d: P.Expr): boolean {
  const n = exprName(d);
  return n === 'torch.jit.script' || n === 'jit.script' || n === 'script';
}

function exprName(e: P.Expr): string | null {
  if (e.kind === 'Name') return e.id;
  if (e.kind === 'Attribute') {
    const base = exprName(e.value);
    return base === null ? null : `${base}.${e.attr}`;
  }
  if (e.kind === 'Call') return exprName(e.func);
  return null;
}

function pythonTypeOf(e: P.Expr): string {
  if (e.kind === 'Constant') {
    const v = e.value;
    if (v === null) return 'NoneType';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'bigint') return 'int';
    if (typeof v === 'number') return 'float';
    if (typeof v === 'string') return 'str';
  }
  if (e.kind === 'UnaryOp' && e.operand.kind === 'Constant') return pythonTypeOf(e.operand);
  if (e.kind === 'Tuple') return 'tuple';
  if (e.kind === 'List') return 'list';
  if (e.kind === 'Dict') return 'dict';
  return 'object';
}

/** A module-level variable: an alias, a boolean_dispatch, or an opaque Python value. */
function valueBinding(value: P.Expr): Binding {
  if (isBooleanDispatchCall(value)) return { kind: 'dispatch', call: value };
  const pythonType = pythonTypeOf(value);
  if (value.kind === 'Name' || value.kind === 'Attribute')
    return { kind: 'alias', expr: value, pythonType };
  return { kind: 'value', pythonType };
}

function namedTupleCall(e: P.Expr): Binding | null {
  if (e.kind !== 'Call' || exprName(e.func)?.endsWith('namedtuple') !== true) return null;
  const [nameArg, fieldsArg] = e.args;
  if (nameArg?.kind !== 'Constant' || typeof nameArg.value !== 'string') return null;
  let fields: string[] = [];
  if (fieldsArg?.kind === 'List' || fieldsArg?.kind === 'Tuple') {
    fields = fieldsArg.elts.map((x) =>
      x.kind === 'Constant' && typeof x.value === 'string' ? x.value : '',
    );
  } else if (fieldsArg?.kind === 'Constant' && typeof fieldsArg.value === 'string') {
    fields = fieldsArg.value.split(/[\s,]+/).filter(Boolean);
  }
  return { kind: 'namedtuple', name: nameArg.value, fields, types: fields.map(() => null) };
}
