// The statements of an archive class body sorted into what they declare:
//
//   __parameters__ = ["weight", ]      which attributes are parameters
//   __buffers__ = ["mask", ]           which are buffers
//   weight : Tensor                    an attribute, in slot order
//   __annotations__ = []               (starts the dict when the first attribute needs it)
//   __annotations__["0"] = T           an attribute whose name is no identifier
//   k : Final[int] = 3                 a constant
//   def forward(self: ..., ...): ...   a method

import { CompileError } from '../frontend/errors.js';
import type { SourceRange } from '../frontend/source.js';
import type * as P from '../frontend/tree.js';
import { dottedName } from './literal_values.js';

/** A class body's declarations, before their types are resolved. */
export interface ClassBody {
  readonly attributes: { name: string; annotation: P.Expr }[];
  readonly constants: { name: string; annotation: P.Expr; value: P.Expr }[];
  readonly methods: P.FunctionDef[];
  readonly parameters: Set<string>;
  readonly buffers: Set<string>;
}

/** Sorts a class body's statements into attributes, constants, methods and slot kinds. */
export function classBody(node: P.ClassDef): ClassBody {
  const body: ClassBody = {
    attributes: [],
    constants: [],
    methods: [],
    parameters: new Set(),
    buffers: new Set(),
  };
  for (const s of node.body) {
    if (s.kind === 'FunctionDef') body.methods.push(s);
    else if (s.kind === 'AnnAssign' && s.target.kind === 'Name') {
      const final = finalType(s.annotation);
      if (s.value === null) body.attributes.push({ name: s.target.id, annotation: s.annotation });
      else if (final !== null)
        body.constants.push({ name: s.target.id, annotation: final, value: s.value });
      else throw CompileError.at(s.range, 'only Final attributes of archive classes have values');
    } else if (s.kind === 'Assign' && s.targets.length === 1) {
      classAssignment(s.targets[0], s.value, body, s.range);
    } else if (s.kind !== 'Pass') {
      throw CompileError.at(s.range, 'this statement in an archive class body: not supported yet');
    }
  }
  return body;
}

/** `__parameters__ = [...]`, `__buffers__ = [...]`, `__annotations__["0"] = T`. */
function classAssignment(target: P.Expr, value: P.Expr, body: ClassBody, range: SourceRange): void {
  if (target.kind === 'Name' && (target.id === '__parameters__' || target.id === '__buffers__')) {
    const names = target.id === '__parameters__' ? body.parameters : body.buffers;
    if (value.kind !== 'List') throw CompileError.at(range, `${target.id} must be a list of names`);
    for (const e of value.elts) {
      if (e.kind !== 'Constant' || typeof e.value !== 'string')
        throw CompileError.at(e.range, `${target.id} must be a list of names`);
      names.add(e.value);
    }
    return;
  }
  if (target.kind === 'Name' && target.id === '__annotations__') {
    if (value.kind === 'List' && value.elts.length === 0) return;
    throw CompileError.at(range, '__annotations__ may only be started empty');
  }
  if (
    target.kind === 'Subscript' &&
    target.value.kind === 'Name' &&
    target.value.id === '__annotations__' &&
    target.slice.kind === 'Constant' &&
    typeof target.slice.value === 'string'
  ) {
    body.attributes.push({ name: target.slice.value, annotation: value });
    return;
  }
  throw CompileError.at(range, 'this assignment in an archive class body: not supported yet');
}

/** `Final[T]` -> T; null for other annotations. */
function finalType(e: P.Expr): P.Expr | null {
  return e.kind === 'Subscript' && dottedName(e.value) === 'Final' ? e.slice : null;
}
