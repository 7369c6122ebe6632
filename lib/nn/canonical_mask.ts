// PyTorch 2.x's F._canonical_mask and F._none_or_dtype: how its attention modules turn a bool mask
// (true = masked) into the float mask (-inf = masked) that the kernels add to the scores.
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { bool, dtype } from '../dtype';
import { zeros_like } from '../creation';
import { warnOnce } from '../python/warnings';

/**
 * `mask` as a float mask of `target_type` (a bool mask's true entries become -inf), unchanged when
 * it is already floating point; null stays null. Other dtypes raise PyTorch's AssertionError; with
 * `check_other`, a dtype other than `other_type` warns as PyTorch does.
 */
export function canonicalMask(mask: Tensor | null, mask_name: string, other_type: dtype | null, other_name: string, target_type: dtype,
  check_other = true): Tensor | null {
  if (mask === null) return null;
  const is_float = mask.is_floating_point();
  if (mask.dtype !== bool && !is_float) throw new TorchError(`only bool and floating types of ${mask_name} are supported`, 'AssertionError');
  if (check_other && other_type !== null && mask.dtype !== other_type) {
    warnOnce(`Support for mismatched ${mask_name} and ${other_name} is deprecated. Use same type for both instead.`);
  }
  return is_float ? mask : zeros_like(mask, { dtype: target_type }).masked_fill_(mask, -Infinity);
}

/** A mask's dtype, or null for no mask. */
export const noneOrDtype = (mask: Tensor | null): dtype | null => (mask === null ? null : mask.dtype);
