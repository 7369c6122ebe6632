// torch.autocast (PyTorch's torch/amp/autocast_mode.py): ops in the region run in a lower
// precision where PyTorch's autocast lists say so (linear, conv, matmul in bfloat16/float16;
// softmax, losses, norms in float32). The state is LibTorch's own thread-local autocast state,
// entered and left in PyTorch's order (nesting count, weight cache cleared at the outermost exit).
import { native, AutocastDeviceType } from '../native';
import { TorchError } from '../errors';
import { dtype, dtypeFromCode, bfloat16, float16 } from '../dtype';
import { bindArgs } from '../python/binder';
import { describeValue } from '../python/check';
import { warn, warnOnce } from '../python/warnings';
import { forRelease } from '../release';
import { cuda } from '../cuda';

export interface AutocastOptions {
  /** The lower-precision dtype: default torch.get_autocast_dtype(device_type) (bfloat16 on CPU, float16 on CUDA). */
  dtype?: dtype | null;
  /** Whether autocasting is on in the region (default true); false makes an autocast-free subregion. */
  enabled?: boolean;
  /** Whether casts of leaf tensors (weights) are cached within the outermost region (default: the current setting, true). */
  cache_enabled?: boolean | null;
}

// CPU autocast dtypes: PyTorch 1.13 has bfloat16 only; float16 joined in 2.x.
const CPU_DTYPES = forRelease<dtype[]>([['1.13', [bfloat16]], ['2.0', [bfloat16, float16]]]);
const cpuDtypesMessage = forRelease([
  ['1.13', 'CPU Autocast only supports dtype of torch.bfloat16 currently.'],
  ['2.0', 'CPU Autocast only supports dtype of torch.bfloat16, torch.float16 currently.'],
]);

/** The device type, checked as PyTorch checks it (1.13 here; 2.x natively, with c10's device-string error). */
function deviceTypeOf(device_type: unknown): AutocastDeviceType {
  if (typeof device_type !== 'string') throw new TypeError(`autocast(): expected a string for device_type but received ${describeValue(device_type)}`);
  if (device_type === 'cpu' || device_type === 'cuda') return device_type;
  if (forRelease([['1.13', true], ['2.0', false]])) throw new TorchError("User specified autocast device_type must be 'cuda' or 'cpu'", 'RuntimeError');
  native.autocastIsEnabled(device_type as AutocastDeviceType);
  throw new TorchError(`User specified an unsupported autocast device_type '${device_type}'`, 'RuntimeError');
}

/** PyTorch 2.4 deprecated torch.cpu.amp.autocast and torch.cuda.amp.autocast / GradScaler. */
export function warnDeprecatedAmp(name: string, device: string): void {
  if (forRelease([['1.13', false], ['2.4', true]])) {
    warnOnce(`\`torch.${device}.amp.${name}(args...)\` is deprecated. Please use \`torch.amp.${name}('${device}', args...)\` instead.`, 'FutureWarning');
  }
}

/** The state one autocast region sets, checked and defaulted as PyTorch's autocast.__init__. */
interface Region { device: AutocastDeviceType; fast_dtype: dtype; enabled: boolean; cache_enabled: boolean }

function regionOf(device_type: unknown, o: AutocastOptions): Region {
  const device = deviceTypeOf(device_type);
  let enabled = o.enabled ?? true;
  if (enabled && device === 'cuda' && !cuda.is_available()) {
    warn("User provided device_type of 'cuda', but CUDA is not available. Disabling");
    enabled = false;
  }
  const fast_dtype = o.dtype ?? get_autocast_dtype(device);
  if (!(fast_dtype instanceof dtype)) throw new TypeError(`autocast(): expected a dtype for dtype but received ${describeValue(fast_dtype)}`);
  if (device === 'cpu' && !CPU_DTYPES.includes(fast_dtype) && enabled) {
    warn(`In CPU autocast, but the target dtype is not supported. Disabling autocast.\n${cpuDtypesMessage}`);
    enabled = false;
  }
  return { device, fast_dtype, enabled, cache_enabled: o.cache_enabled ?? native.autocastIsCacheEnabled() };
}

/** Sets PyTorch's TLS for the region; returns what exit() restores. */
function enter(r: Region): () => void {
  const prevCache = native.autocastIsCacheEnabled();
  const prev = native.autocastIsEnabled(r.device);
  const prevDtype = native.autocastGetDtype(r.device);
  native.autocastSetEnabled(r.device, r.enabled);
  // PyTorch 1.13's torch.set_autocast_cpu_dtype accepts bfloat16 only.
  if (r.device === 'cpu' && !CPU_DTYPES.includes(r.fast_dtype)) {
    native.autocastSetEnabled(r.device, prev);
    throw new TorchError(forRelease([
      ['1.13', 'Currently, AutocastCPU only support Bfloat16 as the autocast_cpu_dtype'],
      ['2.0', 'Currently, AutocastCPU only support Bfloat16 or Float16 as the autocast_cpu_dtype'],
    ]), 'RuntimeError');
  }
  native.autocastSetDtype(r.device, r.fast_dtype.code);
  native.autocastIncrementNesting();
  native.autocastSetCacheEnabled(r.cache_enabled);
  return () => {
    // Drop the weight cache when leaving the outermost region.
    if (native.autocastDecrementNesting() === 0) native.autocastClearCache();
    native.autocastSetEnabled(r.device, prev);
    native.autocastSetDtype(r.device, prevDtype);
    native.autocastSetCacheEnabled(prevCache);
  };
}

