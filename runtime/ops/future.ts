// torch.jit.wait on a Future.

import type { Future } from '../future.js';
import { def } from './registry.js';

def('aten::wait(Future(t) self) -> t', (self: Future) => self.value());
