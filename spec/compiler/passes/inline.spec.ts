// Inlining for `.inlined_graph`: calls of compiled functions replaced by their bodies, as
// PyTorch 1.13 prints them (expected text from /usr/bin/python3 on the same source).

import assert from 'node:assert/strict';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import { printGraph } from '../../../compiler/ir/printer.js';
import { inlinedGraph } from '../../../compiler/passes/inline.js';
import '../../../runtime/ops/index.js';

const source = [
  'import torch',
  '@torch.jit.script',
  'def g(x: torch.Tensor, y: int):',
  '    return x * y + 1',
  '@torch.jit.script',
  'def f(x: torch.Tensor):',
  '    if bool(x.sum() > 0):',
  '        return g(x, 2)',
  '    return g(x, 3) - x',
  '',
].join('\n');

const expected = [
  'graph(%x.1 : Tensor):',
  '  %1 : int = prim::Constant[value=1]()',
  '  %2 : Function = prim::Constant[name="g"]()',
  '  %3 : NoneType = prim::Constant()',
  '  %4 : int = prim::Constant[value=0]() # inl.py:7:22',
  '  %5 : int = prim::Constant[value=2]() # inl.py:8:20',
  '  %6 : int = prim::Constant[value=3]() # inl.py:9:16',
  '  %7 : Tensor = aten::sum(%x.1, %3) # inl.py:7:12',
  '  %8 : Tensor = aten::gt(%7, %4) # inl.py:7:12',
  '  %9 : bool = aten::Bool(%8) # inl.py:7:7',
  '  %10 : Tensor = prim::If(%9) # inl.py:7:4',
  '    block0():',
  '      %14 : int = prim::Constant[value=1]() # inl.py:4:19',
  '      %15 : Tensor = aten::mul(%x.1, %5) # inl.py:4:11',
  '      %16 : Tensor = aten::add(%15, %14, %14) # inl.py:4:11',
  '      -> (%16)',
  '    block1():',
  '      %17 : int = prim::Constant[value=1]() # inl.py:4:19',
  '      %18 : Tensor = aten::mul(%x.1, %6) # inl.py:4:11',
  '      %19 : Tensor = aten::add(%18, %17, %17) # inl.py:4:11',
  '      %13 : Tensor = aten::sub(%19, %x.1, %1) # inl.py:9:11',
  '      -> (%13)',
  '  return (%10)',
  '',
].join('\n');

describe('inlining', () => {
  it('replaces calls by the callee bodies, numbered as PyTorch numbers them', () => {
    const host = new ModuleHost(source, 'inl.py', 'inl');
    const f = host.compileFunction('f');
    assert.equal(printGraph(inlinedGraph(f.graph)), expected);
    assert.match(printGraph(f.graph), /prim::CallFunction/);
  });
});
