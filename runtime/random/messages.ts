// How PyTorch's C++ code spells values and types in the messages of its random operators.

import { runtimeError, type TorchError } from '../errors.js';
import { scalarTypeName, type DType } from '../tensor/dtype.js';

/** A double as C++'s `std::ostream << double` prints it: %g with 6 significant digits. */
export function cppDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exponentText] = x.toExponential(5).split('e');
  const exponent = Number(exponentText);
  const trim = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${trim(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trim(x.toFixed(Math.max(0, 5 - exponent)));
}

/** The C++ type name (caffe2::TypeMeta) that PyTorch prints for a dtype in bounds messages. */
export function cppTypeName(dtype: DType): string {
  switch (dtype) {
    case 'bool':
      return 'bool';
    case 'uint8':
      return 'unsigned char';
    case 'int8':
      return 'signed char';
    case 'int16':
      return 'short int';
    case 'int32':
      return 'int';
    case 'int64':
      return 'long int';
    case 'float32':
      return 'float';
    case 'float64':
      return 'double';
  }
}

/** The fixed-width C type name that c10's checked conversions print: uint8_t, int16_t, ... */
export function cIntTypeName(dtype: DType): string {
  return dtype === 'bool' || dtype.startsWith('float') ? cppTypeName(dtype) : `${dtype}_t`;
}

/** The error of AT_DISPATCH when a kernel has no version for a dtype. */
export function notImplementedFor(kernel: string, dtype: DType): TorchError {
  return runtimeError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
}

/** The generic message of TORCH_CHECK without a message of its own. */
export function failedCheck(condition: string): TorchError {
  return runtimeError(
    `Expected ${condition} to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)`,
  );
}
