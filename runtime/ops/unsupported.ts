// PyTorch's overloads of operators we have that we do not implement yet (complex numbers, named
// tensors, a few others): declared all the same, so overload resolution meets them where PyTorch's
// does. A call that matches one fails saying it is not supported yet, and type errors list them
// among the variants as PyTorch's messages do. spec/runtime/ops/registry.spec.ts keeps the list
// (unsupported_schemas.json) to PyTorch's schemas we lack.

import { notSupported } from '../errors.js';
import { def } from './registry.js';
import schemas from './unsupported_schemas.json' with { type: 'json' };

export const unsupportedSchemas: ReadonlySet<string> = new Set(schemas);

for (const schema of schemas) {
  def(schema, () => {
    throw notSupported(`the operator ${schema}`);
  });
}
