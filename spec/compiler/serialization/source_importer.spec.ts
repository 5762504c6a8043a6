// Importing archive code: classes (module, TorchScript, NamedTuple) with their slots, constants
// and methods, functions with their defaults, in PyTorch's printed dialect, on demand; and the
// errors for what the dialect does not hold.

import assert from 'node:assert/strict';
import '../../../compiler/compilation_unit.js';
import type { ScriptFunction } from '../../../compiler/frontend/function.js';
import { ConstantList, ConstantTuple } from '../../../compiler/ir/constants.js';
import type { ArchiveConstant } from '../../../compiler/serialization/literal_values.js';
import { SourceImporter } from '../../../compiler/serialization/source_importer.js';
import { printFunction } from '../../../compiler/printer/python_printer.js';
import { ClassType, TupleType } from '../../../compiler/types/types.js';
import '../../../runtime/ops/index.js';
import { Device } from '../../../runtime/tensor/device.js';

const lib = `class Holder(Module):
  __parameters__ = ["w", ]
  __buffers__ = ["b", ]
  training : bool
  w : Tensor
  b : Tensor
  inner : __torch__.lib.Inner
  __annotations__["0"] = __torch__.lib.Inner
  eps : Final[float] = 1.0000000000000001e-05
  neg : Final[int] = -3
  big : Final[float] = inf
  name : Final[str] = CONSTANTS.c0
  dims : Final[Tuple[int, int]] = (1, 2)
  dev : Final[Device] = torch.device("cpu")
  def forward(self: __torch__.lib.Holder,
    x: Tensor,
    k: List[int]=[1, 2],
    e: List[int]=annotate(List[int], []),
    o: Optional[int]=None,
    s: str=CONSTANTS.c0,
    f: float=-2.5) -> __torch__.lib.Out:
    inner = self.inner
    _0 = (inner).forward(x, )
    w = self.w
    return __torch__.lib.Out(torch.add(_0, w), __torch__.util.count(k, ))
class Inner(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.lib.Inner,
    x: Tensor) -> Tensor:
    return torch.neg(x)
class Out(NamedTuple):
  total : Tensor
  n : int
`;

const util = `def count(xs: List[int],
    start: int=0) -> int:
  n = start
  for _0 in range(torch.len(xs)):
    n = torch.add(n, 1)
  return n
class Point:
  x : int
  def __init__(self: __torch__.util.Point,
    x: int) -> NoneType:
    self.x = x
    return None
`;

function importer(files: Record<string, string>, constants: ArchiveConstant[] = []) {
  return new SourceImporter({
    constants,
    file: (qualifier) => {
      const text = files[qualifier];
      return text === undefined ? null : { text, filename: `code/${qualifier}.py` };
    },
  });
}

const nonAscii: ArchiveConstant[] = [{ kind: 'value', value: 'é' }];

describe('archive code import', () => {
  it('defines module classes with their slots, constants and submodules', () => {
    const imp = importer({ '__torch__.lib': lib, '__torch__.util': util }, nonAscii);
    const holder = imp.classType('__torch__.lib.Holder');
    assert.ok(holder.isModule);
    assert.deepEqual(
      holder.attributes.map((a) => [a.name, a.type.annotation(), a.isParameter, a.isBuffer]),
      [
        ['training', 'bool', false, false],
        ['w', 'Tensor', true, false],
        ['b', 'Tensor', false, true],
        ['inner', '__torch__.lib.Inner', false, false],
        ['0', '__torch__.lib.Inner', false, false],
      ],
    );
    const info = imp.moduleInfo(holder);
    assert.deepEqual([...info.submodules.keys()], ['inner', '0']);
    const c = info.constants;
    assert.equal(c.get('eps'), 1.0000000000000001e-5);
    assert.equal(c.get('neg'), -3n);
    assert.equal(c.get('big'), Infinity);
    assert.equal(c.get('name'), 'é');
    assert.deepEqual((c.get('dims') as ConstantTuple).items, [1n, 2n]);
    assert.ok((c.get('dev') as Device).equals(new Device('cpu')));
  });

  it('reads defaults as the printer writes them, and compiles methods on demand', () => {
    const imp = importer({ '__torch__.lib': lib, '__torch__.util': util }, nonAscii);
    const forward = imp.classType('__torch__.lib.Holder').methods.get('forward') as ScriptFunction;
    imp.compileAll();
    const defaults = forward.signature.args.slice(2).map((a) => a.default);
    assert.deepEqual((defaults[0] as ConstantList).items, [1n, 2n]);
    assert.deepEqual((defaults[1] as ConstantList).items, []);
    assert.deepEqual(defaults.slice(2), [null, 'é', -2.5]);
    assert.match(
      printFunction(forward.graph, 'forward', { signature: forward.signature, method: true }),
      /k: List\[int\]=\[1, 2\],\n {4}e: List\[int\]=annotate\(List\[int\], \[\]\),\n {4}o: Optional\[int\]=None,\n {4}s: str=CONSTANTS.c0,\n {4}f: float=-2.5\) -> __torch__.lib.Out:/,
    );
    // The function the method calls was imported from its own file.
    assert.ok(imp.findFunction('__torch__.util.count') !== null);
  });

  it('defines NamedTuples and TorchScript classes', () => {
    const imp = importer({ '__torch__.lib': lib, '__torch__.util': util });
    const out = imp.findType('__torch__.lib.Out') as TupleType;
    assert.deepEqual(out.named, { name: '__torch__.lib.Out', fields: ['total', 'n'] });
    const point = imp.findType('__torch__.util.Point') as ClassType;
    assert.equal(point.isModule, false);
    assert.deepEqual(
      point.attributes.map((a) => a.name),
      ['x'],
    );
    assert.equal(imp.findType('__torch__.util.Nothing'), null);
    assert.equal(imp.findType('__torch__.elsewhere.Nothing'), null);
  });

  it('says what the dialect does not hold', () => {
    const errors: [string, RegExp][] = [
      ['class C(Enum):\n  a = 1\n', /classes derived from Enum in archives: not supported yet/],
      ['class C:\n  x = 1\n', /this assignment in an archive class body: not supported yet/],
      ['class C:\n  x : int = 1\n', /only Final attributes of archive classes have values/],
      ['class C(NamedTuple):\n  x : int = 1\n', /NamedTuple fields are `name : Type` lines/],
      [
        'class C:\n  k : Final[str] = CONSTANTS.c3\n',
        /CONSTANTS.c3 is not in the archive's constant table \(constants.pkl holds 0\)/,
      ],
      [
        'class C:\n  k : Final[int] = 1 + 2\n',
        /this constant expression in archive code: not supported yet/,
      ],
      ['x = 1\n', /archive code files hold only class and function definitions/],
    ];
    for (const [text, error] of errors) {
      assert.throws(
        () => importer({ '__torch__.bad': text }).findType('__torch__.bad.C'),
        error,
        text,
      );
    }
  });
});
