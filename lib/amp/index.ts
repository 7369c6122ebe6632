// torch.amp: autocast and GradScaler (mixed precision training).
import { callableClass } from '../nn/callable';
import { GradScaler as GradScalerClass, CudaGradScaler } from './grad_scaler';
import { autocast, cpu_autocast, cuda_autocast } from './autocast_mode';

export {
  autocast, is_autocast_enabled, set_autocast_enabled, get_autocast_dtype, set_autocast_dtype,
  is_autocast_cpu_enabled, set_autocast_cpu_enabled, get_autocast_cpu_dtype, set_autocast_cpu_dtype,
  get_autocast_gpu_dtype, set_autocast_gpu_dtype, is_autocast_cache_enabled, set_autocast_cache_enabled,
  clear_autocast_cache, autocast_increment_nesting, autocast_decrement_nesting,
} from './autocast_mode';
export type { AutocastOptions } from './autocast_mode';
export type { GradScalerOptions, GradScalerState } from './grad_scaler';

/** torch.amp.GradScaler constructs with and without `new`. */
export const GradScaler = callableClass(GradScalerClass);
export type GradScaler = GradScalerClass;

/** torch.amp as a namespace object. */
export const amp = { autocast, GradScaler };
/** torch.cpu.amp.autocast. */
export const cpu = { amp: { autocast: cpu_autocast } };
/** torch.cuda.amp.autocast and torch.cuda.amp.GradScaler (a 'cuda' scaler). */
export const cuda_amp = { autocast: cuda_autocast, GradScaler: callableClass(CudaGradScaler) };
