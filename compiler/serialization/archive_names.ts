// The names archive code uses beyond TorchScript's builtins, as PyTorch's printer writes them:
//
//   __torch__.torch.nn.functional.relu(x, False, )   qualified functions, classes, NamedTuples
//   ops.prim.unchecked_unwrap_optional(b)             operators outside aten
//   CONSTANTS.c0                                      the constant table (constants.pkl)
//   annotate(List[int], [])  uninitialized(Tensor)  unchecked_cast(int, x)  fork(f)
//   inf  nan                                          float literals

import { CompileError } from '../frontend/errors.js';
import type { SourceRange } from '../frontend/source.js';
import {
  BuiltinModule,
  SimpleValue,
  SpecialFormValue,
  SugaredValue,
  type Method,
} from '../frontend/sugared_value.js';
import { insertConstant } from '../ir/constants.js';
import type { Value } from '../ir/ir.js';
import { ConstantValueSugar, mathModule, torchModule } from '../host/python_modules.js';
import type { Type } from '../types/types.js';
import { constantEntry, type ArchiveConstant } from './literal_values.js';

/** `__torch__.a.b`: a package path whose attributes are definitions of the archive or deeper paths. */
export class QualifiedNamespace extends SugaredValue {
  constructor(
    readonly path: string,
    private readonly lookup: (qualifiedName: string, range: SourceRange) => SugaredValue | null,
  ) {
    super();
  }
  kind(): string {
    return 'namespace';
  }
  override attr(range: SourceRange, _m: Method, field: string): SugaredValue {
    const qualified = `${this.path}.${field}`;
    return this.lookup(qualified, range) ?? new QualifiedNamespace(qualified, this.lookup);
  }
  override asValue(range: SourceRange): Value {
    throw notDefined(this.path, range);
  }
  override call(range: SourceRange): SugaredValue {
    throw notDefined(this.path, range);
  }
}

function notDefined(qualifiedName: string, range: SourceRange): CompileError {
  return CompileError.at(range, `${qualifiedName} is not defined in the archive's code`);
}

/** `ops`: `ops.prim.min` is prim::min. */
class OperatorNamespaces extends SugaredValue {
  kind(): string {
    return 'operator namespaces';
  }
  override attr(_range: SourceRange, _m: Method, field: string): SugaredValue {
    return new BuiltinModule(field);
  }
}

/** `CONSTANTS`: `CONSTANTS.cN` is the Nth value of constants.pkl, inserted as a constant. */
class ConstantTable extends SugaredValue {
  constructor(private readonly constants: readonly ArchiveConstant[]) {
    super();
  }
  kind(): string {
    return 'constant table';
  }
  override attr(range: SourceRange, m: Method, field: string): SugaredValue {
    const entry = constantEntry(field, this.constants, range);
    if (entry.kind === 'value') return new SimpleValue(insertConstant(m.graph, entry.value, range));
    return new SimpleValue(insertObjectConstant(m, entry.value, entry.type, range));
  }
}

/** A prim::Constant holding a runtime object (a Tensor, a ScriptObject): opaque to the compiler. */
function insertObjectConstant(m: Method, value: object, type: Type, range: SourceRange): Value {
  const g = m.graph;
  const n = g.create('prim::Constant');
  n.addOutput(type);
  n.setAttribute('value', { kind: 'ival', value });
  n.sourceRange = range;
  return g.insertNode(n).output();
}

const specialForms: Readonly<Record<string, string>> = {
  annotate: 'prim::annotate',
  uninitialized: 'prim::Uninitialized',
  unchecked_cast: 'prim::unchecked_cast',
  fork: 'prim::fork',
};

/** The archive dialect's global names; null for the others. */
export function archiveGlobal(
  name: string,
  constants: readonly ArchiveConstant[],
  qualified: (qualifiedName: string, range: SourceRange) => SugaredValue | null,
): SugaredValue | null {
  if (name in specialForms) return new SpecialFormValue(specialForms[name]);
  switch (name) {
    case '__torch__':
      return new QualifiedNamespace('__torch__', qualified);
    case 'torch':
      return torchModule(() => null);
    case 'ops':
      return new OperatorNamespaces();
    case 'CONSTANTS':
      return new ConstantTable(constants);
    case 'math':
      return mathModule;
    case 'inf':
      return new ConstantValueSugar(Infinity);
    case 'nan':
      return new ConstantValueSugar(NaN);
    default:
      return null;
  }
}
