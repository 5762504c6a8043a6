// Compiling the code of an archive (code/__torch__/...py) back into types and functions, on
// demand, as PyTorch's SourceImporter does: a qualified name `__torch__.a.b.C` is looked up in
// the file code/__torch__/a/b.py, which is parsed the first time one of its names is needed.
//
// The files hold PyTorch's printed dialect (archive_names.ts lists its names; class_body.ts what
// a class body declares):
//
//   class Linear(Module):                     a module class: slots, constants, methods
//   class Point:                              a TorchScript class: attributes and methods
//   class Stats(NamedTuple):                  a NamedTuple: its fields
//   def relu(input: Tensor, inplace: bool=False) -> Tensor: ...   a function
//
// Classes are defined when first named (their attribute types may name other classes); their
// methods and the functions compile when compileAll() runs or something calls them.

import { emitFunction, parseDef } from '../compilation_unit.js';
import { CompileError } from '../frontend/errors.js';
import { Frontend } from '../frontend/frontend.js';
import { ScriptFunction } from '../frontend/function.js';
import type { Resolver, Self } from '../frontend/ir_emitter.js';
import type { ModuleInfo, ModuleKind } from '../frontend/module_value.js';
import { ModuleValue } from '../frontend/module_value.js';
import { parseModule } from '../frontend/parser.js';
import { Source, SourceRange } from '../frontend/source.js';
import {
  ClassValue,
  FunctionValue,
  NamedTupleConstructor,
  SimpleValue,
  type SugaredValue,
} from '../frontend/sugared_value.js';
import type * as P from '../frontend/tree.js';
import { TypeParser } from '../frontend/type_parser.js';
import type { ConstantValue } from '../ir/constants.js';
import type { Value } from '../ir/ir.js';
import type { Signature } from '../types/signature.js';
import { ClassType, TupleType, type Type } from '../types/types.js';
import { archiveGlobal } from './archive_names.js';
import { classBody } from './class_body.js';
import { dottedName, literalValue, type ArchiveConstant } from './literal_values.js';

/** What the importer reads: the archive's code files and its constant table. */
export interface ArchiveCode {
  /** The text of the file defining the names under `qualifier` (code/__torch__/a/b.py). */
  file(qualifier: string): { readonly text: string; readonly filename: string } | null;
  readonly constants: readonly ArchiveConstant[];
}

interface ParsedFile {
  readonly source: Source;
  readonly lines: readonly string[];
  readonly definitions: ReadonlyMap<string, P.ClassDef | P.FunctionDef>;
}

export class SourceImporter {
  readonly resolver: Resolver;
  private readonly files = new Map<string, ParsedFile | null>();
  private readonly types = new Map<string, ClassType | TupleType>();
  private readonly functions = new Map<string, ScriptFunction>();
  private readonly modules = new Map<ClassType, ModuleInfo>();
  /** Every function and method made so far, in order: compileAll() walks it as it grows. */
  private readonly compiled: ScriptFunction[] = [];

  constructor(private readonly code: ArchiveCode) {
    this.resolver = {
      resolveValue: (name) => archiveGlobal(name, code.constants, (q) => this.qualifiedValue(q)),
      resolveType: (name) => (name.startsWith('__torch__.') ? this.findType(name) : null),
    };
  }

  /** The class or NamedTuple `qualifiedName` names, defining it on first use. */
  findType(qualifiedName: string): ClassType | TupleType | null {
    const known = this.types.get(qualifiedName);
    if (known !== undefined) return known;
    const found = this.definition(qualifiedName);
    if (found === null || found.node.kind !== 'ClassDef') return null;
    return this.defineClass(qualifiedName, found.node, found.file);
  }

  /** The class `qualifiedName`, or an error saying the archive does not define it. */
  classType(qualifiedName: string): ClassType {
    const t = this.findType(qualifiedName);
    if (!(t instanceof ClassType)) {
      throw new CompileError(`the archive's code defines no class ${qualifiedName}`, []);
    }
    return t;
  }

  /** What scripting knows of a module class: its submodules, constants and methods. */
  moduleInfo(type: ClassType): ModuleInfo {
    const info = this.modules.get(type);
    if (info === undefined)
      throw new Error(`${type.qualifiedName} is not an imported module class`);
    return info;
  }

  findFunction(qualifiedName: string): ScriptFunction | null {
    const known = this.functions.get(qualifiedName);
    if (known !== undefined) return known;
    const found = this.definition(qualifiedName);
    if (found === null || found.node.kind !== 'FunctionDef') return null;
    const fn = this.defineFunction(qualifiedName, found.node, found.file, null);
    this.functions.set(qualifiedName, fn);
    return fn;
  }

