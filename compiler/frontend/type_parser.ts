// Type annotations to TorchScript types: `List[int]`, `Optional[Tensor]`, `Dict[str, float]`,
// `Tuple[int, str]`, `torch.Tensor`, string forward references, NamedTuple and class names.

import { CompileError } from './errors.js';
import { parseExpression } from './parser.js';
import { Frontend } from './frontend.js';
import { Source } from './source.js';
import type * as T from './tree_views.js';
import {
  DictType,
  FutureType,
  ListType,
  OptionalType,
  TupleType,
  Type,
  Types,
  RRefType,
} from '../types/types.js';
import { unionOf } from '../types/subtype.js';

/** Looks up names the annotation mentions that are not builtin types (classes, NamedTuples). */
export type TypeResolver = (name: string, range: T.Expr['range']) => Type | null;

const baseTypes: Record<string, Type> = {
  Tensor: Types.Tensor,
  int: Types.int,
  float: Types.float,
  bool: Types.bool,
  str: Types.str,
  complex: Types.complex,
  number: Types.number,
  Any: Types.Any,
  NoneType: Types.None,
  device: Types.Device,
  Device: Types.Device,
  dtype: Types.int,
  Stream: Types.Stream,
};

// Modules whose attributes name the same types: torch.Tensor, typing.List, torch.jit.Future.
const typeModules = new Set(['torch', 'typing', 'torch.jit', 'jit', 't', 'torch.types']);

export class TypeParser {
  constructor(private readonly resolve: TypeResolver) {}

  /**
   * A parameter's type and, for `BroadcastingList2[int]` (a list a single number may stand for,
   * as `kernel_size=3` does for `[3, 3]`), its length.
   */
  parseParameter(e: T.Expr): { type: Type; n: number | null } {
    // Optional[BroadcastingList2[int]] (a stride that may be left out) keeps the length.
    if (e.kind === 'Subscript' && dottedName(e.value) === 'Optional' && e.indices.length === 1) {
      const inner = this.parseParameter(e.indices[0]);
      if (inner.n !== null) return { type: new OptionalType(inner.type), n: inner.n };
    }
    const m =
      e.kind === 'Subscript' ? /^BroadcastingList(\d)$/.exec(dottedName(e.value) ?? '') : null;
    if (m === null || e.kind !== 'Subscript') return { type: this.parse(e), n: null };
    const elem = e.indices.length === 1 ? this.parse(e.indices[0]) : null;
    if (elem !== Types.int && elem !== Types.float && elem !== Types.bool) {
      throw CompileError.at(e.range, 'Broadcastable lists only supported for int or float');
    }
    return { type: new ListType(elem), n: Number(m[1]) };
  }

  parse(e: T.Expr): Type {
    switch (e.kind) {
      case 'None':
        return Types.None;
      case 'StringLiteral':
        return this.parseString(e);
      case 'Var':
      case 'Select':
        return this.named(e);
      case 'Subscript':
        return this.subscript(e);
      case 'Const':
        throw CompileError.at(e.range, `Expected a type, got ${e.text}`);
      default:
        throw CompileError.at(
          e.range,
          `Expression of type ${e.kind} cannot be used in a type expression`,
        );
    }
  }

  private parseString(e: T.StringLiteral): Type {
    const src = new Source(
      e.value,
      e.range.source.filename,
      e.range.source.position(e.range.start).line - 1,
    );
    return this.parse(new Frontend(src).expr(parseExpression(src)));
  }

  /** `int`, `torch.Tensor`, `typing.Any`, `case.Point` */
  private named(e: T.Var | T.Select): Type {
    const name = dottedName(e);
    if (name === null) throw CompileError.at(e.range, 'Unknown type name');
    const short = name.slice(name.lastIndexOf('.') + 1);
    const prefix = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
    if ((prefix === '' || typeModules.has(prefix)) && short in baseTypes) return baseTypes[short];
    const resolved = this.resolve(name, e.range);
    if (resolved !== null) return resolved;
    throw CompileError.at(e.range, `Unknown type name '${name}'`);
  }

  private subscript(e: T.Subscript): Type {
    const name = dottedName(e.value);
    const ctor = name === null ? null : name.slice(name.lastIndexOf('.') + 1);
    const args = e.indices;
    const one = (): Type => {
      if (args.length !== 1)
        throw CompileError.at(e.range, `${ctor} takes exactly one type argument`);
      return this.parse(args[0]);
    };
    switch (ctor) {
      case 'List':
      case 'list':
        return new ListType(one());
      case 'Optional':
        return new OptionalType(one());
      case 'Future':
        return new FutureType(one());
      case 'RRef':
        return new RRefType(one());
      case 'Final':
        return one();
      case 'Tuple':
      case 'tuple': {
        // Tuple[()] is the empty tuple.
        if (args.length === 1 && args[0].kind === 'TupleLiteral' && args[0].inputs.length === 0) {
          return new TupleType([]);
        }
        return new TupleType(args.map((a) => this.parse(a)));
      }
      case 'Dict':
      case 'dict': {
        if (args.length !== 2)
          throw CompileError.at(e.range, 'Dict type annotation requires two arguments');
        return new DictType(this.parse(args[0]), this.parse(args[1]));
      }
      case 'Union':
        return unionOf(args.map((a) => this.parse(a)));
      default:
        throw CompileError.at(e.value.range, `Unknown type constructor ${name ?? '?'}`);
    }
  }
}

/** `a.b.c` of a chain of Var and Select nodes, or null. */
export function dottedName(e: T.Expr): string | null {
  if (e.kind === 'Var') return e.name;
  if (e.kind === 'Select') {
    const base = dottedName(e.value);
    return base === null ? null : `${base}.${e.selector.name}`;
  }
  return null;
}
