// The torch functions whose Python behaviour is more than one operator call: torch.tensor's
// copy construction, Tensor.tolist, torch.set_printoptions, generator states.

import { TorchError, typeError } from '../errors.js';
import { call } from '../ops/dispatch.js';
import { tensorFromData, type NestedData } from '../ops/creation.js';
import type { Generator } from '../random/generator.js';
import { Device } from '../tensor/device.js';
import { dtypeInfo, setDefaultDType, type DType } from '../tensor/dtype.js';
import { fromArray } from '../tensor/factory.js';
import { setPrintOptions } from '../tensor/printoptions.js';
import type { Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import { warn } from '../warnings.js';
import { setRequiresGrad } from './arguments.js';

const copyConstructWarning =
  'To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).';

/** torch.tensor(data, dtype=None, device=None, requires_grad=False). */
export function pythonTensor(
  data: unknown,
  dtype: DType | null,
  device: Device | null,
  requiresGrad: boolean,
): Tensor {
  let t: Tensor;
  if (data instanceof Tensor) {
    warn(copyConstructWarning);
    const copy = call('aten::clone', [data]) as Tensor;
    t = dtype === null ? copy : (call('aten::to', [copy, dtype]) as Tensor);
  } else {
    t = tensorFromData(data as NestedData, dtype, device);
  }
  if (requiresGrad) setRequiresGrad(t);
  return t;
}

/** Tensor.tolist(): nested lists of Python scalars (a scalar for a 0-dim tensor). */
export function toList(t: Tensor): unknown {
  const values = t.toArray().map(scalarOf(t.dtype));
  if (t.ndim === 0) return values[0];
  let pos = 0;
  const nest = (dim: number): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < t.shape[dim]; i++) {
      out.push(dim === t.ndim - 1 ? values[pos++] : nest(dim + 1));
    }
    return out;
  };
  return nest(0);
}

function scalarOf(dtype: DType): (v: number) => Scalar {
  if (dtype === 'bool') return (v) => v !== 0;
  return dtypeInfo(dtype).isFloating ? (v) => v : (v) => BigInt(v);
}

/** torch.set_default_dtype, whose refusal is a Python TypeError. */
export function setDefaultDTypeFromPython(dtype: DType): void {
  try {
    setDefaultDType(dtype);
  } catch (e) {
    if (e instanceof TypeError) throw new TorchError('TypeError', e.message);
    throw e;
  }
}

/** torch.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode). */
export function setPrintOptionsFromPython(options: Record<string, unknown>): void {
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  setPrintOptions({
    precision: number(options.precision),
    threshold: number(options.threshold),
    edgeitems: number(options.edgeitems),
    linewidth: number(options.linewidth),
    profile: (options.profile as string | null | undefined) ?? null,
    sciMode: (options.sci_mode as boolean | null | undefined) ?? null,
  });
}

/** Generator.get_state(): PyTorch's state bytes as a uint8 tensor. */
export function generatorState(g: Generator): Tensor {
  const bytes = g.getState();
  return fromArray(bytes, [bytes.length], 'uint8');
}

/** Generator.set_state(state): the state from a uint8 tensor. */
export function setGeneratorState(g: Generator, state: Tensor): void {
  if (state.dtype !== 'uint8') throw typeError('RNG state must be a torch.ByteTensor');
  g.setState(Uint8Array.from(state.toArray()));
}

/** torch.device(spec): the normalised spelling, or PyTorch's error for a bad one. */
export function parseDevice(spec: string): string {
  return Device.parse(spec).toString();
}
