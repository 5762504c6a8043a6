// The JS module the torch package's torch.jit imports (`_torch_jit_bridge`): compiling
// functions, TorchScript classes and NamedTuples from the sources and names Python gives, and the
// handles it calls them through.

import { CompilationUnit, parseDef, type FunctionSource } from '../../compiler/compilation_unit.js';
import { parseModule } from '../../compiler/frontend/parser.js';
import { Source } from '../../compiler/frontend/source.js';
import type * as P from '../../compiler/frontend/tree.js';
import { TypeParser } from '../../compiler/frontend/type_parser.js';
import { Frontend } from '../../compiler/frontend/frontend.js';
import { TupleType, Types } from '../../compiler/types/types.js';
import { decodeCall, encodeValue, type WireResult } from '../python/wire.js';
import { ScriptObject } from '../interpreter/objects.js';
import { runtimeError, TorchError } from '../errors.js';
import { fromPython, toPython } from './values.js';
import { functionModule, loadArchive, saveArchive } from '../serialization/index.js';
import { constantFromPython } from './constants.js';
import { ClassHandle, FunctionHandle, ModuleHandle } from './handles.js';
import { freezeScriptModule, optimizeFrozenMethod, optimizeModuleForInference } from './freeze.js';
import { scriptModule, type ModuleDescription } from './modules.js';
import { createTraceBridge } from './trace_bridge.js';
import { pythonResolver, type Descriptor, type PythonLookup } from './resolver.js';

function attributeError(message: string): TorchError {
  return new TorchError('AttributeError', message);
}

/** The name torch/_C/_jit.py imports the bridge by. */
export const jitBridgeModuleName = '_torch_jit_bridge';

/** One compilation unit for the session, as PyTorch has one for a Python process. */
let unit = new CompilationUnit();

function functionSource(
  text: string,
  filename: string,
  firstLine: number,
  codes: string,
  values: unknown[],
): FunctionSource {
  const defaults = new Map(
    Object.entries(decodeCall(codes, values).kwargs).map(([k, v]) => [k, constantFromPython(v)]),
  );
  return { source: new Source(text, filename, firstLine - 1), defaults };
}

/** Compiles a Python function from its source; `lookup` answers the names it uses. */
function compileFunction(
  qualifiedName: string,
  text: string,
  filename: string,
  firstLine: number,
  lookup: PythonLookup,
  codes: string,
  ...defaults: unknown[]
): FunctionHandle {
  const src = functionSource(text, filename, firstLine, codes, defaults);
  const fn = unit.defineNewFunction(qualifiedName, src, pythonResolver(lookup));
  fn.ensureDefined();
  return new FunctionHandle(fn);
}

/** A def's source within a class's, as inspect.getsource would give it alone. */
function methodSource(whole: Source, def: P.FunctionDef): FunctionSource {
  const first = whole.lineIndex(
    def.decorators.length > 0 ? def.decorators[0].range.start - 1 : def.range.start,
  );
  const last = whole.lineIndex(def.range.end - 1);
  const lines = whole.text.split('\n').slice(first, last + 1);
  return { source: new Source(lines.join('\n') + '\n', whole.filename, whole.lineOffset + first) };
}

/** Compiles a TorchScript class (@torch.jit.script class C: ...) from the class's source. */
function compileClass(
  qualifiedName: string,
  text: string,
  filename: string,
  firstLine: number,
  lookup: PythonLookup,
): ClassHandle {
  const whole = new Source(text, filename, firstLine - 1);
  const cls = parseModule(whole).body.find((s): s is P.ClassDef => s.kind === 'ClassDef');
  if (cls === undefined) throw new Error(`no class in the source of ${qualifiedName}`);
  const methods = cls.body
    .filter((s): s is P.FunctionDef => s.kind === 'FunctionDef')
    .map((def) => ({ name: def.name, src: methodSource(whole, def) }));
  return new ClassHandle(unit.defineClass(qualifiedName, methods, pythonResolver(lookup)));
}

/** A NamedTuple class: its fields typed by their annotations (Tensor where there is none). */
function namedTupleType(
  qualifiedName: string,
  fields: string[],
  annotations: (string | null)[],
  lookup: PythonLookup,
): { readonly type: TupleType } {
  const resolver = pythonResolver(lookup);
  const parser = new TypeParser((name, range) => resolver.resolveType(name, range));
  const types = annotations.map((a) => {
    // Python's None arrives as undefined inside arrays.
    if (a === null || a === undefined) return Types.Tensor;
    const src = new Source(a, '<annotation>');
    return parser.parse(new Frontend(src).expr(parseModuleExpression(src)));
  });
  return { type: new TupleType(types, { name: qualifiedName, fields }) };
}

