// Graph spellings of types read back into types, and printed again the same.

import assert from 'node:assert/strict';
import {
  ClassRegistry,
  parseType,
  parseTypeAt,
  unknownNamedTuple,
} from '../../../compiler/types/type_parser.js';
import {
  ClassType,
  DictType,
  FutureType,
  ListType,
  OptionalType,
  TensorType,
  TupleType,
  Types,
  UnionType,
} from '../../../compiler/types/types.js';

describe('type parser', () => {
  it('reads simple types as the shared Types objects', () => {
    assert.equal(parseType('int'), Types.int);
    assert.equal(parseType('Tensor'), Types.Tensor);
    assert.equal(parseType('Scalar'), Types.number);
    assert.equal(parseType('NoneType'), Types.None);
    assert.equal(parseType('Device'), Types.Device);
    assert.equal(parseType('Function'), Types.Function);
    assert.equal(parseType('Any'), Types.Any);
  });

  it('reads containers and prints them back the same', () => {
    const spellings = [
      'int[]',
      'int[][]',
      'Tensor?[]',
      'int[]?',
      '(int, str)',
      '(int)',
      '()',
      '((int, int), (int), (int, str, (float, int[])))',
      'Dict(str, int)',
      'Dict(int, Union((int, str)[], Tensor[]))',
      'Union(Tensor[], float[])[]',
      'Future[int]',
      'Future[(Tensor, int)]',
      'Future[int?][]',
      'RRef[Tensor]',
    ];
    for (const s of spellings) assert.equal(parseType(s).str(), s);
    const t = parseType('Dict(str, int[])?');
    assert.ok(
      t instanceof OptionalType && t.elem instanceof DictType && t.elem.value instanceof ListType,
    );
    assert.ok(parseType('Union(int, str)') instanceof UnionType);
    assert.ok(parseType('Future[int]') instanceof FutureType);
    assert.equal(parseType('(int, str)[]').annotation(), 'List[Tuple[int, str]]');
  });

  it('reads traced tensor types', () => {
    const t = parseType('Float(3, 4, strides=[4, 1], requires_grad=0, device=cpu)');
    assert.ok(t instanceof TensorType);
    assert.deepEqual(t.details, {
      scalarTypeName: 'Float',
      sizes: [3, 4],
      strides: [4, 1],
      requiresGrad: false,
      device: 'cpu',
    });
    assert.equal(t.annotation(), 'Tensor');
    for (const s of [
      'Long(requires_grad=0, device=cpu)',
      'Float(1, strides=[1], requires_grad=1, device=cuda:0)',
    ]) {
      assert.equal(parseType(s).str(), s);
    }
    assert.throws(() => parseType('Float(*, 3)'), /symbolic sizes are unsupported/);
  });

  it('keeps one class type per name, and knows torch.nn modules', () => {
    const classes = new ClassRegistry();
    const a = parseType('__torch__.case.Point', { classes });
    assert.ok(a instanceof ClassType && !a.isModule);
    assert.equal(parseType('__torch__.case.Point[]', { classes }).containedTypes()[0], a);
    const conv = parseType('__torch__.torch.nn.modules.conv.___torch_mangle_0.Conv2d', { classes });
    assert.ok(conv instanceof ClassType && conv.isModule);
    assert.equal(classes.declare('__torch__.case.M', true).isModule, true);
    assert.throws(() => classes.declare('__torch__.case.Point', true), /already known as a class/);
  });

  it('names NamedTuples through the option, or marks them unknown', () => {
    const named = parseType('NamedTuple(x : Tensor, y : int)', {
      namedTupleName: (fields, types) =>
        fields.join() === 'x,y' && types[1] === Types.int ? '__torch__.case.P' : null,
    });
    assert.ok(named instanceof TupleType);
    assert.deepEqual(named.named, { name: '__torch__.case.P', fields: ['x', 'y'] });
    assert.equal(named.str(), 'NamedTuple(x : Tensor, y : int)');
    const anonymous = parseType('NamedTuple(a : int)');
    assert.ok(anonymous instanceof TupleType && anonymous.named?.name === unknownNamedTuple);
    assert.equal(anonymous.str(), 'NamedTuple(a : int)');
  });

  it('reads a type inside a longer text and says where it ends', () => {
    const line = '%a : Dict(str, int), %b : int = prim::Foo()';
    const { type, end } = parseTypeAt(line, 5);
    assert.equal(type.str(), 'Dict(str, int)');
    assert.equal(line.slice(end), ', %b : int = prim::Foo()');
  });

  it('says what is wrong', () => {
    assert.throws(() => parseType('Foo'), /expected a type name, got 'Foo' at column 3 of 'Foo'/);
    assert.throws(() => parseType('Dict(str int)'), /expected ', '/);
    assert.throws(() => parseType('int]'), /expected the end of the type/);
  });
});
