// torch.backends and torch.accelerator: the device checks ported code makes before picking a
// device (`'cuda' if torch.cuda.is_available() else 'mps' if torch.backends.mps.is_available() else 'cpu'`).
import { cuda } from './cuda';
import { device } from './device';

export const backends = {
  /** Apple's Metal backend: LibTorch for Linux and Windows has none. */
  mps: {
    is_available: (): boolean => false,
    is_built: (): boolean => false,
  },
};

/**
 * torch.accelerator (PyTorch 2.6): the one accelerator this build can use, CUDA here.
 * `current_accelerator()` is `device(type='cuda')` when a GPU is available, else null.
 */
export const accelerator = {
  is_available: (): boolean => cuda.is_available(),
  current_accelerator: (): device | null => (cuda.is_available() ? new device('cuda') : null),
  device_count: (): number => (cuda.is_available() ? cuda.device_count() : 0),
  synchronize: (d?: number | string | device): void => { if (cuda.is_available()) cuda.synchronize(d instanceof device ? d.index ?? 0 : d); },
};
