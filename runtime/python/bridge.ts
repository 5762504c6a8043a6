// The JS module our torch package imports as `_torch_bridge` (registered by the host): every
// call from Python into the runtime goes through these functions, and only torch/_C talks to
// them. Arguments that carry Python types come encoded (wire.ts); results go back encoded, or
// bare where Pyodide's own conversion is exact.

import '../ops/index.js';
import { runtimeError, valueError } from '../errors.js';
import * as init from '../nn/init.js';
import { allOperators } from '../ops/registry.js';
import { defaultGenerator, Generator } from '../random/generator.js';
import { Device, isCudaAvailable } from '../tensor/device.js';
import { dtypeFromScalarType, getDefaultDType } from '../tensor/dtype.js';
import { formatTensor } from '../tensor/format.js';
import type { Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import { callFromPython, pythonOverloads } from './arguments.js';
import {
  generatorState,
  parseDevice,
  pythonTensor,
  setDefaultDTypeFromPython,
  setGeneratorState,
  setPrintOptionsFromPython,
  toList,
} from './facade.js';
import { autogradBridge } from './autograd_bridge.js';
import { pythonGetItem, pythonSetItem } from './indexing.js';
import { tracing } from './trace_hook.js';
import {
  decodeCall,
  encodeDType,
  encodeResult,
  encodeResults,
  encodeValue,
  type WireResult,
} from './wire.js';

/** The name the torch package imports the bridge by. */
export const bridgeModuleName = '_torch_bridge';

/** What the bridge leaves to its host. */
export interface BridgeHooks {
  /** Python's handler for TORCH_WARN, which turns a message into a UserWarning. */
  readonly installWarningHandler: (handler: (message: string) => void) => void;
}

/** torch.name(...) or self.name(...): `self` is undefined for a function call. */
function callOp(
  qualified: string,
  self: Tensor | undefined,
  codes: string,
  ...values: unknown[]
): WireResult {
  const { args, kwargs, tensors } = decodeCall(codes, values);
  const { op, result } = callFromPython(qualified, self ?? null, args, kwargs);
  const inputs = self === undefined ? tensors : [self, ...tensors];
  const returns = op.schema.returns;
  if (returns.length === 0) return undefined;
  if (returns.length === 1) return encodeResult(result, returns[0].type, inputs);
  return encodeResults(
    result as unknown[],
    returns.map((r) => r.type),
    inputs,
  );
}

/** The aten operator names a Python call can reach, without the `aten::` prefix. */
function operatorNames(): string[] {
  const names = new Set<string>();
  for (const op of allOperators()) {
    const name = op.schema.name;
    if (name.startsWith('aten::') && pythonOverloads(name).length > 0) names.add(name.slice(6));
  }
  return [...names];
}

/** torch.tensor(data, *, dtype, device, requires_grad), its arguments encoded in that order. */
function makeTensor(codes: string, ...values: unknown[]): Tensor {
  const [data, dtype, device, requiresGrad] = decodeCall(codes, values).args;
  const t = pythonTensor(
    data,
    dtype === null ? null : dtypeFromScalarType(dtype as number),
    typeof device === 'string' ? Device.parse(device) : (device as Device | null),
    requiresGrad as boolean,
  );
  if (tracing.recorder !== null) tracing.recorder.recordTensorLiteral(t);
  return t;
}

function getItem(self: Tensor, codes: string, ...values: unknown[]): WireResult {
  const { args, tensors } = decodeCall(codes, values);
  const item =
    tracing.recorder !== null
      ? tracing.recorder.getItem(self, args[0])
      : pythonGetItem(self, args[0]);
  return encodeResult(item, null, [self, ...tensors]);
}

function setItem(self: Tensor, codes: string, ...values: unknown[]): void {
  const [index, value] = decodeCall(codes, values).args;
  if (tracing.recorder !== null) tracing.recorder.setItem(self, index, value);
  else pythonSetItem(self, index, value);
}

function setPrintOptions(codes: string, ...values: unknown[]): void {
  setPrintOptionsFromPython(decodeCall(codes, values).kwargs);
}

/** Tensor.item(), whose refusal of several elements is Python's ValueError. */
function pythonItem(t: Tensor): WireResult {
  if (t.numel() !== 1) {
    throw valueError('only one element tensors can be converted to Python scalars');
  }
  return encodeValue(t.item());
}

// ---- torch.nn.init ----

/** A Python number argument (an int arrives as a bigint) as a double. */
const num = (v: unknown): number => Number(v as number | bigint);
const tensorOrNull = (v: unknown): Tensor | null => (v === null ? null : (v as Tensor));

/**
 * torch.nn.init's functions and the layers' default initialisation (runtime/nn/init.ts), by
 * the names torch/nn/init.py calls them with; their arguments as Python passes them, in
 * PyTorch's order. A function that fills a tensor returns nothing: Python returns the tensor.
 */
const nnInitFunctions: Record<string, (...args: unknown[]) => unknown> = {
  calculate_gain: (nonlinearity, param) =>
    init.calculateGain(nonlinearity as string, param as Scalar | null),
  _calculate_fan_in_and_fan_out: (t) =>
    Object.freeze(init.calculateFanInAndFanOut(t as Tensor).map((n) => BigInt(n))),
  _trunc_normal_warns: (mean, std, a, b) =>
    init.truncNormalWarns(num(mean), num(std), num(a), num(b)),
  uniform_: (t, a, b) => init.uniform_(t as Tensor, num(a), num(b)),
  normal_: (t, mean, std) => init.normal_(t as Tensor, num(mean), num(std)),
  trunc_normal_: (t, mean, std, a, b) =>
    init.truncNormal_(t as Tensor, num(mean), num(std), num(a), num(b)),
  constant_: (t, value) => init.constant_(t as Tensor, num(value)),
  ones_: (t) => init.ones_(t as Tensor),
  zeros_: (t) => init.zeros_(t as Tensor),
  eye_: (t) => init.eye_(t as Tensor),
  dirac_: (t, groups) => init.dirac_(t as Tensor, num(groups)),
  xavier_uniform_: (t, gain) => init.xavierUniform_(t as Tensor, num(gain)),
  xavier_normal_: (t, gain) => init.xavierNormal_(t as Tensor, num(gain)),
  kaiming_uniform_: (t, a, mode, nonlinearity) =>
    init.kaimingUniform_(t as Tensor, a as Scalar, mode as string, nonlinearity as string),
  kaiming_normal_: (t, a, mode, nonlinearity) =>
    init.kaimingNormal_(t as Tensor, a as Scalar, mode as string, nonlinearity as string),
  orthogonal_: (t, gain) => init.orthogonal_(t as Tensor, num(gain)),
  _reset_linear: (weight, bias) => init.resetLinear(weight as Tensor, tensorOrNull(bias)),
  _reset_conv: (weight, bias) => init.resetConv(weight as Tensor, tensorOrNull(bias)),
  _reset_bilinear: (weight, bias) => init.resetBilinear(weight as Tensor, tensorOrNull(bias)),
  _reset_embedding: (weight, paddingIdx) =>
    init.resetEmbedding(weight as Tensor, paddingIdx === null ? null : num(paddingIdx)),
  _reset_recurrent: (hiddenSize, parameters) =>
    init.resetRecurrent(num(hiddenSize), parameters as Tensor[]),
  _reset_affine: (weight, bias) => init.resetAffine(tensorOrNull(weight), tensorOrNull(bias)),
  _reset_running_stats: (mean, variance, batches) =>
    init.resetRunningStats(tensorOrNull(mean), tensorOrNull(variance), tensorOrNull(batches)),
};

/** torch.nn.init.<name>(...) with encoded arguments; a tensor it filled is not sent back. */
function nnInit(name: string, codes: string, ...values: unknown[]): WireResult {
  const run = nnInitFunctions[name];
  if (run === undefined) throw runtimeError(`internal error: no nn.init function ${name}`);
  const result = run(...decodeCall(codes, values).args);
  return result instanceof Tensor ? undefined : encodeValue(result);
}

/** The functions torch/_C finds in `_torch_bridge`. */
export function createBridge(hooks: BridgeHooks): Record<string, unknown> {
  return {
    callOp,
    operatorNames,
    makeTensor,
    getItem,
    setItem,
    // Gives torch/_C the proxy type of JS arrays, by which it recognises encoded results.
    emptyArray: () => [],
    repr: (t: Tensor) => formatTensor(t),
    shape: (t: Tensor) => t.shape,
    strides: (t: Tensor) => t.strides,
    dtype: (t: Tensor) => t.dtype,
    device: (t: Tensor) => t.device.toString(),
    ndim: (t: Tensor) => t.ndim,
    numel: (t: Tensor) => t.numel(),
    item: pythonItem,
    requiresGrad: (t: Tensor) => t.requiresGrad,
    tolist: (t: Tensor) => encodeValue(toList(t)),
    defaultGenerator: () => defaultGenerator,
    newGenerator: () => new Generator(),
    manualSeed: (g: Generator, seed: number | bigint) => void g.manualSeed(BigInt(seed)),
    seed: (g: Generator) => encodeValue(g.seed()),
    initialSeed: (g: Generator) => encodeValue(g.initial),
    getState: generatorState,
    setState: setGeneratorState,
    getDefaultDType: () => encodeDType(getDefaultDType()),
    setDefaultDType: setDefaultDTypeFromPython,
    setPrintOptions,
    cudaIsAvailable: isCudaAvailable,
    parseDevice,
    nnInit,
    installWarningHandler: hooks.installWarningHandler,
    ...autogradBridge(),
  };
}
