// `raise` and failed `assert`s in TorchScript code.

import { scriptException } from '../errors.js';
import { def } from './registry.js';

def('prim::RaiseException(str msg, str? cls=None) -> ()', (msg: string, cls: string | null) => {
  throw scriptException(msg, cls);
});
