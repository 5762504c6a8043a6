// torch.device: a type and an optional index, parsed from PyTorch's spellings.

import { TorchError } from '../errors.js';

export type DeviceType = 'cpu' | 'cuda';

export class Device {
  constructor(
    readonly type: DeviceType,
    readonly index: number | null = null,
  ) {}

  static parse(spec: string | Device): Device {
    if (spec instanceof Device) return spec;
    const m = /^(cpu|cuda)(?::(\d+))?$/.exec(spec);
    if (m === null) {
      throw new TorchError(
        'RuntimeError',
        `Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone device type at start of device string: ${spec}`,
      );
    }
    return new Device(m[1] as DeviceType, m[2] === undefined ? null : Number(m[2]));
  }

  equals(other: Device): boolean {
    return this.type === other.type && (this.index ?? 0) === (other.index ?? 0);
  }

  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
}

export const cpu = new Device('cpu');

/**
 * Checks that tensors can live on `device`. GPU backends register themselves through
 * `setCudaAvailable`; until one does, CUDA devices are refused naming what was looked for.
 */
let cudaAvailable = false;

export function setCudaAvailable(available: boolean): void {
  cudaAvailable = available;
}

export function isCudaAvailable(): boolean {
  return cudaAvailable;
}

export function requireDevice(device: Device): Device {
  if (device.type === 'cuda' && !cudaAvailable) {
    throw new TorchError(
      'RuntimeError',
      'Torch not compiled with CUDA enabled: no CUDA device was found (looked for @tensorflow/tfjs-node-gpu with CUDA and a WebGPU adapter); torch.cuda.is_available() is False',
    );
  }
  return device;
}