  /** Compiles every method and function imported so far, and those their code imports. */
  compileAll(): void {
    for (let i = 0; i < this.compiled.length; i++) this.compiled[i].ensureDefined();
  }

  /** Every function and method the importer made. */
  allFunctions(): readonly ScriptFunction[] {
    return this.compiled;
  }

  // ---- names ----

  private qualifiedValue(q: string): SugaredValue | null {
    const fn = this.findFunction(q);
    if (fn !== null) return new FunctionValue(fn);
    const t = this.findType(q);
    if (t instanceof ClassType) return new ClassValue(t);
    if (t instanceof TupleType) return new NamedTupleConstructor(t, namedTupleSignature(t));
    return null;
  }

  /** The definition of `q` in its file, if the file exists and defines it. */
  private definition(q: string): { node: P.ClassDef | P.FunctionDef; file: ParsedFile } | null {
    const dot = q.lastIndexOf('.');
    if (dot < 0) return null;
    const file = this.parsedFile(q.slice(0, dot));
    const node = file?.definitions.get(q.slice(dot + 1));
    return file === null || node === undefined ? null : { node, file };
  }

  private parsedFile(qualifier: string): ParsedFile | null {
    if (this.files.has(qualifier)) return this.files.get(qualifier)!;
    const found = this.code.file(qualifier);
    let parsed: ParsedFile | null = null;
    if (found !== null) {
      const source = new Source(found.text, found.filename);
      const definitions = new Map<string, P.ClassDef | P.FunctionDef>();
      for (const s of parseModule(source).body) {
        if (s.kind !== 'ClassDef' && s.kind !== 'FunctionDef') {
          throw CompileError.at(
            new SourceRange(source, s.range.start, s.range.end),
            'archive code files hold only class and function definitions',
          );
        }
        definitions.set(s.name, s);
      }
      parsed = { source, lines: found.text.split('\n'), definitions };
    }
    this.files.set(qualifier, parsed);
    return parsed;
  }

  // ---- classes ----

  private defineClass(q: string, node: P.ClassDef, file: ParsedFile): ClassType | TupleType {
    const base = node.bases.length === 1 ? dottedName(node.bases[0]) : null;
    if (node.bases.length === 0 || base === 'Module') {
      return this.defineObjectClass(q, node, file, base === 'Module');
    }
    if (base === 'NamedTuple') {
      const t = this.namedTupleType(q, node, file);
      this.types.set(q, t);
      return t;
    }
    throw CompileError.at(
      node.range,
      `classes derived from ${base ?? 'several bases'} in archives: not supported yet`,
    );
  }

  private defineObjectClass(
    q: string,
    node: P.ClassDef,
    file: ParsedFile,
    isModule: boolean,
  ): ClassType {
    const type = new ClassType(q, isModule);
    this.types.set(q, type);
    const body = classBody(node);
    const types = this.typeReader(file);
    for (const a of body.attributes) {
      type.addAttribute(a.name, types.parse(a.annotation), {
        isParameter: body.parameters.has(a.name),
        isBuffer: body.buffers.has(a.name),
      });
    }
    const constants = new Map<string, ConstantValue>();
    for (const c of body.constants) {
      const value = literalValue(c.value, types.parse(c.annotation), types.context);
      constants.set(c.name, value);
      type.constants.set(c.name, value);
    }
    const self = isModule ? this.defineModuleInfo(type, constants) : plainSelf(type);
    for (const m of body.methods) {
      type.methods.set(m.name, this.defineFunction(`${q}.${m.name}`, m, file, self));
    }
    return type;
  }

  private defineModuleInfo(type: ClassType, constants: ReadonlyMap<string, ConstantValue>): Self {
    const submodules = new Map<string, ModuleInfo>();
    for (const a of type.attributes) {
      if (a.type instanceof ClassType && a.type.isModule) {
        submodules.set(a.name, this.moduleInfo(a.type));
      }
    }
    const info: ModuleInfo = {
      type,
      kind: containerKind(type.qualifiedName),
      submodules,
      constants,
      ignored: new Map(),
      failedAttributes: new Map(),
      method: (name) => (type.methods.get(name) as ScriptFunction | undefined) ?? null,
    };
    this.modules.set(type, info);
    return { type, makeSugared: (v: Value) => new ModuleValue(v, info) };
  }

