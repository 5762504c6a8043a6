// Embedding lookups (a row of the weight per index) and embedding_renorm_, which F.embedding's
// max_norm uses to shrink the rows it is about to read.

import { indexError, runtimeError } from '../errors.js';
import { dtypeInfo, type DType } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { cloneOf, defCopyOut, valuesOf } from './nn.js';
import { vectorNorm } from './normalization.js';
import { def } from './registry.js';

/** A tensor's type as PyTorch's argument checks print it: torch.FloatTensor, or CPUBoolType. */
function typeText(t: Tensor): string {
  return t.dtype === 'bool' ? 'CPUBoolType' : `torch.${dtypeInfo(t.dtype).legacyName}`;
}

/** checkScalarTypes: indices must be int64 or int32. */
function checkIndexType(indices: Tensor, position: number, op: string): void {
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') {
    throw runtimeError(
      `Expected tensor for argument #${position} 'indices' to have one of the following scalar types: Long, Int; but got ${typeText(indices)} instead (while checking arguments for ${op})`,
    );
  }
}

/** aten::embedding: weight rows gathered by `indices`, shaped indices.shape + [embedding_dim]. */
export function embedding(weight: Tensor, indices: Tensor): Tensor {
  if (weight.ndim !== 2) throw runtimeError("'weight' must be 2-D");
  checkIndexType(indices, 1, 'embedding');
  const [rows, dim] = weight.shape;
  const ids = valuesOf(indices);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= rows) throw indexError('index out of range in self');
  }
  const out = Tensor.empty([...indices.shape, dim], weight.dtype, weight.device);
  const table = valuesOf(weight);
  for (let i = 0; i < ids.length; i++) {
    out.data.set(table.subarray(ids[i] * dim, (ids[i] + 1) * dim), i * dim);
  }
  return out;
}

/** self *= scale as a float tensor times a Python float computes it: in the tensor's dtype. */
function scaleRow(self: Tensor, row: number, scale: number): void {
  const round = self.dtype === 'float32' ? Math.fround : (x: number) => x;
  const s = round(scale);
  for (let j = 0; j < self.shape[1]; j++) {
    const at = self.offset + row * self.strides[0] + j * self.strides[1];
    self.data[at] = round(self.data[at] * s);
  }
}

function rowValues(self: Tensor, row: number): number[] {
  const out = new Array<number>(self.shape[1]);
  for (let j = 0; j < out.length; j++) {
    out[j] = self.data[self.offset + row * self.strides[0] + j * self.strides[1]];
  }
  return out;
}

/** Rescales, once each, the rows named by `indices` whose p-norm exceeds max_norm. */
export function embeddingRenorm_(
  self: Tensor,
  indices: Tensor,
  maxNorm: number,
  normType: number,
): Tensor {
  if (self.ndim !== 2) {
    throw runtimeError(
      `Expected 2-dimensional tensor, but got ${self.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for embedding_renorm_)`,
    );
  }
  checkIndexType(indices, 2, 'embedding_renorm_');
  const rows = self.shape[0];
  const sorted = Array.from(valuesOf(indices)).sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    const index = sorted[i];
    if (index < -rows || index >= rows) {
      throw indexError(
        `select(): index ${index} out of range for tensor of size ${formatShape(self.shape)} at dimension 0`,
      );
    }
    const row = index < 0 ? index + rows : index;
    const norm = rowNorm(self, row, normType);
    if (norm > maxNorm) scaleRow(self, row, maxNorm / (norm + 1e-7));
  }
  return self;
}

/** row.norm(p).item(), computed in the row's dtype. */
function rowNorm(self: Tensor, row: number, p: number): number {
  requireNormDType(self.dtype);
  const norm = vectorNorm(rowValues(self, row), p);
  return self.dtype === 'float32' ? Math.fround(norm) : norm;
}

function requireNormDType(dtype: DType): void {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw runtimeError(
      `norm(): input dtype should be either floating point or complex. Got ${dtypeInfo(dtype).typeName} instead.`,
    );
  }
}

export function embeddingRenorm(
  self: Tensor,
  indices: Tensor,
  maxNorm: number,
  normType: number,
): Tensor {
  return embeddingRenorm_(cloneOf(self), indices, maxNorm, normType);
}

def(
  'aten::embedding(Tensor weight, Tensor indices, int padding_idx=-1, bool scale_grad_by_freq=False, bool sparse=False) -> Tensor',
  embedding,
);
defCopyOut(
  'aten::embedding.out(Tensor weight, Tensor indices, int padding_idx=-1, bool scale_grad_by_freq=False, bool sparse=False, *, Tensor(a!) out) -> Tensor(a!)',
  embedding,
);
def(
  'aten::embedding_renorm(Tensor self, Tensor indices, float max_norm, float norm_type) -> Tensor',
  embeddingRenorm,
);
defCopyOut(
  'aten::embedding_renorm.out(Tensor self, Tensor indices, float max_norm, float norm_type, *, Tensor(a!) out) -> Tensor(a!)',
  embeddingRenorm,
);
def(
  'aten::embedding_renorm_(Tensor(a!) self, Tensor indices, float max_norm, float norm_type) -> Tensor(a!)',
  embeddingRenorm_,
);
