// torch.nn.functional of our Python package (runtime/python/package/torch/nn/functional.py), read
// and compiled by the static host as `import torch.nn.functional as F` finds it, against
// PyTorch's inventory (spec/fixtures/functional_api.json, made by make_functional_api.py):
// every Python function compiles, and every name PyTorch's TorchScript sees is there with the
// same kind (operator alias, function, boolean dispatch, overloads) and the same signature. The
// names left out are listed below with the operators they wait for, and the spec checks that
// those operators are indeed missing. The compiled code of every function is written to
// build/functional/code.py (and printed with PRINT_FUNCTIONAL_CODE=1).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../../compiler/compilation_unit.js';
import '../../../runtime/ops/index.js';
import { BooleanDispatchValue } from '../../../compiler/frontend/boolean_dispatch.js';
import { CompileError } from '../../../compiler/frontend/errors.js';
import type { ScriptFunction } from '../../../compiler/frontend/function.js';
import { OverloadedFunctionValue } from '../../../compiler/frontend/overloaded_function.js';
import { parseModule } from '../../../compiler/frontend/parser.js';
import { Source, SourceRange } from '../../../compiler/frontend/source.js';
import {
  BuiltinFunction,
  FunctionValue,
  type SugaredValue,
} from '../../../compiler/frontend/sugared_value.js';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import { packageModules } from '../../../compiler/host/package_modules.js';
import { ConstantList, type ConstantValue } from '../../../compiler/ir/constants.js';
import { printFunction } from '../../../compiler/printer/python_printer.js';
import type { SignatureArg } from '../../../compiler/types/signature.js';
import { overloads } from '../../../runtime/ops/registry.js';
import { setWarningHandler } from '../../../runtime/warnings.js';
import { fixturesDir, repoRoot } from '../../support/paths.js';

interface ApiArg {
  readonly name: string;
  readonly type: string;
  readonly kwarg_only: boolean;
  readonly default?: unknown;
  readonly n?: number;
}
interface ApiFunction {
  readonly qualified_name: string;
  readonly schema: string;
  readonly args: readonly ApiArg[];
  readonly returns: readonly string[];
}
interface ApiDispatch {
  readonly arg_name: string;
  readonly index: number;
  readonly default: boolean;
  readonly if_true: string;
  readonly if_false: string;
}
interface Api {
  readonly builtins: Record<string, string>;
  readonly functions: Record<string, ApiFunction>;
  readonly overloaded: Record<string, ApiFunction[]>;
  readonly boolean_dispatch: Record<string, ApiDispatch>;
  readonly not_scriptable: Record<string, string>;
}

const api = JSON.parse(
  fs.readFileSync(path.join(fixturesDir, 'functional_api.json'), 'utf8'),
) as Api;

/**
 * PyTorch's Python functions this package does not define yet, each with the operators it
 * waits for. A boolean dispatch is left out when both its functions are.
 */
const waitingForOperators: Readonly<Record<string, readonly string[]>> = {
  _max_pool3d: ['aten::max_pool3d'],
  max_pool3d_with_indices: ['aten::max_pool3d_with_indices'],
  adaptive_avg_pool3d: ['aten::adaptive_avg_pool3d'],
  _adaptive_max_pool3d: ['aten::adaptive_max_pool3d'],
  adaptive_max_pool3d_with_indices: ['aten::adaptive_max_pool3d'],
  _fractional_max_pool2d: ['aten::fractional_max_pool2d'],
  fractional_max_pool2d_with_indices: ['aten::fractional_max_pool2d'],
  _fractional_max_pool3d: ['aten::fractional_max_pool3d'],
  fractional_max_pool3d_with_indices: ['aten::fractional_max_pool3d'],
  max_unpool1d: ['aten::max_unpool2d'],
  max_unpool2d: ['aten::max_unpool2d'],
  max_unpool3d: ['aten::max_unpool3d'],
  embedding_bag: ['aten::embedding_bag'],
  ctc_loss: ['aten::ctc_loss'],
  multilabel_margin_loss: ['aten::multilabel_margin_loss'],
  multi_margin_loss: ['aten::multi_margin_loss'],
  grid_sample: ['aten::grid_sampler'],
  affine_grid: ['aten::affine_grid_generator'],
  unfold: ['aten::im2col'],
  fold: ['aten::col2im'],
};

const packageRoot = packageModules.root!;
const nowhere = new SourceRange(new Source('', '<spec>'), 0, 0);

const notSupportedYet = packageModules.notSupportedYet('torch.nn.functional');

function attribute(name: string): SugaredValue | null {
  return packageModules.attribute('torch.nn.functional', name, nowhere);
}

