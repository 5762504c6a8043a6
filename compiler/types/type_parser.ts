// Types as graphs spell them (c10's Type::str()), read back into Type objects:
//
//   int  Tensor  Scalar  int[]  int?  (int, str)  Dict(str, int)  Union(int, str)  Future[int]
//   NamedTuple(x : Tensor, y : int)  __torch__.case.M
//   Float(3, 4, strides=[4, 1], requires_grad=0, device=cpu)        (traced tensors)
//
// Grammar:
//   type    := primary {'[]' | '?'}
//   primary := '(' [type {',' type}] ')'                      a tuple
//            | 'Dict(' type ',' type ')' | 'Union(' type {',' type} ')'
//            | 'NamedTuple(' field {',' field} ')'             field := name ':' type
//            | ('Future' | 'RRef') '[' type ']'
//            | qualified-name                                  a class: __torch__.a.B
//            | ScalarName '(' details ')'                       a traced tensor: Float(...)
//            | simple-name                                     int, Tensor, Scalar, Device, ...
//
// Graph text does not say which classes are modules, nor the class names of NamedTuples: the
// parser asks its options, and keeps one ClassType per qualified name in a ClassRegistry so the
// same name always gives the same object.

import {
  ClassType,
  DictType,
  FutureType,
  ListType,
  OptionalType,
  RRefType,
  TensorType,
  TupleType,
  Type,
  Types,
  type TensorDetails,
} from './types.js';
import { unionOf } from './subtype.js';

/** One ClassType per qualified name, for every graph parsed with the same registry. */
export class ClassRegistry {
  private readonly classes = new Map<string, ClassType>();

  /**
   * @param isModule decides, when a class is first seen, whether it is a module. By default only
   *     the classes of `torch.nn.modules` are; callers that know more (the IR parser reads it off
   *     the graph) pass their own predicate or declare classes first.
   */
  constructor(private readonly isModule: (qualifiedName: string) => boolean = isBuiltinModule) {}

  get(qualifiedName: string): ClassType {
    let c = this.classes.get(qualifiedName);
    if (c === undefined) {
      c = new ClassType(qualifiedName, this.isModule(qualifiedName));
      this.classes.set(qualifiedName, c);
    }
    return c;
  }

  /** Creates the class now with the given module flag; an existing class must agree. */
  declare(qualifiedName: string, isModule: boolean): ClassType {
    const existing = this.classes.get(qualifiedName);
    if (existing !== undefined && existing.isModule !== isModule) {
      throw new Error(`class ${qualifiedName} is already known as a ${kindWord(existing)}`);
    }
    if (existing !== undefined) return existing;
    const c = new ClassType(qualifiedName, isModule);
    this.classes.set(qualifiedName, c);
    return c;
  }

  has(qualifiedName: string): boolean {
    return this.classes.has(qualifiedName);
  }
}

function kindWord(c: ClassType): string {
  return c.isModule ? 'module' : 'class';
}

/** Modules of torch.nn are the only classes a graph name alone shows to be modules. */
export function isBuiltinModule(qualifiedName: string): boolean {
  return qualifiedName.startsWith('__torch__.torch.nn.modules.');
}

export interface TypeParserOptions {
  readonly classes?: ClassRegistry;
  /**
   * The qualified class name of a NamedTuple with these fields, which graphs do not print.
   * Without an answer the NamedTuple is named `unknownNamedTuple`.
   */
  readonly namedTupleName?: (fields: readonly string[], types: readonly Type[]) => string | null;
}

/**
 * The name of a NamedTuple whose class the graph text did not say. It prints as a NamedTuple in
 * graphs (an empty name would print as a plain tuple); code printers refuse to print it.
 */
export const unknownNamedTuple = '<unknown NamedTuple>';

/** The simple names of graph types. */
const simpleTypes = new Map<string, Type>(
  [
    Types.Tensor,
    Types.int,
    Types.float,
    Types.bool,
    Types.str,
    Types.complex,
    Types.None,
    Types.number,
    Types.Device,
    Types.Layout,
    Types.ScalarType,
    Types.MemoryFormat,
    Types.Generator,
    Types.Stream,
    Types.Any,
    Types.Capsule,
    Types.AnyList,
    Types.AnyTuple,
    Types.AnyClass,
    Types.AnyEnum,
    Types.Function,
  ].map((t) => [t.str(), t]),
);

/** Parses a whole type string. */
export function parseType(text: string, options: TypeParserOptions = {}): Type {
  const cursor = new TypeCursor(text, 0, options);
  const t = cursor.type();
  if (cursor.pos !== text.length) cursor.fail('the end of the type');
  return t;
}

