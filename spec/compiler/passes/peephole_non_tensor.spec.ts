// Peephole rules over non-tensor values.

import assert from 'node:assert/strict';
import { peepholeOptimizeNonTensor } from '../../../compiler/passes/peephole_non_tensor.js';
import { after, graphWithTensors } from './tensor_graphs.js';

describe('non-tensor peephole rules', () => {
  it('answers `is None` of a value that cannot be None', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor):',
        '  %none : NoneType = prim::Constant()',
        '  %b : bool = aten::__is__(%x, %none)',
        '  return (%b)',
      ]),
      peepholeOptimizeNonTensor,
    );
    assert.match(text, /bool = prim::Constant\[value=0\]\(\)/, text);
  });

  it('replaces `c if c else False` style outputs by the condition', () => {
    const text = after(
      graphWithTensors([
        'graph(%c : bool):',
        '  %t : bool = prim::Constant[value=1]()',
        '  %f : bool = prim::Constant[value=0]()',
        '  %r : bool = prim::If(%c)',
        '    block0():',
        '      -> (%t)',
        '    block1():',
        '      -> (%f)',
        '  return (%r)',
      ]),
      peepholeOptimizeNonTensor,
    );
    assert.match(text, /return \(%c\)/, text);
  });

  it('simplifies int arithmetic with constants, moving the constant second', () => {
    const text = after(
      graphWithTensors([
        'graph(%i : int):',
        '  %two : int = prim::Constant[value=2]()',
        '  %one : int = prim::Constant[value=1]()',
        '  %zero : int = prim::Constant[value=0]()',
        '  %a : int = aten::add(%two, %i)',
        '  %b : int = aten::sub(%a, %one)',
        '  %c : int = aten::add(%b, %zero)',
        '  return (%c)',
      ]),
      peepholeOptimizeNonTensor,
    );
    assert.match(text, /%b : int = aten::sub\(%i, %\d+\)/, text);
    assert.match(text, /return \(%b\)/);
  });
});
