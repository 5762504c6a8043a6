// The interpreter on compiled graphs: forks and waits with their task records, errors through
// wait, the interrupt flag stopping an endless loop, int/float representations across Unions.

import assert from 'node:assert/strict';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import '../../../compiler/compilation_unit.js';
import { interruptFlag } from '../../../runtime/interrupt.js';
import { codeFor } from '../../../runtime/interpreter/code.js';
import { scheduler, taskEvents, type TaskRecord } from '../../../runtime/interpreter/tasks.js';
import '../../../runtime/ops/index.js';
import { TorchError } from '../../../runtime/errors.js';

function compile(source: string, entry: string) {
  const host = new ModuleHost(
    `import torch\nfrom typing import List, Union\n${source}`,
    'spec.py',
    'spec',
  );
  const fn = host.compileFunction(entry);
  return (...args: unknown[]) =>
    scheduler.runRoot(entry, () => codeFor(fn.graph).run(args) as never);
}

describe('interpreter', () => {
  it('runs forked tasks and records when they ran and who waited', () => {
    const run = compile(
      `def work(x: int) -> int:
    return x * 2

def fn(n: int) -> int:
    futures = [torch.jit.fork(work, i) for i in range(n)]
    total = 0
    for f in futures:
        total += torch.jit.wait(f)
    return total
`,
      'fn',
    );
    const ended: TaskRecord[] = [];
    const sub = taskEvents.subscribe((e) => {
      if (e.kind === 'ended') ended.push(e.task);
    });
    try {
      assert.equal(run(4), 12);
    } finally {
      sub.unsubscribe();
    }
    const root = ended.find((t) => t.parent === null)!;
    const forks = ended.filter((t) => t.parent === root.id);
    assert.equal(forks.length, 4);
    assert.ok(forks.every((t) => t.name === 'work' && t.started! >= t.created));
    assert.equal(root.waits.length, 4);
  });

  it('raises a forked task error where it is waited for', () => {
    const run = compile(
      `def boom(x: int) -> int:
    if x > 1:
        raise ValueError("too big")
    return x

def fn(x: int) -> int:
    f = torch.jit.fork(boom, x)
    return torch.jit.wait(f)
`,
      'fn',
    );
    assert.equal(run(1), 1);
    assert.throws(() => run(5), /builtins.ValueError: too big/);
  });

  it('stops an endless loop when the interrupt flag is set, and runs again after', () => {
    const run = compile(
      `def spin(n: int) -> int:
    i = 0
    while True:
        i += 1
        if i == n:
            break
    return i
`,
      'spin',
    );
    const flag = interruptFlag();
    Atomics.store(flag, 0, 2);
    assert.throws(
      () => run(-1),
      (e: unknown) => e instanceof TorchError && e.pythonType === 'KeyboardInterrupt',
    );
    assert.equal(flag[0], 0);
    assert.equal(run(1000), 1000);
  });

  it('keeps ints and floats apart in a Union', () => {
    const run = compile(
      `def fn(flag: bool) -> List[str]:
    x: Union[int, float] = 1 if flag else 2
    y: Union[int, float] = 2.0
    out: List[str] = []
    values: List[Union[int, float]] = [x, y]
    for v in values:
        if isinstance(v, int):
            out.append("int")
        else:
            out.append("float")
    return out
`,
      'fn',
    );
    assert.deepEqual(run(true), ['int', 'float']);
  });
});