/**
 * Reads one type starting at `pos` in a longer text (an IR line) and says where it ended, so the
 * IR parser can go on after it.
 */
export function parseTypeAt(
  text: string,
  pos: number,
  options: TypeParserOptions = {},
): { type: Type; end: number } {
  const cursor = new TypeCursor(text, pos, options);
  const type = cursor.type();
  return { type, end: cursor.pos };
}

class TypeCursor {
  private readonly classes: ClassRegistry;

  constructor(
    private readonly text: string,
    public pos: number,
    private readonly options: TypeParserOptions,
  ) {
    this.classes = options.classes ?? new ClassRegistry();
  }

  type(): Type {
    let t = this.primary();
    for (;;) {
      if (this.text.startsWith('[]', this.pos)) {
        this.pos += 2;
        t = new ListType(t);
      } else if (this.text[this.pos] === '?') {
        this.pos++;
        t = new OptionalType(t);
      } else {
        return t;
      }
    }
  }

  private primary(): Type {
    if (this.accept('(')) return new TupleType(this.typeList(')'));
    const name = this.name();
    switch (name) {
      case 'Dict': {
        this.expect('(');
        const key = this.type();
        this.expect(', ');
        const value = this.type();
        this.expect(')');
        return new DictType(key, value);
      }
      case 'Union':
        this.expect('(');
        return unionOf(this.typeList(')'));
      case 'NamedTuple':
        this.expect('(');
        return this.namedTuple();
      case 'Future':
      case 'RRef': {
        this.expect('[');
        const elem = this.type();
        this.expect(']');
        return name === 'Future' ? new FutureType(elem) : new RRefType(elem);
      }
    }
    if (name.includes('.')) return this.classes.get(name);
    if (this.text[this.pos] === '(' && /^[A-Z]/.test(name)) return this.tensor(name);
    const simple = simpleTypes.get(name);
    if (simple === undefined) this.fail(`a type name, got '${name}'`);
    return simple;
  }

  /** Types separated by ', ' up to `close`. */
  private typeList(close: string): Type[] {
    const types: Type[] = [];
    while (!this.accept(close)) {
      if (types.length > 0) this.expect(', ');
      types.push(this.type());
    }
    return types;
  }

  private namedTuple(): TupleType {
    const fields: string[] = [];
    const types: Type[] = [];
    while (!this.accept(')')) {
      if (fields.length > 0) this.expect(', ');
      fields.push(this.name());
      this.expect(' : ');
      types.push(this.type());
    }
    const name = this.options.namedTupleName?.(fields, types) ?? unknownNamedTuple;
    return new TupleType(types, { name, fields });
  }

  /** `Float(3, 4, strides=[4, 1], requires_grad=0, device=cpu)`, after the scalar type name. */
  private tensor(scalarTypeName: string): TensorType {
    this.expect('(');
    const sizes: number[] = [];
    let strides: number[] | null = null;
    let requiresGrad: boolean | null = null;
    let device: string | null = null;
    let first = true;
    while (!this.accept(')')) {
      if (!first) this.expect(', ');
      first = false;
      if (this.accept('strides=[')) {
        strides = this.integers(']');
      } else if (this.accept('requires_grad=')) {
        requiresGrad = this.integer() !== 0;
      } else if (this.accept('device=')) {
        device = this.until(/[,)]/);
      } else {
        // Sizes the trace did not fix print as '*'; TensorDetails has no way to say so yet.
        if (this.text[this.pos] === '*')
          this.fail('a known tensor size (symbolic sizes are unsupported)');
        sizes.push(this.integer());
      }
    }
    const details: TensorDetails = { scalarTypeName, sizes, strides, requiresGrad, device };
    return new TensorType(details);
  }

  private integers(close: string): number[] {
    const values: number[] = [];
    while (!this.accept(close)) {
      if (values.length > 0) this.expect(', ');
      values.push(this.integer());
    }
    return values;
  }

  private integer(): number {
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (m === null) this.fail('an integer');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  /** A dotted identifier: `int`, `__torch__.case.M`. */
  private name(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(this.text.slice(this.pos));
    if (m === null) this.fail('a type');
    this.pos += m[0].length;
    return m[0];
  }

  private until(stop: RegExp): string {
    const start = this.pos;
    while (this.pos < this.text.length && !stop.test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private accept(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.accept(token)) this.fail(`'${token}'`);
  }

  fail(what: string): never {
    throw new Error(`type parse error: expected ${what} at column ${this.pos} of '${this.text}'`);
  }
}
