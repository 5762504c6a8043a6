// Common subexpression elimination: equal pure nodes become one, constants compare by value
// (tensors element by element), and random, side-effecting, written or escaping results stay.

import assert from 'node:assert/strict';
import { eliminateCommonSubexpression } from '../../../compiler/passes/common_subexpression_elimination.js';
import { after, graphWithTensors, tensor } from './tensor_graphs.js';

const count = (text: string, kind: string) => text.split(kind).length - 1;

describe('common subexpression elimination', () => {
  it('merges a node that repeats an earlier one', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor, %y : Tensor):',
        '  %one : int = prim::Constant[value=1]()',
        '  %a : Tensor = aten::mul(%x, %y)',
        '  %b : Tensor = aten::mul(%x, %y)',
        '  %c : Tensor = aten::add(%a, %b, %one)',
        '  return (%c)',
      ]),
      eliminateCommonSubexpression,
    );
    assert.equal(count(text, 'aten::mul'), 1, text);
    assert.match(text, /aten::add\(%a, %a, %one\)/);
  });

  it('merges equal tensor constants, keeping the first', () => {
    const ones = tensor([1, 1], [2]);
    const text = after(
      graphWithTensors(
        [
          'graph(%x : Tensor, %var : Tensor, %gamma : Tensor):',
          '  %one : int = prim::Constant[value=1]()',
          '  %a : Tensor = aten::mul(%x, %var)',
          '  %b : Tensor = aten::add(%a, %gamma, %one)',
          '  return (%b)',
        ],
        { var: ones, gamma: tensor([1, 1], [2]) },
      ),
      eliminateCommonSubexpression,
    );
    assert.match(text, /aten::add\(%a, %var, %one\)/, text);
  });

  it('looks into enclosing blocks', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor, %c : bool):',
        '  %a : Tensor = aten::neg(%x)',
        '  %r : Tensor = prim::If(%c)',
        '    block0():',
        '      %b : Tensor = aten::neg(%x)',
        '      -> (%b)',
        '    block1():',
        '      -> (%x)',
        '  %one : int = prim::Constant[value=1]()',
        '  %t : Tensor = aten::add(%a, %r, %one)',
        '  return (%t)',
      ]),
      eliminateCommonSubexpression,
    );
    // The inner node stays, unused, for dead code elimination.
    assert.match(text, /-> \(%a\)/, text);
  });

  it('leaves random nodes, in-place writes and results that both leave the graph', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor):',
        '  %p : float = prim::Constant[value=0.5]()',
        '  %t : bool = prim::Constant[value=1]()',
        '  %one : int = prim::Constant[value=1]()',
        '  %d1 : Tensor = aten::dropout(%x, %p, %t)',
        '  %d2 : Tensor = aten::dropout(%x, %p, %t)',
        '  %m1 : Tensor = aten::mul(%x, %x)',
        '  %m2 : Tensor = aten::mul(%x, %x)',
        '  %r : (Tensor, Tensor, Tensor, Tensor) = prim::TupleConstruct(%d1, %d2, %m1, %m2)',
        '  return (%r)',
      ]),
      eliminateCommonSubexpression,
    );
    assert.equal(count(text, 'aten::dropout'), 2, text);
    assert.equal(count(text, 'aten::mul'), 2, text);
  });
});