/** Names of the module's top-level defs, in order (an overloaded name once). */
function definedNames(modulePath: string): string[] {
  const file = path.join(packageRoot, `${modulePath.split('.').join('/')}.py`);
  const body = parseModule(new Source(fs.readFileSync(file, 'utf8'), file)).body;
  // Dunder functions (the module's __getattr__) are Python's, not TorchScript's.
  const isDunder = (name: string) => name.startsWith('__') && name.endsWith('__');
  const names = body.flatMap((s) =>
    s.kind === 'FunctionDef' && !isDunder(s.name) ? [s.name] : [],
  );
  return [...new Set(names)];
}

/** The compiled functions a module attribute stands for: one, several (overloads) or none. */
function compiledFunctions(v: SugaredValue | null): ScriptFunction[] {
  if (v instanceof FunctionValue) return [v.callee];
  if (v instanceof OverloadedFunctionValue) return [...v.callees];
  return [];
}

function quietly<T>(f: () => T): T {
  const previous = setWarningHandler(() => {});
  try {
    return f();
  } finally {
    setWarningHandler(previous);
  }
}

/** Our default in the inventory's encoding: floats as {$float}, ints as numbers. */
function encodedDefault(v: ConstantValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return { $float: v };
  if (v instanceof ConstantList) return v.items.map(encodedDefault);
  return v;
}

function expectedDefault(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && '$float' in v)
    return { $float: Number((v as { $float: string }).$float) };
  if (Array.isArray(v)) return v.map(expectedDefault);
  return v;
}

function describeArg(a: SignatureArg): ApiArg {
  const out: ApiArg = { name: a.name, type: a.type.annotation(), kwarg_only: a.kwargOnly };
  return {
    ...out,
    ...('default' in a ? { default: encodedDefault(a.default ?? null) } : {}),
    ...(a.n !== null ? { n: a.n } : {}),
  };
}

function expectedArg(a: ApiArg): ApiArg {
  return { ...a, ...('default' in a ? { default: expectedDefault(a.default) } : {}) };
}

function assertSignature(fn: ScriptFunction, expected: ApiFunction): void {
  quietly(() => fn.ensureDefined());
  assert.equal(
    fn.qualifiedName.replace(/___torch_mangle_\d+/, '___torch_mangle_N'),
    expected.qualified_name.replace(/___torch_mangle_\d+/, '___torch_mangle_N'),
  );
  assert.deepEqual(fn.signature.args.map(describeArg), expected.args.map(expectedArg));
  assert.deepEqual(
    fn.signature.returns.map((r) => r.type.annotation()),
    expected.returns,
  );
}

/** A name PyTorch has and we do not yet: listed as such, its operators indeed missing. */
function assertNotSupportedYet(name: string, operators: readonly string[]): void {
  assert.ok(notSupportedYet.includes(name), `${name} is neither defined nor listed as missing`);
  assert.throws(
    () => attribute(name),
    new RegExp(`torch.nn.functional.${name} is not supported yet`),
  );
  for (const op of operators) {
    assert.equal(overloads(op).length, 0, `${op} is registered now: define ${name}`);
  }
}

/** The code of `fn` compiled from a case file with `imports` and `body` (one return). */
function compiledCode(imports: string, body: string): string {
  const source = `import torch\nfrom torch import Tensor\n${imports}\n\ndef fn(x: Tensor, w: Tensor):\n    return ${body}\n`;
  const fn = new ModuleHost(source, 'case.py', 'case').compileFunction('fn');
  return printFunction(fn.graph, 'fn', { signature: fn.signature });
}

describe('torch.nn.functional as case files import it', () => {
  const relu = compiledCode('import torch.nn.functional as F', 'F.relu(x)');
  const linear = compiledCode('import torch.nn.functional as F', 'F.linear(x, w)');

  it('calls a Python function with its defaults filled in', () => {
    assert.ok(relu.includes('__torch__.torch.nn.functional.relu(x, False, )'), relu);
  });

  it('calls an operator alias as the operator', () => {
    assert.ok(linear.includes('torch.linear(x, w)'), linear);
  });

  for (const [imports, call] of [
    ['from torch.nn import functional as F', 'F.relu(x)'],
    ['from torch.nn.functional import relu', 'relu(x)'],
    ['import torch.nn.functional as F\nact = F.relu', 'act(x)'],
    ['', 'torch.nn.functional.relu(x)'],
  ]) {
    it(`finds relu through ${imports.replace('\n', '; ') || 'torch'}`, () => {
      assert.equal(compiledCode(imports, call), relu);
    });
  }

  it('finds operators through torch._C._nn however they are imported', () => {
    assert.equal(compiledCode('from torch._C._nn import linear', 'linear(x, w)'), linear);
    assert.equal(compiledCode('', 'torch._C._nn.linear(x, w)'), linear);
  });

  it("says which of PyTorch's names are not supported yet", () => {
    assert.throws(
      () => compiledCode('import torch.nn.functional as F', 'F.avg_pool3d(x, 2)'),
      /torch.nn.functional.avg_pool3d is not supported yet/,
    );
    assert.throws(
      () => compiledCode('import torch.nn.functional as F', 'F.avg_pool4d(x, 2)'),
      /Module 'torch.nn.functional' has no attribute 'avg_pool4d'/,
    );
  });
});

