// detach is removed for inference, unless the graph compares tensors by identity.

import assert from 'node:assert/strict';
import { eliminateNoOps } from '../../../compiler/passes/eliminate_no_ops.js';
import { after, graphWithTensors } from './tensor_graphs.js';

describe('no-op elimination', () => {
  it('removes detach', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor):',
        '  %d : Tensor = aten::detach(%x)',
        '  %y : Tensor = aten::relu(%d)',
        '  return (%y)',
      ]),
      (g) => eliminateNoOps(g),
    );
    assert.match(text, /aten::relu\(%x\)/, text);
  });

  it('keeps it when tensors are compared with `is`', () => {
    const text = after(
      graphWithTensors([
        'graph(%x : Tensor):',
        '  %d : Tensor = aten::detach(%x)',
        '  %b : bool = aten::__is__(%d, %x)',
        '  return (%b)',
      ]),
      (g) => eliminateNoOps(g),
    );
    assert.match(text, /aten::detach/, text);
  });
});
