// Global random state: the same generator PyTorch seeds, so equal seeds give equal streams.
import { native } from './native';
import { Tensor } from './tensor';

function checkSeed(seed: number): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new TypeError(`Expected integer for seed but received ${String(seed)} of type ${typeof seed}`);
  return seed;
}

/** torch.manual_seed(seed): seeds the CPU generator and every CUDA device. */
export function manual_seed(seed: number): void { native.manualSeed(checkSeed(seed)); }
export const seed = manual_seed;
export function initial_seed(): number { return native.initialSeed(); }

/** torch.get_rng_state(): the CPU generator's state as a uint8 tensor (PyTorch's layout, so it round-trips through torch.save). */
export function get_rng_state(): Tensor { return native.getRngState(); }

/** torch.set_rng_state(new_state): restores a state from get_rng_state(); later draws repeat the saved stream. */
export function set_rng_state(new_state: Tensor): void {
  if (!(new_state instanceof Tensor)) throw new TypeError(`Expected Tensor for new_state but received ${String(new_state)} of type ${typeof new_state}`);
  native.setRngState(new_state);
}
