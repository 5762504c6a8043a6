// What the serialization specs share: calling a loaded module's methods the way the Python host
// will, with fixture values converted by the methods' static types, and reading the fixtures
// spec/fixtures/make_archives.py wrote.

import fs from 'node:fs';
import path from 'node:path';
import type { ScriptFunction } from '../../../compiler/frontend/function.js';
import { printFunction } from '../../../compiler/printer/python_printer.js';
import {
  ListType,
  OptionalType,
  TupleType,
  DictType,
  type Type,
} from '../../../compiler/types/types.js';
import { codeFor } from '../../../runtime/interpreter/code.js';
import { runtimeValue } from '../../../runtime/interpreter/constants.js';
import { ScriptObject } from '../../../runtime/interpreter/objects.js';
import { scheduler } from '../../../runtime/interpreter/tasks.js';
import type { IValue } from '../../../runtime/ivalue.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';
import { decode } from '../../support/values.js';

export interface FixtureCall {
  readonly method: string;
  readonly args: readonly unknown[];
  readonly types: readonly string[];
  readonly result: unknown;
}

export interface ArchiveFixture {
  readonly files: readonly string[];
  readonly version: bigint;
  readonly code: Readonly<Record<string, string>>;
  readonly calls: readonly FixtureCall[];
}

export const archivesDir = path.join(fixturesDir, 'archives');

export function archiveFixtures(): Record<string, ArchiveFixture> {
  const text = fs.readFileSync(path.join(fixturesDir, 'archives.json'), 'utf8');
  return parseJson(text) as Record<string, ArchiveFixture>;
}

export function fixtureArchive(name: string): Uint8Array {
  return fs.readFileSync(path.join(archivesDir, `${name}.pt`));
}

/** PyTorch's save of the module it loaded from fixtureArchive(name). */
export function resavedFixtureArchive(name: string): Uint8Array {
  return fs.readFileSync(path.join(archivesDir, 'resaved', `${name}.pt`));
}

export function method(object: ScriptObject, name: string): ScriptFunction {
  const fn = object.type.methods.get(name) as ScriptFunction | undefined;
  if (fn === undefined) throw new Error(`${object.type.qualifiedName} has no method ${name}`);
  return fn;
}

/** Runs a method as a call from Python does: one root task, its forks drained. */
export function callMethod(object: ScriptObject, name: string, args: readonly unknown[]): unknown {
  const fn = method(object, name);
  return scheduler.runRoot(name, () => codeFor(fn.graph).run([object, ...args]) as IValue);
}

/** Calls a method with a fixture's encoded arguments; the result in the fixtures' encoding. */
export function callWithFixtureValues(object: ScriptObject, call: FixtureCall): unknown {
  const sig = method(object, call.method).signature;
  const args = sig.args.slice(1).map((a, i) => {
    if (i < call.args.length) return runtimeOf(decode(call.args[i]), a.type);
    if (a.default === undefined) throw new Error(`${call.method}: no value for ${a.name}`);
    return runtimeValue(a.default, a.type);
  });
  return fixtureOf(callMethod(object, call.method, args), sig.returns[0].type);
}

/** The submodule at a dotted path ("" is the module itself). */
export function submoduleAt(object: ScriptObject, dotted: string): ScriptObject {
  let m = object;
  for (const part of dotted === '' ? [] : dotted.split('.')) m = m.getAttr(part) as ScriptObject;
  return m;
}

/** `.code` of `path.method` ("cell.forward"), as PyTorch's ScriptMethod.code prints it. */
export function methodCode(object: ScriptObject, dotted: string): string {
  const dot = dotted.lastIndexOf('.');
  const owner = submoduleAt(object, dot < 0 ? '' : dotted.slice(0, dot));
  const name = dotted.slice(dot + 1);
  const fn = method(owner, name);
  return printFunction(fn.graph, name, { signature: fn.signature, method: true });
}

/** A decoded fixture value (ints are bigints, tuples arrays) as the runtime holds type `t`. */
export function runtimeOf(v: unknown, t: Type): unknown {
  if (v === null) return null;
  if (t instanceof OptionalType) return runtimeOf(v, t.elem);
  if (t.kind === 'int') return Number(v);
  if (t instanceof ListType) return (v as unknown[]).map((x) => runtimeOf(x, t.elem));
  if (t instanceof TupleType)
    return Object.freeze((v as unknown[]).map((x, i) => runtimeOf(x, t.elems[i])));
  if (t instanceof DictType) {
    return new Map(
      [...(v as Map<unknown, unknown>)].map(([k, x]) => [
        runtimeOf(k, t.key),
        runtimeOf(x, t.value),
      ]),
    );
  }
  return v;
}

/** A runtime value of type `t` as the fixtures' `difference` compares it: ints as bigints. */
export function fixtureOf(v: unknown, t: Type): unknown {
  if (v === null) return null;
  if (t instanceof OptionalType) return fixtureOf(v, t.elem);
  if (t.kind === 'int') return BigInt(v as number);
  if (t instanceof ListType) return (v as unknown[]).map((x) => fixtureOf(x, t.elem));
  if (t instanceof TupleType) return (v as unknown[]).map((x, i) => fixtureOf(x, t.elems[i]));
  if (t instanceof DictType) {
    return new Map(
      [...(v as Map<unknown, unknown>)].map(([k, x]) => [
        fixtureOf(k, t.key),
        fixtureOf(x, t.value),
      ]),
    );
  }
  return v;
}
