// The names every TorchScript function sees without importing them: print, len, range, int(),
// isinstance and the rest of Python's builtins TorchScript supports.

import { Types } from '../types/types.js';
import {
  BuiltinFunction,
  CastValue,
  ExceptionValue,
  MagicMethod,
  PrintValue,
  SpecialFormValue,
  type SugaredValue,
} from './sugared_value.js';

const builtin = (symbol: string) => new BuiltinFunction(symbol, null);
const magic = (name: string, base: SugaredValue) => new MagicMethod(name, base);

const globals: Record<string, () => SugaredValue> = {
  print: () => new PrintValue(),
  tuple: () => new SpecialFormValue('prim::TupleConstruct'),
  float: () => magic('__float__', new CastValue(Types.float, 'aten::Float')),
  int: () => magic('__int__', new CastValue(Types.int, 'aten::Int')),
  bool: () => magic('__bool__', new CastValue(Types.bool, 'aten::Bool')),
  str: () => magic('__str__', new CastValue(Types.str, 'aten::str')),
  getattr: () => new SpecialFormValue('prim::GetAttr'),
  hasattr: () => new SpecialFormValue('prim::HasAttr'),
  isinstance: () => new SpecialFormValue('prim::isinstance'),
  _to_tensor: () => new CastValue(Types.Tensor, 'prim::NumToTensor'),
  len: () => magic('__len__', builtin('aten::len')),
  hex: () => magic('__hex__', builtin('aten::hex')),
  oct: () => magic('__oct__', builtin('aten::oct')),
  round: () => magic('__round__', builtin('aten::round')),
  hash: () => builtin('aten::hash'),
  id: () => builtin('prim::id'),
  min: () => builtin('prim::min'),
  max: () => builtin('prim::max'),
  abs: () => builtin('prim::abs'),
  all: () => builtin('aten::all'),
  any: () => builtin('aten::any'),
  divmod: () => builtin('aten::divmod'),
  sum: () => builtin('aten::sum'),
  list: () => new SpecialFormValue('prim::list'),
  dict: () => new SpecialFormValue('prim::dict'),
  ord: () => builtin('aten::ord'),
  chr: () => builtin('aten::chr'),
  bin: () => builtin('aten::bin'),
  pow: () => builtin('aten::pow'),
  complex: () => builtin('aten::complex'),
  range: () => new SpecialFormValue('prim::range'),
  zip: () => new SpecialFormValue('prim::zip'),
  enumerate: () => new SpecialFormValue('prim::enumerate'),
  rangelist: () => builtin('prim::rangelist'),
  sorted: () => builtin('aten::sorted'),
  AssertionError: () => new ExceptionValue('AssertionError', null),
};

export function globalValue(name: string): SugaredValue | null {
  const make = globals[name];
  return make === undefined ? null : make();
}
