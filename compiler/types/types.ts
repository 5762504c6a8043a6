// TorchScript's types. Each prints two ways, as c10 does: `str()` in graphs (`int[]`, `(int, str)`,
// `Dict(str, int)`, `int?`) and `annotation()` in code and Python (`List[int]`, `Tuple[int, str]`,
// `Dict[str, int]`, `Optional[int]`).

import { runtimeError } from '../../runtime/errors.js';

export type TypeKind =
  | 'Tensor'
  | 'int'
  | 'float'
  | 'bool'
  | 'str'
  | 'complex'
  | 'NoneType'
  | 'number'
  | 'Device'
  | 'Layout'
  | 'ScalarType'
  | 'MemoryFormat'
  | 'Generator'
  | 'Stream'
  | 'Any'
  | 'Capsule'
  | 'AnyList'
  | 'AnyTuple'
  | 'AnyClass'
  | 'AnyEnum'
  | 'Function'
  | 'List'
  | 'Tuple'
  | 'Dict'
  | 'Optional'
  | 'Union'
  | 'Future'
  | 'RRef'
  | 'Class'
  | 'Interface'
  | 'Var';

export abstract class Type {
  abstract readonly kind: TypeKind;
  /** The graph spelling. */
  abstract str(): string;
  /** The code spelling. */
  annotation(): string {
    return this.str();
  }
  /** The spelling in compile errors (c10's repr_str). */
  repr(): string {
    return this.annotation();
  }
  /** Types nested in this one, for type-variable matching and traversal. */
  containedTypes(): readonly Type[] {
    return [];
  }
  equals(other: Type): boolean {
    return this === other || (this.kind === other.kind && this.str() === other.str());
  }
  toString(): string {
    return this.str();
  }
}

class SimpleType extends Type {
  constructor(
    readonly kind: TypeKind,
    private readonly name: string,
    private readonly annotationName = name,
  ) {
    super();
  }
  str(): string {
    return this.name;
  }
  override annotation(): string {
    return this.annotationName;
  }
}

/**
 * A tensor type. Plain `Tensor` in scripted code; traced graphs refine it with what the trace saw:
 * `Float(3, 4, strides=[4, 1], requires_grad=0, device=cpu)`.
 */
export class TensorType extends Type {
  readonly kind = 'Tensor';
  constructor(
    readonly details: TensorDetails | null = null,
    /** The type of a parameter without annotation, which errors call `Tensor (inferred)`. */
    readonly inferred = false,
  ) {
    super();
  }
  str(): string {
    const d = this.details;
    if (d === null) return 'Tensor';
    const parts = [...d.sizes.map(String)];
    if (d.strides !== null) parts.push(`strides=[${d.strides.join(', ')}]`);
    if (d.requiresGrad !== null) parts.push(`requires_grad=${d.requiresGrad ? 1 : 0}`);
    if (d.device !== null) parts.push(`device=${d.device}`);
    return `${d.scalarTypeName}(${parts.join(', ')})`;
  }
  override annotation(): string {
    return 'Tensor';
  }
  override repr(): string {
    return this.inferred ? 'Tensor (inferred)' : this.annotation();
  }
}

export interface TensorDetails {
  /** Float, Long, ... as traced types print a dtype. */
  readonly scalarTypeName: string;
  readonly sizes: readonly number[];
  readonly strides: readonly number[] | null;
  readonly requiresGrad: boolean | null;
  readonly device: string | null;
}

export const Types = {
  Tensor: new TensorType(),
  InferredTensor: new TensorType(null, true),
  int: new SimpleType('int', 'int'),
  float: new SimpleType('float', 'float'),
  bool: new SimpleType('bool', 'bool'),
  str: new SimpleType('str', 'str'),
  complex: new SimpleType('complex', 'complex'),
  None: new SimpleType('NoneType', 'NoneType'),
  /** A Python number of unknown kind: schemas' `Scalar`. */
  number: new SimpleType('number', 'Scalar', 'number'),
  Device: new SimpleType('Device', 'Device', 'Device'),
  Layout: new SimpleType('Layout', 'Layout'),
  ScalarType: new SimpleType('ScalarType', 'ScalarType'),
  MemoryFormat: new SimpleType('MemoryFormat', 'MemoryFormat'),
  Generator: new SimpleType('Generator', 'Generator'),
  Stream: new SimpleType('Stream', 'Stream'),
  Any: new SimpleType('Any', 'Any'),
  Capsule: new SimpleType('Capsule', 'Capsule'),
  AnyList: new SimpleType('AnyList', 'list', 'list'),
  AnyTuple: new SimpleType('AnyTuple', 'tuple', 'tuple'),
  AnyClass: new SimpleType('AnyClass', 'AnyClassType'),
  AnyEnum: new SimpleType('AnyEnum', 'AnyEnumType'),
  Function: new SimpleType('Function', 'Function'),
} as const;

export class ListType extends Type {
  readonly kind = 'List';
  constructor(readonly elem: Type) {
    super();
  }
  str(): string {
    return `${this.elem.str()}[]`;
  }
  override annotation(): string {
    return `List[${this.elem.annotation()}]`;
  }
  override containedTypes(): readonly Type[] {
    return [this.elem];
  }
}

