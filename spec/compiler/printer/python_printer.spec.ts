// The python printer against PyTorch's own `.code`: every corpus graph is parsed, printed, and
// compared with the code PyTorch printed for it, character for character.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Source } from '../../../compiler/frontend/source.js';
import { parseModule } from '../../../compiler/frontend/parser.js';
import type * as T from '../../../compiler/frontend/tree.js';
import '../../../runtime/ops/index.js';
import { parseGraph } from '../../../compiler/ir/ir_parser.js';
import { ConstantTensorText, type ConstantValue } from '../../../compiler/ir/constants.js';
import type { Graph } from '../../../compiler/ir/ir.js';
import { matchOverload } from '../../../compiler/ir/node_schema.js';
import {
  printFunction,
  type PythonPrintOptions,
} from '../../../compiler/printer/python_printer.js';
import {
  operatorSignature,
  type Signature,
  type SignatureArg,
} from '../../../compiler/types/signature.js';
import { Types, type Type } from '../../../compiler/types/types.js';
import { defaultValue } from '../../../runtime/ops/defaults.js';
import { parseSchema } from '../../../runtime/ops/schema.js';
import { fixturesDir } from '../../support/paths.js';
import {
  compiledCases,
  functionQualifier,
  moduleClasses,
  namedTupleResolver,
  type CorpusCase,
} from '../../support/corpus.js';

/**
 * Exact matches per category reached so far: the spec fails if a change loses one. Raise the
 * numbers when the printer gets better.
 */
const floor: Readonly<Record<string, number>> = {
  errors: 9,
  expressions: 67,
  fork_wait: 9,
  modules: 41,
  optional_refinement: 11,
  seed_examples: 26,
  statements: 55,
  tensor_ops: 81,
  types: 40,
  variable_resolution: 9,
};

