// torchts: PyTorch's training API for TypeScript. `import * as torch from 'torchts'`.
import './tensor_methods';
import './tensor_python_methods';
import './tensor_removed_methods';
import './tensor_arity';
import './tensor_arg_errors';
import { native } from './native';

export { Tensor } from './tensor';
export type { IndexItem, Slice, Scalar, BackwardOptions, ToOptions } from './tensor';
export { Size } from './size';
export type { ValuesIndices } from './tensor_methods';
export * from './dtype';
export type { DeviceLike } from './device';
export { deviceFactory as device, set_default_device, get_default_device } from './device';
export { TorchError } from './errors';
export * from './creation';
export * from './functions';
export { complex, polar, view_as_real, view_as_complex, is_complex, real, imag } from './complex';
export type { Complex } from './complex';
export { no_grad, enable_grad, inference_mode, set_grad_enabled, is_grad_enabled } from './autograd';
export * as autograd from './autograd_namespace';
export { tidy, dispose, memory, collect } from './memory';
export type { MemoryInfo } from './memory';
export { manual_seed, seed, initial_seed, get_rng_state, set_rng_state } from './random';
export { cuda } from './cuda';
export { backends, accelerator } from './backends';
export {
  amp, cpu, autocast, is_autocast_enabled, set_autocast_enabled, get_autocast_dtype, set_autocast_dtype,
  is_autocast_cpu_enabled, set_autocast_cpu_enabled, get_autocast_cpu_dtype, set_autocast_cpu_dtype,
  get_autocast_gpu_dtype, set_autocast_gpu_dtype, is_autocast_cache_enabled, set_autocast_cache_enabled,
  clear_autocast_cache, autocast_increment_nesting, autocast_decrement_nesting,
} from './amp';
export type { AutocastOptions, GradScalerOptions, GradScalerState } from './amp';
export { ops } from './ops/dispatch';
export { set_printoptions, get_printoptions } from './format';
export { save, load } from './serialization';
export type { SaveOptions, LoadOptions, MapLocation } from './serialization';

/** The LibTorch version this build runs on, e.g. '1.13.1'. */
export const __libtorch_version__: string = native.version();
export const set_num_threads = (n: number): void => native.setNumThreads(n);
export const get_num_threads = (): number => native.getNumThreads();
/** torch.set_warn_always: LibTorch's once-per-process warnings (TORCH_WARN_ONCE) then warn at every call. */
export const set_warn_always = (b: boolean): void => { native.setWarnAlways(b); };
export const is_warn_always_enabled = (): boolean => native.getWarnAlways();
export * as nn from './nn';
export { deepcopy } from './copy';
export * as optim from './optim';
export * as jit from './jit';
export * as utils from './utils';
export * as __future__ from './future';
export { _has_compatible_shallow_copy_type } from './tensor_swap';
export * as distributed from './distributed';
/** torch.Generator: a seeded CPU stream for samplers, random_split and DataLoader shuffles. */
export { Generator } from './utils/data';