export class TupleType extends Type {
  readonly kind = 'Tuple';
  constructor(
    readonly elems: readonly Type[],
    /** NamedTuples: the qualified class name and field names (with defaults kept by the class). */
    readonly named: { readonly name: string; readonly fields: readonly string[] } | null = null,
  ) {
    super();
  }
  str(): string {
    // A NamedTuple of an operator's named returns has no class name and prints as a plain tuple.
    if (this.named !== null && this.named.name !== '') {
      const fields = this.named.fields.map((f, i) => `${f} : ${this.elems[i].str()}`);
      return `NamedTuple(${fields.join(', ')})`;
    }
    return `(${this.elems.map((e) => e.str()).join(', ')})`;
  }
  override annotation(): string {
    if (this.named !== null && this.named.name !== '') return this.named.name;
    return this.elems.length === 0
      ? 'Tuple[()]'
      : `Tuple[${this.elems.map((e) => e.annotation()).join(', ')}]`;
  }
  override containedTypes(): readonly Type[] {
    return this.elems;
  }
}

const dictKeyKinds = new Set<TypeKind>([
  'Any',
  'int',
  'bool',
  'float',
  'complex',
  'str',
  'Tensor',
  'Device',
  'Var',
]);

export class DictType extends Type {
  readonly kind = 'Dict';
  constructor(
    readonly key: Type,
    readonly value: Type,
  ) {
    super();
    if (!dictKeyKinds.has(key.kind)) {
      throw runtimeError(
        `Cannot create dict for key type '${key.str()}', only int, float, complex, Tensor, device and string keys are supported`,
      );
    }
  }
  str(): string {
    return `Dict(${this.key.str()}, ${this.value.str()})`;
  }
  override annotation(): string {
    return `Dict[${this.key.annotation()}, ${this.value.annotation()}]`;
  }
  override containedTypes(): readonly Type[] {
    return [this.key, this.value];
  }
}

export class OptionalType extends Type {
  readonly kind = 'Optional';
  constructor(readonly elem: Type) {
    super();
  }
  str(): string {
    return `${this.elem.str()}?`;
  }
  override annotation(): string {
    return `Optional[${this.elem.annotation()}]`;
  }
  override containedTypes(): readonly Type[] {
    return [this.elem];
  }
}

export class UnionType extends Type {
  readonly kind = 'Union';
  constructor(readonly members: readonly Type[]) {
    super();
  }
  str(): string {
    return `Union(${this.members.map((m) => m.str()).join(', ')})`;
  }
  override annotation(): string {
    return `Union[${this.members.map((m) => m.annotation()).join(', ')}]`;
  }
  override containedTypes(): readonly Type[] {
    return this.members;
  }
}

export class FutureType extends Type {
  readonly kind = 'Future';
  constructor(readonly elem: Type) {
    super();
  }
  str(): string {
    return `Future[${this.elem.str()}]`;
  }
  override annotation(): string {
    return `Future[${this.elem.annotation()}]`;
  }
  override containedTypes(): readonly Type[] {
    return [this.elem];
  }
}

export class RRefType extends Type {
  readonly kind = 'RRef';
  constructor(readonly elem: Type) {
    super();
  }
  str(): string {
    return `RRef[${this.elem.str()}]`;
  }
  override containedTypes(): readonly Type[] {
    return [this.elem];
  }
}

/** A type variable of a schema (`t`, `t1`), bound during overload matching. */
export class VarType extends Type {
  readonly kind = 'Var';
  constructor(readonly name: string) {
    super();
  }
  str(): string {
    return this.name;
  }
}

export interface Attribute {
  readonly name: string;
  type: Type;
  /** Parameters and buffers of modules. */
  readonly isParameter: boolean;
  readonly isBuffer: boolean;
}

/**
 * A TorchScript class or module type (`__torch__.case.Point`). Its attributes and methods are
 * filled in as the class is compiled; modules also have constants and submodules as attributes.
 */
export class ClassType extends Type {
  readonly kind = 'Class';
  readonly attributes: Attribute[] = [];
  readonly constants = new Map<string, unknown>();
  /** Method names to compiled functions, set by the compiler. */
  readonly methods = new Map<string, unknown>();

  constructor(
    readonly qualifiedName: string,
    readonly isModule: boolean,
  ) {
    super();
  }

  str(): string {
    return this.qualifiedName;
  }

  /** The class name without its module path: `Point` of `__torch__.case.Point`. */
  get name(): string {
    return this.qualifiedName.slice(this.qualifiedName.lastIndexOf('.') + 1);
  }

  findAttribute(name: string): Attribute | undefined {
    return this.attributes.find((a) => a.name === name);
  }

  addAttribute(
    name: string,
    type: Type,
    options: { isParameter?: boolean; isBuffer?: boolean } = {},
  ): Attribute {
    const attr: Attribute = {
      name,
      type,
      isParameter: options.isParameter ?? false,
      isBuffer: options.isBuffer ?? false,
    };
    this.attributes.push(attr);
    return attr;
  }

  override equals(other: Type): boolean {
    return this === other;
  }
}

/** An interface: a set of method signatures classes and modules match structurally. */
export class InterfaceType extends Type {
  readonly kind = 'Interface';
  readonly methods = new Map<string, unknown>();
  constructor(
    readonly qualifiedName: string,
    readonly isModule: boolean,
  ) {
    super();
  }
  str(): string {
    return this.qualifiedName;
  }
  override equals(other: Type): boolean {
    return this === other;
  }
}

/** The type of a function constant: prints as `Function`, knows which function it is. */
export class FunctionType extends Type {
  readonly kind = 'Function';
  constructor(readonly fn: { readonly qualifiedName: string; readonly name: string }) {
    super();
  }
  str(): string {
    return 'Function';
  }
  override equals(other: Type): boolean {
    return other instanceof FunctionType && other.fn === this.fn;
  }
}

export function optional(t: Type): Type {
  return t instanceof OptionalType || t === Types.None ? t : new OptionalType(t);
}

export const tensorList = new ListType(Types.Tensor);
export const intList = new ListType(Types.int);
