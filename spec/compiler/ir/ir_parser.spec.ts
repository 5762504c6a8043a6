// The IR parser: every corpus graph parses and prints back exactly; the pieces one at a time.

import assert from 'node:assert/strict';
import { parseGraph } from '../../../compiler/ir/ir_parser.js';
import { printGraph } from '../../../compiler/ir/printer.js';
import { ConstantList, ConstantTensorText, ConstantTuple } from '../../../compiler/ir/constants.js';
import { ClassRegistry } from '../../../compiler/types/type_parser.js';
import { ClassType, TensorType, TupleType, Types } from '../../../compiler/types/types.js';
import { compiledCases, moduleClasses, namedTupleResolver } from '../../support/corpus.js';

describe('IR parser', () => {
  it('parses every corpus graph and prints it back exactly', () => {
    const failures: string[] = [];
    const cases = compiledCases();
    for (const c of cases) {
      try {
        const g = parseGraph(c.graph, {
          namedTupleName: namedTupleResolver(c.source),
          modules: moduleClasses(c),
        });
        g.lint();
        const printed = printGraph(g);
        if (printed !== c.graph)
          failures.push(`${c.name}\n--- expected\n${c.graph}--- printed\n${printed}`);
      } catch (e) {
        failures.push(`${c.name}: ${(e as Error).message}`);
      }
    }
    assert.ok(cases.length > 300);
    assert.equal(
      failures.length,
      0,
      `${failures.length} graphs differ:\n${failures.slice(0, 3).join('\n')}`,
    );
  });

  it('keeps anonymous value numbers and debug names whatever the definition order', () => {
    const text = [
      'graph(%x.1 : Tensor):',
      '  %12 : int = prim::Constant[value=1]()',
      '  %3 : Tensor = aten::add(%x.1, %x.1, %12) # case.py:4:11',
      '  return (%3)',
      '',
    ].join('\n');
    const g = parseGraph(text);
    assert.equal(g.nodes[0].output().unique, 12);
    assert.equal(g.nodes[1].output().unique, 3);
    assert.equal(g.inputs[0].debugName, 'x.1');
    assert.equal(g.nodes[1].sourceRange?.toString(), 'case.py:4:11');
    assert.deepEqual(
      g.nodes[1].inputs.map((v) => v.uses.length),
      [2, 2, 1],
    );
    assert.equal(printGraph(g), text);
  });

  it('reads constants the way the compiler keeps them', () => {
    const g = parseGraph(
      [
        'graph():',
        '  %0 : bool = prim::Constant[value=1]()',
        '  %1 : int[] = prim::Constant[value=[0, 0]]()',
        '  %2 : int[] = prim::Constant[value=annotate(List[int], [])]()',
        '  %3 : (int, str) = prim::Constant[value=(1, "a\\n")]()',
        '  %4 : float = prim::Constant[value=1.0000000000000001e-05]()',
        '  %5 : Long(requires_grad=0, device=cpu) = prim::Constant[value={2}]()',
        '  %6 : (int) = prim::Constant[value=(3,)]()',
        '  %7 : float = prim::Constant[value=-inf]()',
        '  return (%0)',
        '',
      ].join('\n'),
    );
    const value = (i: number) => g.nodes[i].attribute('value');
    assert.deepEqual(value(0), { kind: 'i', value: 1n });
    assert.deepEqual(value(1), { kind: 'is', value: [0, 0] });
    const empty = value(2);
    assert.ok(
      empty?.kind === 'ival' &&
        empty.value instanceof ConstantList &&
        empty.value.items.length === 0,
    );
    const tuple = value(3);
    assert.ok(tuple?.kind === 'ival' && tuple.value instanceof ConstantTuple);
    assert.deepEqual(tuple.value.items, [1n, 'a\n']);
    assert.deepEqual(value(4), { kind: 'f', value: 1e-5 });
    const tensor = value(5);
    assert.ok(tensor?.kind === 'ival' && tensor.value instanceof ConstantTensorText);
    assert.equal(tensor.value.text, '{2}');
    const single = value(6);
    assert.ok(single?.kind === 'ival' && single.value instanceof ConstantTuple);
    assert.deepEqual(single.value.items, [3n]);
    assert.deepEqual(value(7), { kind: 'f', value: -Infinity });
  });

  it('nests blocks and attaches fork subgraphs', () => {
    const text = [
      'graph(%c.1 : bool):',
      '  %1 : int = prim::Constant[value=1]()',
      '  %r : int = prim::If(%c.1) # case.py:3:4',
      '    block0():',
      '      -> (%1)',
      '    block1():',
      '      %f : Future[int] = prim::fork_0(%1)',
      '      %w : int = aten::wait(%f)',
      '      -> (%w)',
      '  return (%r)',
      'with prim::fork_0 = graph(%x.1 : int):',
      '  return (%x.1)',
      '',
    ].join('\n');
    const g = parseGraph(text);
    const fork = g.nodes[1].blocks[1].nodes[0];
    assert.equal(fork.kind, 'prim::fork');
    const sub = fork.attribute('Subgraph');
    assert.ok(sub?.kind === 'g');
    assert.equal(sub.value.inputs[0].debugName, 'x.1');
    assert.equal(printGraph(g), text);
  });

  it('reads Python calls, scopes and class types shared through a registry', () => {
    const classes = new ClassRegistry();
    const text = [
      'graph(%self : __torch__.case.M,',
      '      %x.1 : Float(2, 3, strides=[3, 1], requires_grad=0, device=cpu)):',
      '  %conv : __torch__.torch.nn.modules.conv.Conv2d = prim::GetAttr[name="conv"](%self)',
      '  %5 : Tensor = ^python_fn[]()(%self, %x.1), scope: __module.conv # case.py:5:8',
      '  return (%5)',
      '',
    ].join('\n');
    const g = parseGraph(text, { classes });
    const self = g.inputs[0].type;
    assert.ok(
      self instanceof ClassType && self.isModule,
      'an owner of a module attribute is a module',
    );
    assert.equal(classes.get('__torch__.case.M'), self);
    const x = g.inputs[1].type;
    assert.ok(x instanceof TensorType && x.details?.scalarTypeName === 'Float');
    const py = g.nodes[1];
    assert.equal(py.kind, 'prim::PythonOp');
    assert.deepEqual(py.attribute('name'), { kind: 's', value: 'python_fn' });
    assert.equal(py.scope, '__module.conv');
    assert.equal(printGraph(g), text);
  });

  it('names NamedTuples through the option', () => {
    const g = parseGraph('graph(%p : NamedTuple(x : int, y : int)):\n  return (%p)\n', {
      namedTupleName: (fields) => (fields.join() === 'x,y' ? '__torch__.case.P' : null),
    });
    const t = g.inputs[0].type;
    assert.ok(t instanceof TupleType);
    assert.equal(t.annotation(), '__torch__.case.P');
    assert.equal(t.str(), 'NamedTuple(x : int, y : int)');
    assert.equal(g.outputs[0].type === Types.int, false);
  });

  it('says where the text is wrong', () => {
    assert.throws(
      () => parseGraph('graph(%x : int):\n  return (%y)\n'),
      /line 2, column 10: expected %y to be defined before its use/,
    );
    assert.throws(
      () => parseGraph('graph(%x : Foo):\n  return (%x)\n'),
      /expected a type name, got 'Foo'/,
    );
    assert.throws(
      () => parseGraph('graph(%x : int):\n  %x : int = aten::neg(%x)\n  return (%x)\n'),
      /%x is defined twice/,
    );
    assert.throws(
      () =>
        parseGraph('graph():\n  %1 : int = prim::Constant[value=1]() # somewhere\n  return (%1)\n'),
      /unsupported source location/,
    );
  });
});
