// Fixture values by their static TorchScript type. A decoded fixture holds Python ints as bigints;
// the runtime holds `int` as a JS number, tuples as frozen arrays and dicts as Maps. For records
// that carry `types` (spec/fixtures/script_ops.py) the runner converts arguments with
// `toRuntime` and results (and written arguments) back with `toFixture`; values of the type
// `number` (Scalar) stay as decoded, since the runtime keeps Python's int/float there.

import { parseAnnotation, type Annotation } from '../../runtime/ops/annotation.js';

const parse = (ann: string | Annotation) => (typeof ann === 'string' ? parseAnnotation(ann) : ann);

export function toRuntime(value: unknown, annotation: string | Annotation): unknown {
  const ann = parse(annotation);
  if (value === null || value === undefined) return null;
  switch (ann.name) {
    case 'int':
    case 'SymInt':
    case 'float':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'Optional':
      return toRuntime(value, ann.args[0]);
    case 'List':
      return (value as unknown[]).map((v) => toRuntime(v, ann.args[0]));
    case 'Tuple':
      return Object.freeze((value as unknown[]).map((v, i) => toRuntime(v, ann.args[i])));
    case 'Dict':
      return new Map(
        [...(value as Map<unknown, unknown>)].map(([k, v]) => [
          toRuntime(k, ann.args[0]),
          toRuntime(v, ann.args[1]),
        ]),
      );
    default:
      return value;
  }
}

export function toFixture(value: unknown, annotation: string | Annotation): unknown {
  const ann = parse(annotation);
  if (value === null || value === undefined) return null;
  switch (ann.name) {
    case 'int':
    case 'SymInt':
      return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
    case 'Optional':
      return toFixture(value, ann.args[0]);
    case 'List':
      return (value as unknown[]).map((v) => toFixture(v, ann.args[0]));
    case 'Tuple':
      return (value as unknown[]).map((v, i) => toFixture(v, ann.args[i]));
    case 'Dict':
      return new Map(
        [...(value as Map<unknown, unknown>)].map(([k, v]) => [
          toFixture(k, ann.args[0]),
          toFixture(v, ann.args[1]),
        ]),
      );
    default:
      return value;
  }
}
