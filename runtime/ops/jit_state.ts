// What compiled code may ask about where it runs. The compiler folds `if torch.jit.is_scripting():`
// to its true branch; the operator answers where the call stays (a value kept in a variable).

import { def } from './registry.js';

def('aten::is_scripting() -> bool', () => true);
