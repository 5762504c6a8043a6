// Tensors a cell leaves in `out`, printed as the fixture makers encode them (make_nn_fixtures.py,
// make_freeze_fixtures.py: encode_tensors) and compared with PyTorch's within a tolerance.

export interface EncodedTensor {
  dtype: string;
  shape: number[];
  data: number[];
}
export type Tensors = EncodedTensor | Tensors[];

/** Python that prints `out` as the fixture makers encode it. */
export const printOut = `
def _encode_tensors(value):
    if isinstance(value, torch.Tensor):
        return {"dtype": str(value.dtype), "shape": list(value.shape),
                "data": value.detach().flatten().tolist()}
    return [_encode_tensors(v) for v in value]
import json as _json
print(_json.dumps(_encode_tensors(out)))`;

/** Where `got` is not within tolerance of `expected`, or null. */
export function tensorDifference(
  got: Tensors,
  expected: Tensors,
  tolerance: { rtol: number; atol: number },
  where = 'out',
): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length)
      return `${where}: not a list of ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const difference = tensorDifference(got[i], expected[i], tolerance, `${where}[${i}]`);
      if (difference !== null) return difference;
    }
    return null;
  }
  if (Array.isArray(got)) return `${where}: a list, not a tensor`;
  if (got.dtype !== expected.dtype) return `${where}: dtype ${got.dtype}, not ${expected.dtype}`;
  if (got.shape.join() !== expected.shape.join())
    return `${where}: shape [${got.shape.join(', ')}], not [${expected.shape.join(', ')}]`;
  for (let i = 0; i < expected.data.length; i++) {
    const [g, e] = [got.data[i], expected.data[i]];
    if (Math.abs(g - e) > tolerance.atol + tolerance.rtol * Math.abs(e))
      return `${where}: element ${i} is ${g}, not ${e}`;
  }
  return null;
}
