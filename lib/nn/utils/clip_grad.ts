// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (PyTorch's torch/nn/utils/clip_grad.py).
// The ops run in the same order as PyTorch 1.13's, so clipped gradients are bit-identical.
import { Tensor } from '../../tensor';
import { bind, signature } from '../../python/binder';
import { floatOf } from '../../python/float';
import { floatRepr } from '../../python/repr';
import { tensor, stack } from '../../creation';
import { get_default_dtype } from '../../dtype';
import { callAten } from '../../ops/dispatch';
import { TorchError } from '../../errors';

/** A single tensor or any iterable of tensors (an array, `model.parameters()`, ...). */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

export interface ClipGradNormOptions {
  parameters?: TensorOrTensors;
  max_norm?: number;
  norm_type?: number | string;
  error_if_nonfinite?: boolean;
  foreach?: boolean | null;
}

const CLIP_GRAD_NORM = signature('clip_grad_norm_', ['parameters', 'max_norm', 'norm_type', 'error_if_nonfinite', 'foreach'],
  { norm_type: 2.0, error_if_nonfinite: false, foreach: null });
const CLIP_GRAD_VALUE = signature('clip_grad_value_', ['parameters', 'clip_value']);

/** The tensors of `parameters` (a Tensor counts as one), checked, as a list. */
function tensorList(parameters: unknown, fn: string): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || typeof parameters !== 'object' || !(Symbol.iterator in parameters)) {
    throw new TypeError(`${fn}(): expected a Tensor or an iterable of Tensors for parameters but received ${parameters === null ? 'null' : typeof parameters}`);
  }
  const list = [...(parameters as Iterable<unknown>)];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new TypeError(`${fn}(): expected a Tensor for parameters[${i}] but received ${p === null ? 'null' : typeof p}`);
  });
  return list as Tensor[];
}

/** A p-norm over all elements, as Python's `torch.norm(t, p)` computes it (aten::norm over every dim). */
function pNorm(t: Tensor, p: number): Tensor {
  return callAten('norm', [t, p, [...Array(t.dim()).keys()], false], 'ScalarOpt_dim');
}

/**
 * Clips the gradient norm of an iterable of parameters, in place. The norm is computed over all
 * gradients together, as if they were concatenated into one vector; parameters whose `grad` is
 * null are skipped.
 *
 * `clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=false, foreach=null)`;
 * every argument may also be given by name in a trailing options object:
 * `clip_grad_norm_(model.parameters(), { max_norm: 1.0, norm_type: 'inf' })`.
 *
 * @param parameters a Tensor or an iterable of Tensors whose gradients are clipped
 * @param max_norm max norm of the gradients
 * @param norm_type type of the p-norm: a number, `Infinity` or `'inf'`
 * @param error_if_nonfinite throw if the total norm is nan or ±inf (default false)
 * @param foreach accepted for PyTorch 2.x compatibility; the result is the same either way
 * @returns the total norm of the gradients (viewed as a single vector), a 0-d tensor
 */
export function clip_grad_norm_(
  parameters: TensorOrTensors | ClipGradNormOptions,
  max_norm?: number | ClipGradNormOptions,
  norm_type?: number | string | ClipGradNormOptions,
  error_if_nonfinite?: boolean | ClipGradNormOptions,
  foreach?: boolean | null | ClipGradNormOptions,
): Tensor {
  const [params, maxNormArg, normTypeArg, errorIfNonfinite] = bind(CLIP_GRAD_NORM, [parameters, max_norm, norm_type, error_if_nonfinite, foreach]);
  const list = tensorList(params, 'clip_grad_norm_');
  const maxNorm = floatOf(maxNormArg);
  const p = floatOf(normTypeArg);
  if (typeof errorIfNonfinite !== 'boolean') throw new TypeError(`clip_grad_norm_(): expected a boolean for error_if_nonfinite but received ${typeof errorIfNonfinite}`);

  const grads = list.map((t) => t.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return tensor(0, { dtype: get_default_dtype() });
  const device = grads[0].device;
  let totalNorm: Tensor;
  if (p === Infinity) {
    const norms = grads.map((g) => g.detach().abs().max().to(device));
    totalNorm = norms.length === 1 ? norms[0] : stack(norms).max();
  } else {
    totalNorm = pNorm(stack(grads.map((g) => pNorm(g.detach(), p).to(device))), p);
  }
  if (errorIfNonfinite && totalNorm.isnan().logical_or(totalNorm.isinf()).item()) {
    throw new TorchError(
      `The total norm of order ${floatRepr(p)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. `
      + 'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
    );
  }
  // Python's `max_norm / (total_norm + 1e-6)` is Tensor.__rtruediv__, i.e. reciprocal() * max_norm.
  const clipCoef = totalNorm.add(1e-6).reciprocal().mul(maxNorm);
  // Multiplying by a coefficient clamped to 1 (instead of branching on it) avoids a device sync.
  const clipCoefClamped = clipCoef.clamp(null, 1.0);
  for (const g of grads) g.detach().mul_(clipCoefClamped.to(g.device));
  return totalNorm;
}

/**
 * Clips every gradient of `parameters` into [-clip_value, clip_value], in place. Parameters whose
 * `grad` is null are skipped. `clip_grad_value_(parameters, clip_value)` or
 * `clip_grad_value_(parameters, { clip_value })`.
 */
export function clip_grad_value_(parameters: TensorOrTensors | { parameters?: TensorOrTensors; clip_value?: number }, clip_value?: number | { clip_value?: number }): void {
  const [params, clipArg] = bind(CLIP_GRAD_VALUE, [parameters, clip_value]);
  const list = tensorList(params, 'clip_grad_value_');
  const clip = floatOf(clipArg);
  for (const p of list) {
    const g = p.grad;
    if (g !== null) g.data.clamp_(-clip, clip);
  }
}
