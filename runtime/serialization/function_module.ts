// A scripted function as the module torch.jit.save writes for it (PyTorch's PlaceholderModule).

import type { ScriptFunction } from '../../compiler/frontend/function.js';
import { placeholderModule } from '../../compiler/serialization/placeholder_module.js';
import { ScriptObject } from '../interpreter/objects.js';
import type { ScriptModule } from './script_module.js';

export function functionModule(fn: ScriptFunction): ScriptModule {
  const info = placeholderModule(fn);
  const object = new ScriptObject(info.type);
  object.setAttr('training', true);
  return { info, object };
}
