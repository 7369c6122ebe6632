// torch.__future__: the switches for how Module._apply (`.to()`, `.double()`, `.cuda()`, ...) and,
// with swapping, load_state_dict replace a module's parameters. PyTorch 2.3 added the swap switch;
// on an older LibTorch reading it raises the AttributeError that PyTorch of that release raises.
import { TorchError } from './errors';
import { HAS_MODULE_LOAD as HAS_SWAP_SWITCH } from './tensor_swap';
import { pyBind } from './python/binder';
import type { PyArgs } from './tensor';

let overwrite = false;
let swap = false;

function missing(name: string): never {
  throw new TorchError(`module 'torch.__future__' has no attribute '${name}'`, 'AttributeError');
}

/**
 * Whether converting a module assigns new Parameter objects instead of changing the existing ones
 * in place (`param.data = ...`). An optimizer built before then still holds the old parameters.
 */
export function set_overwrite_module_params_on_conversion(...args: PyArgs<[['value', boolean]]>): void {
  [overwrite] = pyBind<[boolean]>('set_overwrite_module_params_on_conversion', args, ['value']);
}
/** The overwrite switch, false by default. */
export function get_overwrite_module_params_on_conversion(): boolean { return overwrite; }

/**
 * PyTorch 2.3+: whether converting a module, and load_state_dict, swap each parameter's contents
 * into the existing object with torch.utils.swap_tensors. Takes precedence over the overwrite switch.
 */
export function set_swap_module_params_on_conversion(...args: PyArgs<[['value', boolean]]>): void {
  if (!HAS_SWAP_SWITCH) missing('set_swap_module_params_on_conversion');
  [swap] = pyBind<[boolean]>('set_swap_module_params_on_conversion', args, ['value']);
}
/** PyTorch 2.3+: the swap switch, false by default. */
export function get_swap_module_params_on_conversion(): boolean {
  if (!HAS_SWAP_SWITCH) missing('get_swap_module_params_on_conversion');
  return swap;
}
