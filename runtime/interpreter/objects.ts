// Instances of TorchScript classes and scripted modules: a class type and named attribute slots.

import type { ClassType } from '../../compiler/types/types.js';
import { runtimeError } from '../errors.js';
import type { IValue } from '../ivalue.js';

export class ScriptObject {
  readonly fields = new Map<string, IValue>();

  constructor(readonly type: ClassType) {}

  getAttr(name: string): IValue {
    const v = this.fields.get(name);
    if (v === undefined) {
      throw runtimeError(
        `Tried to access nonexistent attribute or method '${name}'. Did you forget to initialize an attribute in __init__()?`,
      );
    }
    return v;
  }

  setAttr(name: string, value: IValue): void {
    this.fields.set(name, value);
  }
}