/** Every aten:: and prim:: schema of PyTorch 1.13.1 as signatures, by operator name, in order. */
function schemaTable(): Map<string, Signature[]> {
  const table = new Map<string, Signature[]>();
  const lines = fs
    .readFileSync(path.join(fixturesDir, 'schemas.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);
  for (const line of lines) {
    let sig: Signature;
    try {
      const schema = parseSchema(line);
      const defaults = schema.args.map((a) =>
        a.defaultText === null ? undefined : defaultValue(a.defaultText, a.type),
      );
      sig = operatorSignature({ schema, impl: () => undefined, defaults, typed: false });
    } catch {
      // Schemas with types TorchScript code cannot name (Storage, QScheme, ...) never print.
      continue;
    }
    const list = table.get(sig.name) ?? [];
    list.push(sig);
    table.set(sig.name, list);
  }
  return table;
}

/** The Python function (or method) the case's entry compiles: `def` name and its parameters. */
function entryDef(c: CorpusCase): { name: string; def: T.FunctionDef | null } {
  const body = parseModule(new Source(c.source, 'case.py')).body;
  if (c.method !== null) {
    const cls = body.find((s): s is T.ClassDef => s.kind === 'ClassDef' && s.name === c.entry);
    const def = cls?.body.find(
      (s): s is T.FunctionDef => s.kind === 'FunctionDef' && s.name === c.method,
    );
    return { name: c.method, def: def ?? null };
  }
  // `traced_f = torch.jit.trace(f, ...)` compiles f.
  const traced = new RegExp(`^${c.entry} = torch\\.jit\\.trace\\((\\w+)`, 'm').exec(c.source);
  const name = traced?.[1] ?? c.entry;
  const def = body.find((s): s is T.FunctionDef => s.kind === 'FunctionDef' && s.name === name);
  return { name, def: def ?? null };
}

/** A default as the function's schema holds it, converted to the parameter's type. */
function defaultConstant(e: T.Expr, type: Type): ConstantValue {
  if (e.kind === 'UnaryOp' && e.op === '-') {
    const v = defaultConstant(e.operand, type);
    return typeof v === 'bigint' || typeof v === 'number' ? -v : v;
  }
  if (e.kind !== 'Constant' || typeof e.value === 'symbol')
    throw new Error(`unsupported default ${e.kind}`);
  const v = e.value;
  return type === Types.float && typeof v === 'bigint' ? Number(v) : v;
}

/** The entry's schema: parameter names from the source, defaults, and the graph's types. */
function entrySignature(
  c: CorpusCase,
  graph: Graph,
): Pick<Signature, 'args' | 'returns'> | undefined {
  const { def } = entryDef(c);
  if (def === null) return undefined;
  const params = [...def.args.posonly, ...def.args.args];
  if (params.length !== graph.inputs.length) return undefined;
  const firstDefault = params.length - def.args.defaults.length;
  const args = params.map((p, i): SignatureArg => {
    const type = graph.inputs[i].type;
    const base = { name: p.name, type, n: null, kwargOnly: false, isWrite: false };
    return i < firstDefault
      ? base
      : { ...base, default: defaultConstant(def.args.defaults[i - firstDefault], type) };
  });
  return { args, returns: [{ name: '', type: graph.outputs[0].type }] };
}

describe('python printer', () => {
  const schemas = schemaTable();
  const schemaFor: PythonPrintOptions['schemaFor'] = (node) =>
    matchOverload(node, schemas.get(node.kind) ?? []);

  function print(c: CorpusCase & { graph: string }): string {
    const graph = parseGraph(c.graph, {
      namedTupleName: namedTupleResolver(c.source),
      modules: moduleClasses(c),
    });
    return printFunction(graph, entryDef(c).name, {
      method: c.method !== null,
      signature: entrySignature(c, graph),
      schemaFor,
      qualifiedFunctionName: functionQualifier(c.source),
    });
  }

  it('prints the corpus code exactly as PyTorch', () => {
    const matched = new Map<string, number>();
    const totals = new Map<string, number>();
    const failures: string[] = [];
    for (const c of compiledCases()) {
      totals.set(c.category, (totals.get(c.category) ?? 0) + 1);
      let printed: string;
      try {
        printed = print(c);
      } catch (e) {
        printed = `error: ${(e as Error).message}\n`;
      }
      if (printed === c.code) matched.set(c.category, (matched.get(c.category) ?? 0) + 1);
      else failures.push(`${c.name}\n--- PyTorch\n${c.code}--- ours\n${printed}`);
    }
    const lines = [...totals].map(
      ([cat, n]) => `  ${cat.padEnd(20)} ${String(matched.get(cat) ?? 0).padStart(3)} / ${n}`,
    );
    const all = [...matched.values()].reduce((a, b) => a + b, 0);
    const total = [...totals.values()].reduce((a, b) => a + b, 0);
    console.log(
      `    exact .code matches by category:\n${lines.join('\n')}\n  ${'all'.padEnd(20)} ${all} / ${total}`,
    );
    if (process.env.SHOW_PRINTER_FAILURES) console.log(failures.join('\n'));
    for (const [cat, min] of Object.entries(floor)) {
      assert.ok(
        (matched.get(cat) ?? 0) >= min,
        `${cat}: ${matched.get(cat) ?? 0} exact matches, expected at least ${min}\n${failures
          .filter((f) => f.startsWith(cat))
          .slice(0, 2)
          .join('\n')}`,
      );
    }
  });

  /** Prints IR text as function `fn`, resolving operators against PyTorch's schemas. */
  function printIr(lines: readonly string[], options: PythonPrintOptions = {}): string {
    return printFunction(parseGraph(lines.join('\n') + '\n'), 'fn', { schemaFor, ...options });
  }

  it('keeps tensors and non-ASCII strings out of line as CONSTANTS.cN', () => {
    const constants: unknown[] = [];
    const code = printIr(
      [
        'graph(%x : Float(2, strides=[1], requires_grad=0, device=cpu)):',
        '  %1 : Long(requires_grad=0, device=cpu) = prim::Constant[value={2}]()',
        '  %2 : Long(requires_grad=0, device=cpu) = prim::Constant[value={2}]()',
        '  %3 : str = prim::Constant[value="caf\\303\\251"]()',
        '  %4 : Tensor = aten::mul(%x, %1)',
        '  %5 : Tensor = aten::mul(%4, %2)',
        '  %6 : (Tensor, str) = prim::TupleConstruct(%5, %3)',
        '  return (%6)',
      ],
      { constants },
    );
    assert.equal(
      code,
      'def fn(x: Tensor) -> Tuple[Tensor, str]:\n' +
        '  _0 = torch.mul(torch.mul(x, CONSTANTS.c0), CONSTANTS.c0)\n' +
        '  return (_0, CONSTANTS.c1)\n',
    );
    assert.equal(constants.length, 2);
    assert.ok(constants[0] instanceof ConstantTensorText);
    assert.equal(constants[1], 'caf\u00c3\u00a9');
  });

  it('writes the schema of the function: names, defaults, broadcast lists, self', () => {
    const graph = parseGraph(
      'graph(%self : __torch__.case.M,\n      %k.1 : int[],\n      %s.1 : str,\n      %o.1 : Tensor?):\n  return (%s.1)\n',
    );
    const arg = (name: string, type: Type, extra: Partial<SignatureArg> = {}): SignatureArg => ({
      name,
      type,
      n: null,
      kwargOnly: false,
      isWrite: false,
      ...extra,
    });
    const code = printFunction(graph, 'forward', {
      method: true,
      schemaFor,
      signature: {
        args: [
          arg('self', graph.inputs[0].type),
          arg('kernel', graph.inputs[1].type, { n: 2, default: 3n }),
          arg('mode', Types.str, { default: "it's\n" }),
          arg('out', graph.inputs[3].type, { default: null }),
        ],
        returns: [{ name: '', type: Types.str }],
      },
    });
    assert.equal(
      code,
      'def forward(self,\n' +
        '    kernel: List[int]=[3, 3],\n' +
        '    mode: str="it\\\'s\\n",\n' +
        '    out: Optional[Tensor]=None) -> str:\n' +
        '  return mode\n',
    );
  });

  it('names keyword-only arguments and keeps arguments before a non-default one', () => {
    const code = printIr([
      'graph(%x : Tensor, %y : Tensor):',
      '  %2 : float = prim::Constant[value=0.5]()',
      '  %3 : int = prim::Constant[value=-1]()',
      '  %4 : bool = prim::Constant[value=1]()',
      '  %5 : Tensor = aten::sub(%x, %y, %2)',
      '  %6 : Tensor, %7 : Tensor = aten::sort(%5, %3, %4)',
      '  return (%7)',
    ]);
    assert.equal(
      code,
      'def fn(x: Tensor,\n    y: Tensor) -> Tensor:\n' +
        '  _0, _1 = torch.sort(torch.sub(x, y, alpha=0.5), -1, True)\n' +
        '  return _1\n',
    );
  });

  it('uses the operator registry and the overload a node records by default', () => {
    const graph = parseGraph(
      'graph(%x : Tensor):\n  %1 : int = prim::Constant[value=1]()\n  %2 : Tensor = aten::add(%x, %x, %1)\n  return (%2)\n',
    );
    graph.nodes[1].schemaName = 'aten::add.Tensor';
    assert.equal(
      printFunction(graph, 'f'),
      'def f(x: Tensor) -> Tensor:\n  return torch.add(x, x)\n',
    );
  });

  it('prints with, getattr of odd names and dict annotations', () => {
    const code = printIr([
      'graph(%m : __torch__.torch.nn.modules.container.ModuleList,',
      '      %x : int?):',
      '  %2 : str = prim::Constant[value="k"]()',
      '  %3 : __torch__.case.Lin = prim::GetAttr[name="0"](%m)',
      '  %4 : __torch__.case.Ctx = prim::CreateObject()',
      '  %5 : __torch__.case.Ctx = prim::Enter(%4)',
      '  %6 : Dict(str, int?) = prim::DictConstruct(%2, %x)',
      '  %7 : Tensor = prim::Exit(%4)',
      '  %8 : (__torch__.case.Lin, __torch__.case.Ctx, Dict(str, int?)) = prim::TupleConstruct(%3, %5, %6)',
      '  return (%8)',
    ]);
    assert.equal(
      code,
      'def fn(m: __torch__.torch.nn.modules.container.ModuleList,\n' +
        '    x: Optional[int]) -> Tuple[__torch__.case.Lin, __torch__.case.Ctx, Dict[str, Optional[int]]]:\n' +
        '  _0 = getattr(m, "0")\n' +
        '  _1 = __torch__.case.Ctx.__new__(__torch__.case.Ctx)\n' +
        '  with _1 as _2:\n' +
        '    _3 = annotate(Dict[str, Optional[int]], {"k": x})\n' +
        '  return (_0, _2, _3)\n',
    );
  });

  it('never inlines isinstance, and prints its types', () => {
    const graph = parseGraph(
      'graph(%x : Any):\n  %1 : bool = prim::isinstance(%x)\n  return (%1)\n',
    );
    graph.nodes[0].setAttribute('types', { kind: 'ss', value: ['int', 'List[int]'] });
    assert.equal(
      printFunction(graph, 'fn', { schemaFor }),
      'def fn(x: Any) -> bool:\n  _0 = isinstance(x, (int, List[int]))\n  return _0\n',
    );
  });

  it('refuses what it cannot print, naming it', () => {
    assert.throws(
      () => printIr(['graph(%x : int):', '  %1 : int = aten::no_such_op(%x)', '  return (%1)']),
      /no schema of aten::no_such_op takes \(int\)/,
    );
    assert.throws(
      () =>
        printIr([
          'graph(%x : int):',
          '  %1 : Function = prim::Constant[name="g"]()',
          '  %2 : int = prim::CallFunction(%1, %x)',
          '  return (%2)',
        ]),
      /the qualified name of function g is unknown/,
    );
    assert.throws(
      () => printIr(['graph(%p : NamedTuple(a : int)):', '  return (%p)']),
      /class name of the NamedTuple NamedTuple\(a : int\) is unknown/,
    );
  });
});