describe('torch.nn.functional from our package', function () {
  const code: string[] = [];

  after(() => {
    const out = path.join(repoRoot, 'build', 'functional');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'code.py'), code.join('\n'));
    if (process.env.PRINT_FUNCTIONAL_CODE === '1') console.log(code.join('\n'));
  });

  for (const modulePath of ['torch.nn.functional', 'torch.nn._reduction']) {
    describe(`every function of ${modulePath} compiles`, () => {
      for (const name of definedNames(modulePath)) {
        it(name, function () {
          const v = packageModules.attribute(modulePath, name, nowhere);
          if (v instanceof BuiltinFunction) this.skip(); // a builtin to TorchScript (assert_int_or_pair)
          if (name in api.not_scriptable) {
            assert.throws(
              () => compiledFunctions(v).forEach((f) => f.ensureDefined()),
              (e) => {
                assert.ok(e instanceof CompileError);
                assert.ok(e.message.includes(api.not_scriptable[name]), e.message);
                return true;
              },
            );
            return;
          }
          const fns = compiledFunctions(v);
          assert.ok(fns.length > 0, `${name} is not a function TorchScript compiles`);
          for (const fn of fns) {
            quietly(() => fn.ensureDefined());
            code.push(printFunction(fn.graph, fn.name, { signature: fn.signature }));
          }
        });
      }
    });
  }

  it("lists as not supported yet only PyTorch's names", () => {
    const inventory = new Set(
      [api.builtins, api.functions, api.overloaded, api.boolean_dispatch].flatMap(Object.keys),
    );
    assert.deepEqual(
      notSupportedYet.filter((name) => !inventory.has(name)),
      [],
    );
  });

  describe("PyTorch's Python functions, with their signatures", () => {
    for (const [name, expected] of Object.entries(api.functions)) {
      it(name, () => {
        if (name in waitingForOperators) {
          assertNotSupportedYet(name, waitingForOperators[name]);
          return;
        }
        const v = attribute(name);
        assert.ok(v instanceof FunctionValue, `${name} is not a function`);
        assertSignature(v.callee, expected);
      });
    }
  });

  describe("PyTorch's overloaded functions, one compiled function per declaration", () => {
    for (const [name, expected] of Object.entries(api.overloaded)) {
      it(name, () => {
        const v = attribute(name);
        assert.ok(v instanceof OverloadedFunctionValue, `${name} is not overloaded`);
        assert.equal(v.callees.length, expected.length);
        v.callees.forEach((fn, i) => assertSignature(fn, expected[i]));
      });
    }
  });

  describe("PyTorch's boolean dispatches", () => {
    for (const [name, expected] of Object.entries(api.boolean_dispatch)) {
      it(name, () => {
        const targets = [expected.if_true, expected.if_false];
        if (targets.every((t) => t in waitingForOperators)) {
          assertNotSupportedYet(name, []);
          return;
        }
        const v = attribute(name);
        assert.ok(v instanceof BooleanDispatchValue, `${name} is not a boolean dispatch`);
        const { argName, index, defaultValue, ifTrue, ifFalse } = v.dispatch;
        assert.deepEqual(
          { arg_name: argName, index, default: defaultValue },
          { arg_name: expected.arg_name, index: expected.index, default: expected.default },
        );
        const [t, f] = [ifTrue(), ifFalse()];
        assert.ok(t instanceof FunctionValue && f instanceof FunctionValue);
        assert.deepEqual([t.callee.name, f.callee.name], targets);
      });
    }
  });

  describe("PyTorch's aliases of operators", () => {
    for (const [name, symbol] of Object.entries(api.builtins)) {
      it(`${name} is ${symbol}`, () => {
        if (notSupportedYet.includes(name)) {
          assertNotSupportedYet(name, [symbol]);
          return;
        }
        const v = attribute(name);
        assert.ok(v instanceof BuiltinFunction, `${name} is not an operator alias`);
        assert.equal(v.symbol, symbol);
      });
    }
  });
});
