// TorchScript's dict operators, for keys of type str, int, bool, float and Tensor: d[k], d[k] = v,
// del d[k], `k in d`, len, keys/values/items, get, pop, popitem, setdefault, update, copy, clear
// and the dict() constructors.
//
// A dict is a JS Map shared by reference; like c10::Dict it keeps insertion order, a reassigned
// key keeps its place, and Tensor keys compare by identity. -0.0 and 0.0 are one key, and a NaN
// key finds itself, as in PyTorch.

import { runtimeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { printFloat, printInt, printTensor } from './printing.js';
import { def } from './registry.js';

type Dict = Map<unknown, unknown>;

/** Each key type, with how PyTorch's KeyError prints a key of it. */
const keyTypes: [string, (key: unknown) => string][] = [
  ['str', (k) => k as string],
  ['int', (k) => printInt(k as number)],
  ['bool', (k) => (k ? 'True' : 'False')],
  ['float', (k) => printFloat(k as number)],
  ['Tensor', (k) => printTensor(k as Tensor, 'legacy')],
];

for (const [k, print] of keyTypes) defDictOps(k, print);

def('aten::dict() -> Dict(str, Tensor)', () => new Map());

function defDictOps(k: string, printKey: (key: unknown) => string): void {
  const self = `Dict(${k}, t)`;
  const keyError = (key: unknown): never => {
    throw runtimeError(`KeyError: ${printKey(key)}`);
  };
  const lookup = (d: Dict, key: unknown) => (d.has(key) ? d.get(key) : keyError(key));

  def(`aten::len.Dict_${k}(${self} self) -> int`, (d: Dict) => d.size);
  def(`aten::keys.${k}(${self} self) -> ${k}[](*)`, (d: Dict) => [...d.keys()]);
  def(`aten::values.${k}(${self} self) -> t[](*)`, (d: Dict) => [...d.values()]);
  def(`aten::items.${k}(${self} self) -> ((${k}, t)[])`, (d: Dict) =>
    [...d].map((entry) => Object.freeze(entry)),
  );
  def(`aten::__getitem__.Dict_${k}(${self} self, ${k} key) -> t(*)`, lookup);
  def(`aten::get.${k}(${self} self, ${k} key) -> t(*)?`, (d: Dict, key: unknown) =>
    d.has(key) ? d.get(key) : null,
  );
  def(
    `aten::get.default_${k}(${self} self, ${k} key, t default_value) -> t(*)`,
    (d: Dict, key: unknown, fallback: unknown) => (d.has(key) ? d.get(key) : fallback),
  );
  def(
    `aten::setdefault.${k}(Dict(${k}, t)(a!) self, ${k}(b -> *) key, t(c -> *) default_value) -> t(*)`,
    (d: Dict, key: unknown, fallback: unknown) => {
      if (!d.has(key)) d.set(key, fallback);
      return d.get(key);
    },
  );
  def(`aten::Delete.Dict_${k}(Dict(${k}, t)(a!) self, ${k} key) -> ()`, (d: Dict, key: unknown) => {
    lookup(d, key);
    d.delete(key);
  });
  def(`aten::pop.Dict_${k}(Dict(${k}, t)(a!) self, ${k} key) -> t(*)`, (d: Dict, key: unknown) => {
    const value = lookup(d, key);
    d.delete(key);
    return value;
  });
  def(
    `aten::pop.Dict_default_${k}(Dict(${k}, t)(a!) self, ${k} key, t default_value) -> t(*)`,
    (d: Dict, key: unknown, fallback: unknown) => {
      if (!d.has(key)) return fallback;
      const value = d.get(key);
      d.delete(key);
      return value;
    },
  );
  def(`aten::popitem.${k}(Dict(${k}, t)(a!) self) -> ((${k}, t))`, (d: Dict) => {
    const first = d.entries().next();
    if (first.done === true) throw runtimeError('popitem(): dictionary is empty');
    d.delete(first.value[0]);
    return Object.freeze(first.value);
  });
  def(`aten::clear.${k}(Dict(${k}, t)(a!) self) -> ()`, (d: Dict) => {
    d.clear();
  });
  def(
    `aten::update.${k}(Dict(${k}, t)(a!) self, Dict(${k}, t)(a!) to_add) -> ()`,
    (d: Dict, other: Dict) => {
      for (const [key, value] of [...other]) d.set(key, value);
    },
  );
  def(`aten::copy.Dict_${k}(Dict(${k}, t)(a) self) -> Dict(${k}, t)`, (d: Dict) => new Map(d));
  def(`aten::__contains__.${k}(${self} dict, ${k} key) -> bool`, (d: Dict, key: unknown) =>
    d.has(key),
  );
  def(
    `aten::_set_item.${k}(Dict(${k}, t)(a!) l, ${k}(b -> *) idx, t(c -> *) v) -> ()`,
    (d: Dict, key: unknown, value: unknown) => {
      d.set(key, value);
    },
  );
  def(
    `aten::dict.${k}((${k}, tVal)[] inputs) -> Dict(${k}, tVal)`,
    (pairs: (readonly unknown[])[]) => new Map(pairs.map(([key, value]) => [key, value])),
  );
  def(`aten::dict.Dict_${k}(Dict(${k}, t)(a) self) -> Dict(${k}, t)`, (d: Dict) => new Map(d));
}