/** Runs fn inside the region and returns its value; an async fn's promise leaves it when settled. */
function runIn<T>(r: Region, fn: () => T): T {
  const exit = enter(r);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    exit();
    throw e;
  }
  if (result instanceof Promise) return result.finally(exit) as unknown as T;
  exit();
  return result;
}

/**
 * `with torch.autocast(device_type, dtype=None, enabled=True, cache_enabled=None):` ->
 * `torch.autocast(device_type, { dtype, enabled, cache_enabled }, () => ...)`: runs fn with
 * autocast on for that device type and returns fn's value. Nested regions restore the outer
 * state on exit. The state is per thread, as PyTorch's: an async fn keeps it until its promise
 * settles, and other code running meanwhile on this thread sees it too.
 */
export function autocast<T>(device_type: string, fn: () => T): T;
export function autocast<T>(device_type: string, options: AutocastOptions, fn: () => T): T;
export function autocast<T>(device_type: string, ...rest: [() => T] | [AutocastOptions, () => T]): T {
  const fn = rest[rest.length - 1] as () => T;
  if (typeof fn !== 'function') throw new TypeError(`autocast(): expected a function for fn but received ${describeValue(fn)}`);
  const options = (rest.length > 1 ? rest[0] : {}) as AutocastOptions;
  const [dt, enabled, cache_enabled] = bindArgs<[dtype | null | undefined, boolean | undefined, boolean | null | undefined]>(
    [options], ['dtype', 'enabled', 'cache_enabled'], {}, 'autocast');
  return runIn(regionOf(device_type, { dtype: dt, enabled, cache_enabled }), fn);
}

/** `torch.cpu.amp.autocast(enabled=True, dtype=torch.bfloat16, cache_enabled=True)`, as a callback form. */
export function cpu_autocast<T>(fn: () => T): T;
export function cpu_autocast<T>(options: AutocastOptions, fn: () => T): T;
export function cpu_autocast<T>(...rest: [() => T] | [AutocastOptions, () => T]): T {
  warnDeprecatedAmp('autocast', 'cpu');
  return (autocast as (d: string, ...r: unknown[]) => T)('cpu', ...rest);
}
/** `torch.cuda.amp.autocast(enabled=True, dtype=torch.float16, cache_enabled=True)`, as a callback form. */
export function cuda_autocast<T>(fn: () => T): T;
export function cuda_autocast<T>(options: AutocastOptions, fn: () => T): T;
export function cuda_autocast<T>(...rest: [() => T] | [AutocastOptions, () => T]): T {
  warnDeprecatedAmp('autocast', 'cuda');
  return (autocast as (d: string, ...r: unknown[]) => T)('cuda', ...rest);
}

/** torch.is_autocast_enabled(device_type='cuda'). */
export function is_autocast_enabled(device_type: string = 'cuda'): boolean { return native.autocastIsEnabled(deviceTypeOf(device_type)); }
/** torch.set_autocast_enabled(enabled) (CUDA), or (device_type, enabled). */
export function set_autocast_enabled(...args: [boolean] | [string, boolean]): void {
  const [d, e] = args.length === 1 ? ['cuda', args[0]] : args;
  native.autocastSetEnabled(deviceTypeOf(d), !!e);
}
/** torch.get_autocast_dtype(device_type): the dtype autocast regions use by default there. */
export function get_autocast_dtype(device_type: string): dtype { return dtypeFromCode(native.autocastGetDtype(deviceTypeOf(device_type))); }
/** torch.set_autocast_dtype(device_type, dtype). */
export function set_autocast_dtype(device_type: string, dt: dtype): void { native.autocastSetDtype(deviceTypeOf(device_type), dt.code); }
export const is_autocast_cpu_enabled = (): boolean => is_autocast_enabled('cpu');
export const set_autocast_cpu_enabled = (enabled: boolean): void => set_autocast_enabled('cpu', enabled);
export const get_autocast_cpu_dtype = (): dtype => get_autocast_dtype('cpu');
export const set_autocast_cpu_dtype = (dt: dtype): void => set_autocast_dtype('cpu', dt);
export const get_autocast_gpu_dtype = (): dtype => get_autocast_dtype('cuda');
export const set_autocast_gpu_dtype = (dt: dtype): void => set_autocast_dtype('cuda', dt);
export const is_autocast_cache_enabled = (): boolean => native.autocastIsCacheEnabled();
export const set_autocast_cache_enabled = (enabled: boolean): void => native.autocastSetCacheEnabled(!!enabled);
export const clear_autocast_cache = (): void => native.autocastClearCache();
export const autocast_increment_nesting = (): number => native.autocastIncrementNesting();
export const autocast_decrement_nesting = (): number => native.autocastDecrementNesting();
