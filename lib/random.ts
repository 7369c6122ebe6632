// Global random state: the same generator PyTorch seeds, so equal seeds give equal streams.
import { native } from './native';

function checkSeed(seed: number): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new TypeError(`Expected integer for seed but received ${String(seed)} of type ${typeof seed}`);
  return seed;
}

/** torch.manual_seed(seed): seeds the CPU generator and every CUDA device. */
export function manual_seed(seed: number): void { native.manualSeed(checkSeed(seed)); }
export const seed = manual_seed;
export function initial_seed(): number { return native.initialSeed(); }
