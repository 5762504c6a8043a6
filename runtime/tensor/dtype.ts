// Data types and PyTorch's type promotion rules.

export type DType = 'bool' | 'uint8' | 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64';

export type TypedArray =
  Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

type ArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
  BYTES_PER_ELEMENT: number;
};

export interface DTypeInfo {
  readonly name: DType;
  /** Element storage. int64 lives in a Float64Array: exact up to 2^53 in magnitude. */
  readonly array: ArrayConstructor;
  /** Bytes per element in PyTorch (element_size()), which int64 keeps at 8. */
  readonly itemsize: number;
  readonly isFloating: boolean;
  /** c10::ScalarType's number, which TorchScript code sees for a dtype (torch.float32 is 6). */
  readonly scalarType: number;
  /** The name in traced tensor types: Float(3, 4, ...). */
  readonly typeName: string;
  /** The legacy tensor class (x.type()): torch.FloatTensor. */
  readonly legacyName: string;
}

const table: Record<DType, DTypeInfo> = {
  bool: info('bool', Uint8Array, 1, false, 11, 'Bool', 'BoolTensor'),
  uint8: info('uint8', Uint8Array, 1, false, 0, 'Byte', 'ByteTensor'),
  int8: info('int8', Int8Array, 1, false, 1, 'Char', 'CharTensor'),
  int16: info('int16', Int16Array, 2, false, 2, 'Short', 'ShortTensor'),
  int32: info('int32', Int32Array, 4, false, 3, 'Int', 'IntTensor'),
  int64: info('int64', Float64Array, 8, false, 4, 'Long', 'LongTensor'),
  float32: info('float32', Float32Array, 4, true, 6, 'Float', 'FloatTensor'),
  float64: info('float64', Float64Array, 8, true, 7, 'Double', 'DoubleTensor'),
};

function info(
  name: DType,
  array: ArrayConstructor,
  itemsize: number,
  isFloating: boolean,
  scalarType: number,
  typeName: string,
  legacyName: string,
): DTypeInfo {
  return { name, array, itemsize, isFloating, scalarType, typeName, legacyName };
}

export const dtypes: readonly DType[] = Object.keys(table) as DType[];

export function dtypeInfo(dtype: DType): DTypeInfo {
  return table[dtype];
}

export function isFloating(dtype: DType): boolean {
  return table[dtype].isFloating;
}

export function isIntegral(dtype: DType, includeBool: boolean): boolean {
  return dtype === 'bool' ? includeBool : !table[dtype].isFloating;
}

export function dtypeFromScalarType(scalarType: number): DType {
  const found = dtypes.find((d) => table[d].scalarType === scalarType);
  if (found === undefined)
    throw new Error(`Unsupported ScalarType ${scalarType}: not supported yet`);
  return found;
}

/** The names torch.<name> accepts for a dtype, including aliases (torch.float, torch.long). */
const aliases: Record<string, DType> = {
  bool: 'bool',
  uint8: 'uint8',
  int8: 'int8',
  int16: 'int16',
  short: 'int16',
  int32: 'int32',
  int: 'int32',
  int64: 'int64',
  long: 'int64',
  float32: 'float32',
  float: 'float32',
  float64: 'float64',
  double: 'float64',
};

export function dtypeFromName(name: string): DType | undefined {
  return aliases[name.startsWith('torch.') ? name.slice(6) : name];
}

let defaultDType: DType = 'float32';

export function getDefaultDType(): DType {
  return defaultDType;
}

export function setDefaultDType(dtype: DType): void {
  if (!isFloating(dtype)) {
    throw new TypeError('only floating-point types are supported as the default type');
  }
  defaultDType = dtype;
}

// Rank in the promotion lattice among signed integers and floats; uint8 is handled apart.
const order: Record<DType, number> = {
  bool: 0,
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 3,
  int64: 4,
  float32: 6,
  float64: 7,
};

/** c10::promoteTypes for the dtypes we support. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if ((a === 'uint8' && b === 'int8') || (a === 'int8' && b === 'uint8')) return 'int16';
  return order[a] >= order[b] ? a : b;
}

/** A scalar's category for promotion: Python bool, int or float. */
export type ScalarKind = 'bool' | 'int' | 'float';

export function scalarKindDType(kind: ScalarKind): DType {
  return kind === 'bool' ? 'bool' : kind === 'int' ? 'int64' : 'float64';
}

/**
 * The state of at::native::ResultTypeState: tensors with dimensions outrank zero-dim tensors,
 * which outrank Python scalars, unless a lower rank brings a higher category (float over int).
 */
export class ResultType {
  private dimResult: DType | undefined;
  private zeroResult: DType | undefined;
  private wrappedResult: DType | undefined;

  addTensor(dtype: DType, ndim: number): this {
    if (ndim > 0) this.dimResult = promoteSkip(this.dimResult, dtype);
    else this.zeroResult = promoteSkip(this.zeroResult, dtype);
    return this;
  }

  addScalar(kind: ScalarKind): this {
    const dtype = kind === 'float' ? defaultDType : scalarKindDType(kind);
    this.wrappedResult = promoteSkip(this.wrappedResult, dtype);
    return this;
  }

  result(): DType {
    const r = combine(this.dimResult, combine(this.zeroResult, this.wrappedResult));
    if (r === undefined) throw new Error('result type of no operands');
    return r;
  }
}

function promoteSkip(a: DType | undefined, b: DType | undefined): DType | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return promoteTypes(a, b);
}

function combine(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher !== undefined && isFloating(higher)) return higher;
  if (higher === 'bool' || (lower !== undefined && isFloating(lower))) {
    return promoteSkip(higher, lower);
  }
  return higher ?? lower;
}

/** Whether a value of dtype `from` may be written into `to` without an unsafe category change. */
export function canCast(from: DType, to: DType): boolean {
  if (isFloating(from) && !isFloating(to)) return false;
  if (from !== 'bool' && to === 'bool') return false;
  return true;
}

/** PyTorch's name for a dtype in messages: Float, Long, Bool, ... */
export function scalarTypeName(dtype: DType): string {
  return table[dtype].typeName;
}
