// List idioms: lists built in the graph and never written to are looked through.

import assert from 'node:assert/strict';
import { peepholeOptimizeListIdioms } from '../../../compiler/passes/peephole_list_idioms.js';
import { after, graphWithTensors } from './tensor_graphs.js';

describe('list idioms', () => {
  it('answers len() and [i] of an unwritten list', () => {
    const text = after(
      graphWithTensors([
        'graph(%a : int, %b : int):',
        '  %one : int = prim::Constant[value=1]()',
        '  %l : int[] = prim::ListConstruct(%a, %b)',
        '  %n : int = aten::len(%l)',
        '  %x : int = aten::__getitem__(%l, %one)',
        '  %r : (int, int) = prim::TupleConstruct(%n, %x)',
        '  return (%r)',
      ]),
      peepholeOptimizeListIdioms,
    );
    assert.match(text, /prim::Constant\[value=2\]/, text);
    assert.match(text, /prim::TupleConstruct\(%\d+, %b\)/);
  });

  it('leaves a list that is appended to', () => {
    const text = after(
      graphWithTensors([
        'graph(%a : int):',
        '  %l : int[] = prim::ListConstruct(%a)',
        '  %m : int[] = aten::append(%l, %a)',
        '  %n : int = aten::len(%l)',
        '  return (%n)',
      ]),
      peepholeOptimizeListIdioms,
    );
    assert.match(text, /aten::len\(%l\)/, text);
  });
});
