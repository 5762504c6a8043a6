// Definitions as an archive's code files hold them, in PyTorch 1.13's printed form:
//
//   class Linear(Module):
//     __parameters__ = ["weight", "bias", ]
//     __buffers__ = []
//     weight : Tensor
//     __annotations__["0"] = __torch__.Sub
//     in_features : Final[int] = 3
//     def forward(self: __torch__.torch.nn.modules.linear.Linear,
//       input: Tensor) -> Tensor:
//       return torch.linear(input, weight, bias)
//
// Methods are the `.code` printer's output with `self` typed, one level in; their parameter
// lines after the first keep their fixed four spaces (PyTorch's printer writes them so).

import type { ScriptFunction } from '../frontend/function.js';
import { CompileError } from '../frontend/errors.js';
import type { Block } from '../ir/ir.js';
import type { ConstantValue } from '../ir/constants.js';
import { constantType } from '../ir/constants.js';
import { constantRepr } from '../printer/constant_repr.js';
import { printFunction } from '../printer/python_printer.js';
import type { ClassType, TupleType } from '../types/types.js';

/** What one code file's definitions share: the constant table and the name counters. */
export interface FilePrintContext {
  readonly constants: unknown[];
  readonly nameCounters: Map<string, number>;
}

/** A module class or TorchScript class; `constants` are a module's Final attributes. */
export function printClass(
  type: ClassType,
  constants: ReadonlyMap<string, ConstantValue>,
  ctx: FilePrintContext,
): string {
  const lines = [type.isModule ? `class ${type.name}(Module):` : `class ${type.name}:`];
  if (type.isModule) {
    lines.push(`  __parameters__ = ${nameList(type, 'isParameter')}`);
    lines.push(`  __buffers__ = ${nameList(type, 'isBuffer')}`);
  }
  type.attributes.forEach((a, i) => {
    const annotation = a.type.annotation();
    if (isIdentifier(a.name)) return lines.push(`  ${a.name} : ${annotation}`);
    // A first attribute that is no identifier starts the annotations dict itself.
    if (i === 0) lines.push('  __annotations__ = []');
    lines.push(`  __annotations__[${JSON.stringify(a.name)}] = ${annotation}`);
  });
  for (const [name, value] of constants) {
    const repr = constantRepr(value, (v) => outOfLine(v, ctx.constants));
    lines.push(`  ${name} : Final[${constantType(value).annotation()}] = ${repr}`);
  }
  const methods = [...type.methods.entries()].map(([name, fn]) =>
    printDefinition(fn as ScriptFunction, name, ctx, 1),
  );
  if (lines.length === 1 && methods.length === 0) lines.push('  pass');
  return lines.join('\n') + '\n' + methods.join('');
}

/** `class P(NamedTuple):` with its fields. */
export function printNamedTuple(type: TupleType): string {
  const named = type.named!;
  const name = named.name.slice(named.name.lastIndexOf('.') + 1);
  const fields = named.fields.map((f, i) => `  ${f} : ${type.elems[i].annotation()}\n`);
  return `class ${name}(NamedTuple):\n${fields.join('')}`;
}

/** A function of the archive's code, or a method before its indentation. */
export function printDefinition(
  fn: ScriptFunction,
  name: string,
  ctx: FilePrintContext,
  level = 0,
): string {
  fn.ensureDefined();
  refusePythonCalls(fn.graph.block);
  return printFunction(fn.graph, name, {
    signature: fn.signature,
    constants: ctx.constants,
    nameCounters: ctx.nameCounters,
    level,
  });
}

/** Calls into Python (@torch.jit.ignore'd methods) cannot be saved: Python is not saved. */
function refusePythonCalls(b: Block): void {
  for (const n of b.nodes) {
    if (n.kind === 'prim::PythonOp') {
      const a = n.attribute('name');
      const name = a?.kind === 's' ? a.value : '?';
      const message = `Could not export Python function call '${name}'. Remove calls to Python functions before export. Did you forget to add @script or @script_method annotation? If this is a nn.ModuleList, add it to __constants__`;
      throw n.sourceRange === null
        ? new CompileError(message, [])
        : CompileError.at(n.sourceRange, message);
    }
    for (const inner of n.blocks) refusePythonCalls(inner);
  }
}

function nameList(type: ClassType, kind: 'isParameter' | 'isBuffer'): string {
  const names = type.attributes.filter((a) => a[kind]).map((a) => `${JSON.stringify(a.name)}, `);
  return `[${names.join('')}]`;
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

function outOfLine(v: unknown, table: unknown[]): string {
  let i = typeof v === 'object' && v !== null ? table.indexOf(v) : -1;
  if (i < 0) i = table.push(v) - 1;
  return `CONSTANTS.c${i}`;
}
