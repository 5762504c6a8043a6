// The builtin functions TorchScript defines in TorchScript rather than as operators: a number on
// the left of a tensor operator (`2 - x`), `x // y`, the tensor properties `.shape`, `.T`, `.mT`,
// `torch._assert`, `"ab" in s`, `x.type(dtype)`, `torch.device(type=...)`. A call that matches
// one is inlined, so graphs show the operators inside, positioned in these texts
// (`aten::neg(%x) # <string>:11:9`): the texts keep the line layout PyTorch's have, as those
// positions are part of what graphs print.

import { emitFunction } from './compilation_unit.js';
import { Frontend } from './frontend/frontend.js';
import { ScriptFunction } from './frontend/function.js';
import type { Resolver } from './frontend/ir_emitter.js';
import { literalDefaults } from './frontend/literal_defaults.js';
import { parseModule } from './frontend/parser.js';
import {
  setBuiltinFunctionLibrary,
  type BuiltinFunctionLibrary,
} from './frontend/schema_matching.js';
import { Source } from './frontend/source.js';
import type { Graph, Value } from './ir/ir.js';
import { torchModule } from './host/python_modules.js';
import type { Signature } from './types/signature.js';

const scalarOperators = (scalar: string) => `
def mul(a : ${scalar}, b : Tensor) -> Tensor:
  return b * a
def add(a : ${scalar}, b : Tensor) -> Tensor:
  return b + a
def ne(a : ${scalar}, b : Tensor) -> Tensor:
  return b != a
def eq(a : ${scalar}, b : Tensor) -> Tensor:
  return b == a
def sub(a : ${scalar}, b : Tensor) -> Tensor:
  return torch.neg(b) + a
def div(a : ${scalar}, b : Tensor) -> Tensor:
  return torch.reciprocal(b) * a
`;

const scalarComparisons = (scalar: string) => `
def lt(a : ${scalar}, b : Tensor) -> Tensor:
  return b > a
def le(a : ${scalar}, b : Tensor) -> Tensor:
  return b >= a
def gt(a : ${scalar}, b : Tensor) -> Tensor:
  return b < a
def ge(a : ${scalar}, b : Tensor) -> Tensor:
  return b <= a
`;

// torch.nn.modules.utils._pair and friends: a number or a list, as a list.
const ntuple = (name: string, length: number, scalar: string) => `
def _${name}(x: BroadcastingList${length}[${scalar}]) -> List[${scalar}]:
  return x
`;

const floordiv = (rhs: string) => `
def floordiv(self : Tensor, other : ${rhs}) -> Tensor:
  return torch.floor_divide(self, other)
`;

const atenFunctions = `
def _assert_int_or_pair(vals: List[int], name: str, message: str):
  pass
def list_with_default(out_size: List[int], defaults: List[int]):
  assert len(defaults) > len(out_size)
  return out_size
def _assert(condition : bool, message : str):
  assert condition, message
# aten::device calls its argument \`a\`; this shim is what lets
# torch.device(type="cuda") name it.
def device(type: str):
  return torch.device(type)
def type(self: Tensor, dtype: int, non_blocking: bool=False, copy: bool=False) -> Tensor:
  return self.to(dtype, non_blocking, copy)
`;

const atenFunctionsAdditional = `
def _assert(condition : Tensor, message : str):
  assert bool(condition), message
def __contains__(self: str, key: str):
    return self.find(key, 0, len(self)) != -1
`;

const tensorProperties = `
def ndim(a : Tensor) -> int:
  return a.dim()
def T(a : Tensor) -> Tensor:
  return a.numpy_T()
def H(a : Tensor) -> Tensor:
  return a.matrix_H()
def mT(a : Tensor) -> Tensor:
  return a.mT
def mH(a : Tensor) -> Tensor:
  return a.mH
def shape(a : Tensor) -> List[int]:
  return a.size()
`;

/** The sources in PyTorch's loading order, which is the order their overloads are tried in. */
function librarySources(): { namespace: string; text: string }[] {
  const aten = (text: string) => ({ namespace: 'aten', text });
  const ntuples = ['float', 'int'].flatMap((scalar) =>
    ['single', 'pair', 'triple', 'quadruple'].map((name, i) => ntuple(name, i + 1, scalar)),
  );
  return [
    ...['float', 'int', 'complex'].map((s) => aten(scalarOperators(s))),
    ...['float', 'int'].map((s) => aten(scalarComparisons(s))),
    ...ntuples.map(aten),
    ...['number', 'Tensor'].map((rhs) => aten(floordiv(rhs))),
    aten(atenFunctions),
    aten(atenFunctionsAdditional),
    { namespace: 'prim', text: tensorProperties },
  ];
}

const torch = torchModule(() => null);
const resolver: Resolver = {
  resolveValue: (name) => (name === 'torch' ? torch : null),
  resolveType: () => null,
};

class BuiltinFunctions implements BuiltinFunctionLibrary {
  private state: 'unloaded' | 'loading' | 'loaded' = 'unloaded';
  private readonly byName = new Map<string, Signature[]>();
  private readonly functions = new Map<Signature, ScriptFunction>();

  signatures(name: string): readonly Signature[] {
    // The library's own bodies compile against operators only.
    if (this.state === 'loading') return [];
    if (this.state === 'unloaded') this.load();
    return this.byName.get(name) ?? [];
  }

  inline(graph: Graph, sig: Signature, inputs: readonly Value[]): Value {
    return graph.insertGraph(this.functions.get(sig)!.graph, inputs)[0];
  }

  private load(): void {
    this.state = 'loading';
    try {
      for (const { namespace, text } of librarySources()) this.loadSource(namespace, text);
      this.state = 'loaded';
    } catch (e) {
      this.state = 'unloaded';
      throw e;
    }
  }

  private loadSource(namespace: string, text: string): void {
    const source = new Source(text, '<string>');
    for (const stmt of parseModule(source).body) {
      if (stmt.kind !== 'FunctionDef') continue;
      const name = `${namespace}::${stmt.name}`;
      const def = new Frontend(source, { scriptParser: true }).def(stmt);
      const fn = new ScriptFunction(name, (f) =>
        emitFunction(f, def, resolver, null, literalDefaults(stmt)),
      );
      const sig = fn.signature;
      this.functions.set(sig, fn);
      this.byName.set(name, [...(this.byName.get(name) ?? []), sig]);
    }
  }
}

setBuiltinFunctionLibrary(new BuiltinFunctions());
