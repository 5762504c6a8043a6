// isinstance(x, T) at run time, for values whose static type does not settle it (Unions, Any,
// Optional). T arrives as annotation strings (`int`, `List[int]`, `Tuple[int, str]`, a class's
// qualified name); int and float tell apart by the value's representation (coercion.ts).

import { OptionalType, Types, type Type } from '../../compiler/types/types.js';
import { parseAnnotation, type Annotation } from '../ops/annotation.js';
import { Device } from '../tensor/device.js';
import { Tensor } from '../tensor/tensor.js';
import { isMixed } from './coercion.js';
import { ScriptObject } from './objects.js';

export function isInstance(value: unknown, staticType: Type, types: readonly string[]): boolean {
  const base = staticType instanceof OptionalType ? staticType.elem : staticType;
  // A plain JS number is an int when the static type says so, a float otherwise.
  const numbersAreInts = !isMixed(staticType) && base === Types.int;
  return types.some((t) => matches(value, parseAnnotation(t), numbersAreInts));
}

function matches(value: unknown, t: Annotation, numbersAreInts: boolean): boolean {
  switch (t.name) {
    case 'int':
      return typeof value === 'bigint' || (typeof value === 'number' && numbersAreInts);
    case 'float':
      return typeof value === 'number' && !numbersAreInts;
    case 'bool':
      return typeof value === 'boolean';
    case 'str':
      return typeof value === 'string';
    case 'NoneType':
    case 'None':
      return value === null;
    case 'Tensor':
      return value instanceof Tensor;
    case 'Device':
    case 'device':
      return value instanceof Device;
    case 'Optional':
      return value === null || matches(value, t.args[0], numbersAreInts);
    case 'Union':
      return t.args.some((a) => matches(value, a, numbersAreInts));
    case 'List':
    case 'list':
      return Array.isArray(value) && !Object.isFrozen(value) && elementsMatch(value, t.args[0]);
    case 'Tuple':
    case 'tuple':
      return (
        Array.isArray(value) &&
        Object.isFrozen(value) &&
        value.length === t.args.length &&
        value.every((v, i) => matches(v, t.args[i], false))
      );
    case 'Dict':
    case 'dict':
      return value instanceof Map;
    default:
      return value instanceof ScriptObject && value.type.qualifiedName.endsWith(t.name);
  }
}

/** A list's element type is not kept at run time: its elements stand for it. */
function elementsMatch(items: readonly unknown[], elem: Annotation | undefined): boolean {
  return elem === undefined || items.every((v) => matches(v, elem, elem.name === 'int'));
}
