// What TorchScript makes of the Python modules a script may use (torch, math, torch.jit...),
// for hosts that compile without running Python. Attributes of Python modules are constants
// (math.pi, torch.float32), operators (torch.add -> aten::add, math.sqrt -> aten::sqrt) or
// special forms (torch.jit.fork).

import { insertConstant, type ConstantValue } from '../ir/constants.js';
import { overloads } from '../../runtime/ops/registry.js';
import { CompileError } from '../frontend/errors.js';
import type { SourceRange } from '../frontend/source.js';
import type { Value } from '../ir/ir.js';
import {
  BuiltinFunction,
  SpecialFormValue,
  SugaredValue,
  type Method,
} from '../frontend/sugared_value.js';
import { Device } from '../../runtime/tensor/device.js';

/** dtypes are ints inside TorchScript: torch.float32 is 6. */
const dtypeCodes: Record<string, bigint> = {
  uint8: 0n,
  int8: 1n,
  int16: 2n,
  short: 2n,
  int32: 3n,
  int: 3n,
  int64: 4n,
  long: 4n,
  float16: 5n,
  half: 5n,
  float32: 6n,
  float: 6n,
  float64: 7n,
  double: 7n,
  complex64: 9n,
  cfloat: 9n,
  complex128: 10n,
  cdouble: 10n,
  bool: 11n,
  bfloat16: 15n,
};

/** Layouts and memory formats are ints too (torch.strided is 0, torch.channels_last 2). */
const enumCodes: Record<string, bigint> = {
  strided: 0n,
  sparse_coo: 1n,
  _mkldnn: 2n,
  contiguous_format: 0n,
  preserve_format: 1n,
  channels_last: 2n,
  channels_last_3d: 3n,
};

const mathConstants: Record<string, number> = {
  pi: Math.PI,
  e: Math.E,
  tau: 2 * Math.PI,
  inf: Infinity,
  nan: NaN,
};

/** A constant attribute of a Python module. */
export class ConstantValueSugar extends SugaredValue {
  constructor(private readonly value: ConstantValue) {
    super();
  }
  kind(): string {
    return 'constant';
  }
  override asValue(range: SourceRange, m: Method): Value {
    return insertConstant(m.graph, this.value, range);
  }
}

/** A Python module: its attributes are looked up by `lookup`. */
export class PythonModuleValue extends SugaredValue {
  constructor(
    readonly name: string,
    private readonly lookup: (field: string, range: SourceRange) => SugaredValue | null,
  ) {
    super();
  }
  kind(): string {
    return 'module';
  }
  override attr(range: SourceRange, _m: Method, field: string): SugaredValue {
    const v = this.lookup(field, range);
    if (v === null)
      throw CompileError.at(range, `Module '${this.name}' has no attribute '${field}'`);
    return v;
  }
}

function builtinIfRegistered(symbol: string): SugaredValue | null {
  return overloads(symbol).length > 0 ? new BuiltinFunction(symbol, null) : null;
}

export const mathModule = new PythonModuleValue('math', (field) => {
  if (field in mathConstants) return new ConstantValueSugar(mathConstants[field]);
  return builtinIfRegistered(`aten::${field}`);
});

/** `warnings.warn(message, stacklevel)` is the aten::warn operator inside TorchScript. */
export const warningsModule = new PythonModuleValue('warnings', (field) =>
  field === 'warn' ? new BuiltinFunction('aten::warn', null) : null,
);

const jitForms: Record<string, () => SugaredValue> = {
  fork: () => new SpecialFormValue('prim::fork'),
  _fork: () => new SpecialFormValue('prim::fork'),
  annotate: () => new SpecialFormValue('prim::annotate'),
  isinstance: () => new SpecialFormValue('prim::isinstance'),
  wait: () => new BuiltinFunction('aten::wait', null),
  _wait: () => new BuiltinFunction('aten::wait', null),
  is_scripting: () => new BuiltinFunction('aten::is_scripting', null),
  _unwrap_optional: () => new BuiltinFunction('aten::_unwrap_optional', null),
};

export const jitModule = new PythonModuleValue('torch.jit', (field) => jitForms[field]?.() ?? null);

/**
 * `torch`: dtypes, devices, the jit submodule, and every registered aten operator. Submodules
 * whose functions are Python (torch.nn.functional) come from `pythonSubmodule` when the host has
 * their sources.
 */
export function torchModule(
  pythonSubmodule: (path: string, range: SourceRange) => SugaredValue | null,
): PythonModuleValue {
  return new PythonModuleValue('torch', (field, range) => {
    if (field in dtypeCodes) return new ConstantValueSugar(dtypeCodes[field]);
    if (field in enumCodes) return new ConstantValueSugar(enumCodes[field]);
    if (field === 'jit') return jitModule;
    if (field === 'device') return new BuiltinFunction('aten::device', null);
    const sub = pythonSubmodule(`torch.${field}`, range);
    if (sub !== null) return sub;
    return builtinIfRegistered(`aten::${field}`);
  });
}

export function deviceConstant(spec: string): ConstantValueSugar {
  return new ConstantValueSugar(Device.parse(spec));
}
