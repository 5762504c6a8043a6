// Whether a traced result requires grad. There is no autograd yet, so the tracer works out what
// PyTorch's would say for the `requires_grad=` of traced types: a floating point result of a
// differentiable operator requires grad when one of its tensor arguments does.

/** Operators whose floating point results never require grad. */
const nonDifferentiable = new Set(
  [
    'detach',
    'detach_',
    'zeros_like',
    'ones_like',
    'empty_like',
    'full_like',
    'rand_like',
    'randn_like',
    'randint_like',
    'new_zeros',
    'new_ones',
    'new_empty',
    'new_full',
  ].map((name) => `aten::${name}`),
);

export function differentiable(name: string): boolean {
  return !nonDifferentiable.has(name);
}