function parseModuleExpression(src: Source): P.Expr {
  const stmt = parseModule(src).body[0];
  if (stmt?.kind !== 'Expr') throw new Error(`not a type annotation: ${src.text}`);
  return stmt.value;
}

/** Compiles a module Python described (torch/jit/_recursive.py) and makes its instance. */
function compileModule(description: ModuleDescription): ModuleHandle {
  const { info, object } = scriptModule(unit, description);
  return new ModuleHandle(info, object);
}

/** A TorchScript object's attribute for Python, typed by its class. */
function objectGetAttr(object: ScriptObject, name: string): WireResult {
  const attribute = object.type.findAttribute(name);
  if (attribute === undefined) {
    throw attributeError(`'${object.type.annotation()}' object has no attribute '${name}'`);
  }
  return encodeValue(toPython(object.getAttr(name), attribute.type));
}

function objectSetAttr(object: ScriptObject, name: string, codes: string, ...values: unknown[]) {
  const attribute = object.type.findAttribute(name);
  if (attribute === undefined) {
    throw attributeError(`'${object.type.annotation()}' object has no attribute '${name}'`);
  }
  const [value] = decodeCall(codes, values).args;
  object.setAttr(name, fromPython(value, attribute.type, name, name) as never);
}

/** An object of a compiled class made from a Python instance's fields (no __init__ run). */
function newObject(handle: ClassHandle, codes: string, ...values: unknown[]): ScriptObject {
  const object = new ScriptObject(handle.type);
  const { kwargs } = decodeCall(codes, values);
  for (const a of handle.type.attributes) {
    if (!(a.name in kwargs)) continue;
    object.setAttr(a.name, fromPython(kwargs[a.name], a.type, handle.type.name, a.name) as never);
  }
  return object;
}

/** torch.jit.save: a scripted module's (or function's) archive bytes. */
function saveModule(
  handle: ModuleHandle | FunctionHandle,
  extraFiles: Readonly<Record<string, string | Uint8Array>>,
): Uint8Array {
  const module =
    handle instanceof ModuleHandle
      ? { info: handle.info, object: handle.object }
      : functionModule(handle.fn);
  return saveArchive(module, { extraFiles: new Map(Object.entries(extraFiles)) });
}

/** torch.jit.load: the module an archive holds, and its extra files' contents. */
function loadModule(
  bytes: Uint8Array,
  mapLocation: string | null,
): { readonly handle: ModuleHandle; readonly extraFiles: ReadonlyMap<string, Uint8Array> } {
  const loaded = loadArchive(bytes, { mapLocation });
  const { info, object } = loaded.module;
  return { handle: new ModuleHandle(info, object), extraFiles: loaded.extraFiles };
}

/** The file system cells see, which torch.jit.save and load read and write by path. */
export interface ArchiveFiles {
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
}

export function createJitBridge(files: ArchiveFiles): Record<string, unknown> {
  return {
    ...createTraceBridge(() => unit),
    saveModule,
    loadModule,
    // By path, the archive's bytes go between the file and the runtime without a Python copy.
    saveModuleToFile: (
      handle: ModuleHandle | FunctionHandle,
      extraFiles: Readonly<Record<string, string | Uint8Array>>,
      path: string,
    ) => files.writeFile(path, saveModule(handle, extraFiles)),
    loadModuleFromFile: (path: string, mapLocation: string | null) =>
      loadModule(files.readFile(path), mapLocation),
    newObject,
    objectGetAttr,
    objectSetAttr,
    objectTypeName: (object: ScriptObject) => object.type.qualifiedName,
    objectAttributeNames: (object: ScriptObject) => object.type.attributes.map((a) => a.name),
    compileFunction,
    compileClass,
    compileModule,
    // torch.jit.freeze and optimize_for_inference (freeze.ts).
    freezeModule: (handle: ModuleHandle, preservedAttrs: string[]) =>
      freezeScriptModule(unit, handle, preservedAttrs),
    optimizeFrozenGraph: optimizeFrozenMethod,
    optimizeForInference: optimizeModuleForInference,
    // A fresh unit: what was compiled is forgotten (conformance cases each start clean).
    newSession: () => void (unit = new CompilationUnit()),
    // What a Python function called by compiled code raised, as the RuntimeError PyTorch raises.
    pythonFailure: (message: string) => runtimeError(message),
    namedTupleType,
    parseDef: (text: string) => parseDef(new Source(text)).name.name,
  };
}

export type { Descriptor };
