// `npm run bench`: times each case here and, in the same run, in PyTorch (when /usr/bin/python3
// imports torch), and prints both with their ratio. Never asserted: machines are noisy.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendInfo, initBackends } from '../runtime/backend/tfjs.js';
import '../runtime/ops/index.js';
import { cases } from './cases.js';
import { measureKernels } from './kernel.js';
import { measureInOurHost, pythonCaseNames } from './python_cases.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pytorchScript = path.resolve(here, '../../bench/pytorch_cases.py');

function perIteration(fn: () => unknown, minTime = 0.3, batches = 5): number {
  fn();
  let n = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    if ((performance.now() - start) / 1000 >= minTime / batches) break;
    n *= 2;
  }
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    times.push((performance.now() - start) / 1000 / n);
  }
  return times.sort((x, y) => x - y)[Math.floor(batches / 2)];
}

function pytorchResults(names: string[]): Record<string, number> {
  try {
    const out = execFileSync('/usr/bin/python3', [pytorchScript, ...names], { encoding: 'utf8' });
    return JSON.parse(out) as Record<string, number>;
  } catch {
    return {};
  }
}

function format(value: number | undefined, isBytes: boolean): string {
  if (value === undefined) return '-';
  if (isBytes) return `${(value / 2 ** 20).toFixed(1)} MiB`;
  if (value < 1e-3) return `${(value * 1e6).toFixed(2)} µs`;
  return `${(value * 1e3).toFixed(3)} ms`;
}

async function main(filter: string | undefined): Promise<void> {
  const selected = cases.filter((c) => filter === undefined || c.name.includes(filter));
  const pythonNames = pythonCaseNames().filter((n) => filter === undefined || n.includes(filter));
  const ours = new Map<string, number>(Object.entries(await measureInOurHost(pythonNames)));
  for (const c of selected) {
    try {
      ours.set(c.name, c.measure ? c.measure() : perIteration(c.prepare()));
    } catch (e) {
      console.error(`${c.name}: ${(e as Error).message}`);
    }
  }
  const theirs = pytorchResults([...selected.map((c) => c.name), ...pythonNames]);
  const rowOf = (name: string, isBytes: boolean) => {
    const [a, b] = [ours.get(name), theirs[name]];
    const ratio = a !== undefined && b !== undefined && !isBytes ? `${(a / b).toFixed(2)}x` : '-';
    return [name, format(a, isBytes), format(b, isBytes), ratio];
  };
  const rows = [
    ...selected.map((c) => rowOf(c.name, c.measure !== undefined)),
    ...pythonNames.map((n) => rowOf(n, false)),
  ];
  printTable(['case', 'ours', 'PyTorch 1.13', 'ours / PyTorch'], rows);
  if (filter === undefined || 'kernel'.includes(filter)) await printKernelTable();
}

async function printKernelTable(): Promise<void> {
  const kernels = await measureKernels();
  if (kernels === null) return;
  const ours = kernels.torchscript ?? {};
  const theirs = kernels.python3 ?? {};
  const rows = Object.keys(ours).map((name) => {
    const [a, b] = [ours[name], theirs[name]];
    const ratio = b !== undefined ? `${(a / b).toFixed(2)}x` : '-';
    return [name, format(a, false), format(b, false), ratio];
  });
  console.log();
  printTable(['kernel', 'ours', 'ipykernel', 'ours / ipykernel'], rows);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) {
    console.log(
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  '),
    );
  }
}

await initBackends();
console.log(`tensor backend: ${backendInfo().active}`);
await main(process.argv[2]);
