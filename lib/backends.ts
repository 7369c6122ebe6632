// torch.backends and torch.accelerator: the device checks ported code makes before picking a
// device (`'cuda' if torch.cuda.is_available() else 'mps' if torch.backends.mps.is_available() else 'cpu'`).
import { cuda } from './cuda';
import { device } from './device';
import { native, CudnnFlag } from './native';
import { mha } from './backends_mha';
import { forRelease } from './release';

const cudnnFlag = (name: CudnnFlag) => ({
  get: (): boolean => native.cudnnGetFlag(name),
  set: (value: boolean): void => native.cudnnSetFlag(name, !!value),
  enumerable: true,
});

/**
 * torch.backends.cudnn: `torch.backends.cudnn.benchmark = true` and the other switches read and
 * write LibTorch's global context, as PyTorch's do (they exist, and are ignored, without cuDNN).
 */
const cudnn = Object.defineProperties({
  /** Whether this LibTorch was built with cuDNN. */
  is_available: (): boolean => native.cudnnIsAvailable(),
  /** cuDNN's version as one integer (e.g. 90100), or null without cuDNN. */
  version: (): number | null => native.cudnnVersion(),
}, {
  enabled: cudnnFlag('enabled'),
  benchmark: cudnnFlag('benchmark'),
  deterministic: cudnnFlag('deterministic'),
  allow_tf32: cudnnFlag('allow_tf32'),
}) as { is_available(): boolean; version(): number | null; enabled: boolean; benchmark: boolean; deterministic: boolean; allow_tf32: boolean };

export const backends = {
  cudnn,
  /** torch.backends.cuda.is_built(): whether this LibTorch has CUDA support. */
  cuda: { is_built: (): boolean => native.cudaIsBuilt() },
  /** Apple's Metal backend: LibTorch for Linux and Windows has none. */
  mps: {
    is_available: (): boolean => false,
    is_built: (): boolean => false,
  },
  /** torch.backends.mha (PyTorch 2.3): get_fastpath_enabled / set_fastpath_enabled; undefined on older LibTorch. */
  ...forRelease([['1.13', {}], ['2.3', { mha }]]) as { mha: typeof mha },
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
