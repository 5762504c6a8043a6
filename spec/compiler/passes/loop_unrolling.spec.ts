// Small loops of a constant trip count are unrolled, their counter a value of its own.

import assert from 'node:assert/strict';
import { unrollConstantLoops } from '../../../compiler/passes/loop_unrolling.js';
import { after, graphWithTensors } from './tensor_graphs.js';

const loop = (trips: number) => [
  'graph(%x : Tensor):',
  `  %n : int = prim::Constant[value=${trips}]()`,
  '  %t : bool = prim::Constant[value=1]()',
  '  %y : Tensor = prim::Loop(%n, %t, %x)',
  '    block0(%i : int, %x.1 : Tensor):',
  '      %x.2 : Tensor = aten::mul(%x.1, %i)',
  '      -> (%t, %x.2)',
  '  return (%y)',
];

describe('constant loop unrolling', () => {
  it('copies the body once per iteration, counting with ints', () => {
    const text = after(graphWithTensors(loop(3)), unrollConstantLoops);
    assert.doesNotMatch(text, /prim::Loop/, text);
    assert.equal(text.split('aten::mul').length - 1, 3, text);
    assert.equal(text.split('aten::add').length - 1, 2, text);
  });

  it('leaves loops that run 64 times or more', () => {
    const text = after(graphWithTensors(loop(64)), unrollConstantLoops);
    assert.match(text, /prim::Loop/, text);
  });
});
