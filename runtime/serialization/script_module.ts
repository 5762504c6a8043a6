// A scripted module as serialization sees it: what the compiler knows of its type (ModuleInfo:
// class, submodules, constants, methods) and the instance holding its attribute values.

import type { ModuleInfo } from '../../compiler/frontend/module_value.js';
import type { ScriptObject } from '../interpreter/objects.js';

export interface ScriptModule {
  readonly info: ModuleInfo;
  readonly object: ScriptObject;
}