  private namedTupleType(q: string, node: P.ClassDef, file: ParsedFile): TupleType {
    const types = this.typeReader(file);
    const fields: string[] = [];
    const elems: Type[] = [];
    for (const s of node.body) {
      if (s.kind !== 'AnnAssign' || s.target.kind !== 'Name' || s.value !== null) {
        throw CompileError.at(
          s.range,
          'NamedTuple fields are `name : Type` lines (defaults are not supported yet)',
        );
      }
      fields.push(s.target.id);
      elems.push(types.parse(s.annotation));
    }
    return new TupleType(elems, { name: q, fields });
  }

  // ---- functions ----

  private defineFunction(
    q: string,
    node: P.FunctionDef,
    file: ParsedFile,
    self: Self | null,
  ): ScriptFunction {
    const source = excerpt(file, node);
    const defaults = this.defaults(node, file);
    const name = node.name;
    const selfName = self === null ? null : (self.type as ClassType).name;
    const fn = new ScriptFunction(
      q,
      (f) => {
        refuseNestedDefs(node.body);
        return emitFunction(f, parseDef(source, selfName, name), this.resolver, self, defaults);
      },
      selfName === null ? name : `${selfName}.${name}`,
    );
    this.compiled.push(fn);
    return fn;
  }

  private defaults(node: P.FunctionDef, file: ParsedFile): Map<string, ConstantValue> {
    const out = new Map<string, ConstantValue>();
    const positional = [...node.args.posonly, ...node.args.args];
    const first = positional.length - node.args.defaults.length;
    const types = this.typeReader(file);
    node.args.defaults.forEach((d, i) => {
      const param = positional[first + i];
      const hint = param.annotation === null ? null : types.parse(param.annotation);
      out.set(param.name, literalValue(d, hint, types.context));
    });
    return out;
  }

  /** Type annotations and literals of one file. */
  private typeReader(file: ParsedFile) {
    const frontend = new Frontend(file.source);
    const parser = new TypeParser((name, range) => this.resolver.resolveType(name, range));
    const parse = (e: P.Expr): Type => parser.parse(frontend.expr(e));
    return {
      parse,
      context: { constants: this.code.constants, parseType: parse },
    };
  }
}

/**
 * PyTorch prints a fork as a nested `def __forked_function():` and `fork(__forked_function)`;
 * our emitter does not compile nested definitions yet.
 */
function refuseNestedDefs(body: readonly P.Stmt[]): void {
  for (const s of body) {
    if (s.kind === 'FunctionDef') {
      throw CompileError.at(
        s.range,
        `loading archive code with nested definitions (def ${s.name}, as PyTorch prints forks) is not supported yet`,
        'NotSupportedError',
      );
    }
    if (s.kind === 'If' || s.kind === 'For' || s.kind === 'While') {
      refuseNestedDefs(s.body);
      refuseNestedDefs(s.orelse);
    } else if (s.kind === 'With') refuseNestedDefs(s.body);
  }
}

/** Container modules keep their kind, so scripting that uses a loaded module can unroll them. */
function containerKind(qualifiedName: string): ModuleKind {
  const unmangled = qualifiedName.replace(/\.___torch_mangle_\d+/g, '');
  switch (unmangled) {
    case '__torch__.torch.nn.modules.container.ModuleList':
      return 'ModuleList';
    case '__torch__.torch.nn.modules.container.Sequential':
      return 'Sequential';
    case '__torch__.torch.nn.modules.container.ModuleDict':
      return 'ModuleDict';
    default:
      return 'module';
  }
}

function plainSelf(type: ClassType): Self {
  return { type, makeSugared: (v: Value) => new SimpleValue(v) };
}

/** The lines of a definition as their own source, keeping the file's line numbers. */
function excerpt(file: ParsedFile, node: P.FunctionDef): Source {
  const first = file.source.lineIndex(node.range.start);
  const last = file.source.lineIndex(node.range.end - 1);
  const text = file.lines.slice(first, last + 1).join('\n') + '\n';
  return new Source(text, file.source.filename, first);
}

function namedTupleSignature(t: TupleType): Signature {
  const named = t.named!;
  const args = named.fields.map((name, i) => ({
    name,
    type: t.elems[i],
    n: null,
    kwargOnly: false,
    isWrite: false,
  }));
  return {
    name: named.name,
    overload: '',
    args,
    returns: [{ name: '', type: t }],
    varargs: false,
    text: `${named.name}(${args.map((a) => `${a.type.annotation()} ${a.name}`).join(', ')}) -> ${t.annotation()}`,
    op: null,
  };
}
