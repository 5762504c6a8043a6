// Errors of reading and writing archives. A bad archive is the user's input, so its errors are
// RuntimeErrors that say what is wrong with it (and where), as PyTorch's loader does.

import { runtimeError, type TorchError } from '../errors.js';

/** The archive is malformed, truncated, or asks for something the format does not allow. */
export function archiveError(message: string): TorchError {
  return runtimeError(message);
}
