// Errors carry the Python exception type PyTorch raises, so the Python host can re-raise them as is.

export type PythonErrorType =
  | 'RuntimeError'
  | 'IndexError'
  | 'TypeError'
  | 'ValueError'
  | 'NotImplementedError'
  | 'KeyboardInterrupt'
  | 'AttributeError'
  // torch.jit.Error: what `raise` and `assert` in TorchScript code throw.
  | 'Error'
  // torch.linalg.LinAlgError (a RuntimeError), whose class Python names _LinAlgError.
  | '_LinAlgError';

export class TorchError extends Error {
  constructor(
    readonly pythonType: PythonErrorType,
    message: string,
  ) {
    super(message);
    this.name = pythonType;
  }
}

export function runtimeError(message: string): TorchError {
  return new TorchError('RuntimeError', message);
}

export function indexError(message: string): TorchError {
  return new TorchError('IndexError', message);
}

export function typeError(message: string): TorchError {
  return new TorchError('TypeError', message);
}

/** A singular matrix and the like (torch.linalg.LinAlgError). */
export function linAlgError(message: string): TorchError {
  return new TorchError('_LinAlgError', message);
}

export function valueError(message: string): TorchError {
  return new TorchError('ValueError', message);
}

/**
 * `raise ValueError(msg)` in TorchScript: the message names the Python exception class, as
 * `builtins.ValueError: msg`; assertions have none and read `RuntimeError: AssertionError: msg`.
 */
export function scriptException(message: string, pythonClass: string | null): TorchError {
  return new TorchError('Error', `${pythonClass ?? 'RuntimeError'}: ${message}`);
}

/** A feature PyTorch has and we do not have yet. */
export function notSupported(feature: string): TorchError {
  return new TorchError('NotImplementedError', `${feature} is not supported yet`);
}

export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw runtimeError(message());
}
