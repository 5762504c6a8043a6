// The main job until the kernel lands: tensors computed on the default backend, and a function
// compiled by our TorchScript compiler with its graph and code, printed as PyTorch prints them.

import { ModuleHost } from '../compiler/host/module_host.js';
import { printGraph } from '../compiler/ir/printer.js';
import { printFunction } from '../compiler/printer/python_printer.js';
import { backendInfo, initBackends } from '../runtime/backend/tfjs.js';
import { call } from '../runtime/ops/dispatch.js';
import '../runtime/ops/index.js';
import { defaultGenerator } from '../runtime/random/generator.js';
import { formatTensor } from '../runtime/tensor/format.js';
import type { Tensor } from '../runtime/tensor/tensor.js';

const source = `import torch

def fn(x: torch.Tensor, n: int):
    for i in range(n):
        if i % 2 == 0:
            x = torch.relu(x) * 2
        else:
            x = x - 1.5
    return x.sum(dim=1)
`;

function show(label: string, value: unknown): void {
  console.log(`>>> ${label}`);
  console.log(typeof value === 'object' && value !== null ? formatTensor(value as Tensor) : value);
}

await initBackends();
console.log(`tensor backend: ${backendInfo().active}\n`);

defaultGenerator.manualSeed(0);
const x = call('randn', [[2, 3]]) as Tensor;
show('torch.manual_seed(0); x = torch.randn(2, 3)', x);
show('x @ x.t()', call('matmul', [x, call('t', [x])]));
show('torch.softmax(x, dim=1)', call('softmax', [x, 1n]));
show(
  'torch.arange(6).view(2, 3) * 2.5',
  call('mul', [call('view', [call('arange', [6n]), [2, 3]]), 2.5]),
);
show('torch.ones(1100)', call('ones', [[1100]]));

const host = new ModuleHost(source, 'demo.py', 'demo');
const fn = host.compileFunction('fn');
console.log('\n>>> torch.jit.script(fn).graph');
console.log(printGraph(fn.graph));
console.log('>>> torch.jit.script(fn).code');
console.log(printFunction(fn.graph, 'fn', { signature: fn.signature }));
